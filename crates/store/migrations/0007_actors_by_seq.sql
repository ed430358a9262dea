-- 0007_actors_by_seq: mention and role rows point at their document by the integer `seq`
-- (as band rows do since 0004 and sentence rows since 0005) instead of the text id.
-- A document has ~55 mentions: each insert searched the primary key with an 18-byte
-- text compare per level and checked the foreign key through the text index of
-- documents(id); with `seq` leading the key, rows of one document append at the end of
-- the b-tree and the foreign key is a rowid seek. Reads join documents on `seq`.
-- Released migrations are never edited.

CREATE TABLE mentions_by_seq (
    seq        INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    start      INTEGER NOT NULL CHECK (start >= 0),
    "end"      INTEGER NOT NULL CHECK ("end" >= start),
    entity     TEXT    NOT NULL,
    surface    TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    confidence REAL    NOT NULL,
    PRIMARY KEY (seq, start, entity)
) WITHOUT ROWID;

INSERT INTO mentions_by_seq (seq, start, "end", entity, surface, source, confidence)
    SELECT d.seq, m.start, m."end", m.entity, m.surface, m.source, m.confidence
    FROM mentions AS m JOIN documents AS d ON d.id = m.doc;

DROP TABLE mentions;
ALTER TABLE mentions_by_seq RENAME TO mentions;
CREATE INDEX mentions_by_entity ON mentions (entity);

CREATE TABLE roles_by_seq (
    seq    INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    start  INTEGER NOT NULL CHECK (start >= 0),
    "end"  INTEGER NOT NULL CHECK ("end" >= start),
    entity TEXT    NOT NULL,
    role   TEXT    NOT NULL,
    party  TEXT,
    PRIMARY KEY (seq, start, entity, role)
) WITHOUT ROWID;

INSERT INTO roles_by_seq (seq, start, "end", entity, role, party)
    SELECT d.seq, r.start, r."end", r.entity, r.role, r.party
    FROM roles AS r JOIN documents AS d ON d.id = r.doc;

DROP TABLE roles;
ALTER TABLE roles_by_seq RENAME TO roles;
CREATE INDEX roles_by_entity ON roles (entity);
