-- 0001: documents, their sentences and their LSH band keys.
-- Released migrations are never edited: change the schema by adding a new file.

-- One row per cleaned document. `seq` is the ingest order (AUTOINCREMENT: never reused,
-- so the order stays monotonic even if rows are deleted later). `id` is the content-hash
-- id (`d-` + 16 hex digits) every other table refers to.
CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT    NOT NULL UNIQUE,
    source       TEXT    NOT NULL,
    format       TEXT    NOT NULL CHECK (format IN ('text', 'html', 'jsonl')),
    title        TEXT    NOT NULL,
    published    TEXT,
    author       TEXT,
    url          TEXT,
    outlet       TEXT,
    language     TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    -- JSON array of strings: boilerplate lines taken out, in document order.
    removed      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(removed)),
    duplicate_of TEXT    REFERENCES documents (id),
    -- JSON array of {start, end, of_start, of_end} (byte offsets into `text`).
    repeats      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(repeats)),
    story        TEXT,
    -- JSON array of {severity, code, message}.
    diagnostics  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(diagnostics)),
    -- Dedup bookkeeping: the exact-duplicate key and the MinHash signature
    -- (little-endian u32 values, 4 bytes each).
    exact_key    TEXT    NOT NULL,
    signature    BLOB    NOT NULL
);

CREATE INDEX documents_exact_key ON documents (exact_key);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX documents_story ON documents (story) WHERE story IS NOT NULL;

-- Sentences in their own table because later stages (mentions, claims) join on them.
-- `start`/`end` are byte offsets into documents.text, `idx` the sentence number.
CREATE TABLE sentences (
    doc       TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL CHECK (idx >= 0),
    start     INTEGER NOT NULL CHECK (start >= 0),
    "end"     INTEGER NOT NULL CHECK ("end" >= start),
    paragraph INTEGER NOT NULL CHECK (paragraph >= 0),
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

-- MinHash LSH band keys (u64 stored bit-for-bit as a signed INTEGER). The primary key
-- starts with band_key, so candidate lookup is an index search, not a scan.
CREATE TABLE lsh_bands (
    band_key INTEGER NOT NULL,
    doc      TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, doc)
) WITHOUT ROWID;
