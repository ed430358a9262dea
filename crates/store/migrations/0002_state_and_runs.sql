-- 0002: small JSON state blobs and the ingest log.
-- Released migrations are never edited: change the schema by adding a new file.

-- Named JSON blobs for stages that keep state between ingests (e.g. the story clusterer).
CREATE TABLE state (
    key  TEXT PRIMARY KEY NOT NULL,
    json TEXT NOT NULL CHECK (json_valid(json))
) WITHOUT ROWID;

-- One row per ingest run. `started` is written by the caller (the store never reads the
-- clock). `skipped` is a JSON array of {source, code, message}.
CREATE TABLE ingest_runs (
    run             INTEGER PRIMARY KEY AUTOINCREMENT,
    started         TEXT    NOT NULL,
    files           INTEGER NOT NULL CHECK (files >= 0),
    ingested        INTEGER NOT NULL CHECK (ingested >= 0),
    already_present INTEGER NOT NULL CHECK (already_present >= 0),
    duplicates      INTEGER NOT NULL CHECK (duplicates >= 0),
    skipped         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(skipped))
);
