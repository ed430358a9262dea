-- 0003_actors: entity mentions and role facts found in documents (issue: actors).
-- Released migrations are never edited; add a new one.
--
-- Entities themselves live in the entity registry's state blob (state key
-- "entity-registry"): mentions and roles point at its ids ("e-ukr", "e-keith-kellogg").

CREATE TABLE mentions (
    doc        TEXT    NOT NULL REFERENCES documents(id),
    start      INTEGER NOT NULL CHECK (start >= 0),
    "end"      INTEGER NOT NULL CHECK ("end" >= start),
    entity     TEXT    NOT NULL,
    surface    TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    confidence REAL    NOT NULL,
    PRIMARY KEY (doc, start, entity)
) WITHOUT ROWID;

CREATE INDEX mentions_by_entity ON mentions (entity);

CREATE TABLE roles (
    doc    TEXT    NOT NULL REFERENCES documents(id),
    start  INTEGER NOT NULL CHECK (start >= 0),
    "end"  INTEGER NOT NULL CHECK ("end" >= start),
    entity TEXT    NOT NULL,
    role   TEXT    NOT NULL,
    party  TEXT,
    PRIMARY KEY (doc, start, entity, role)
) WITHOUT ROWID;

CREATE INDEX roles_by_entity ON roles (entity);
