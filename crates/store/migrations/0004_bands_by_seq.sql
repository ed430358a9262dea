-- 0004_bands_by_seq: LSH band rows point at documents by their integer `seq` instead of
-- their text id. A band row shrinks from ~40 to ~16 bytes, inserts and candidate lookups
-- compare integers instead of strings, and a lookup no longer joins every bucket member
-- to `documents` through the text index. Released migrations are never edited.

CREATE TABLE lsh_bands_by_seq (
    band_key INTEGER NOT NULL,
    seq      INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    PRIMARY KEY (band_key, seq)
) WITHOUT ROWID;

INSERT INTO lsh_bands_by_seq (band_key, seq)
    SELECT b.band_key, d.seq FROM lsh_bands AS b JOIN documents AS d ON d.id = b.doc;

DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_by_seq RENAME TO lsh_bands;
