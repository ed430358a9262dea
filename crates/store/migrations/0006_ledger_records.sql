-- 0006_ledger_records: claims, meeting reports and facts found in documents (issue:
-- claims). Rows point at their document by the integer `seq`; `ord` is the record's
-- position in the document's output. The indexed columns are those the views filter on;
-- `record` holds the whole record as JSON (the stage's value type), so adding a field to
-- a record needs no migration. Released migrations are never edited.

CREATE TABLE claims (
    seq    INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord    INTEGER NOT NULL CHECK (ord >= 0),
    id     TEXT    NOT NULL,
    party  TEXT    NOT NULL,
    act    TEXT    NOT NULL,
    topic  TEXT,
    record TEXT    NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (seq, ord)
) WITHOUT ROWID;

CREATE INDEX claims_by_party_topic ON claims (party, topic);

CREATE TABLE meetings (
    seq    INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord    INTEGER NOT NULL CHECK (ord >= 0),
    record TEXT    NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (seq, ord)
) WITHOUT ROWID;

CREATE TABLE facts (
    seq       INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord       INTEGER NOT NULL CHECK (ord >= 0),
    subject   TEXT    NOT NULL,
    attribute TEXT    NOT NULL,
    record    TEXT    NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (seq, ord)
) WITHOUT ROWID;
