-- 0008_bands_without_fk: LSH band rows lose their foreign key to documents(seq).
-- A transaction now writes its band rows in key order at commit (see src/bands.rs), so
-- consecutive rows name documents in random order, and the foreign-key check of each
-- row was a random seek into the documents table: at 20 000 documents that check cost
-- more than the insert itself. Band rows are derived data (recomputable from the stored
-- signatures) written only together with their document; `Store::check_integrity`
-- still reports band rows whose document is missing. Nothing deletes documents yet;
-- the migration that adds deletion deletes band rows explicitly and adds an index on
-- `seq`. Released migrations are never edited.

CREATE TABLE lsh_bands_no_fk (
    band_key INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (band_key, seq)
) WITHOUT ROWID;

INSERT INTO lsh_bands_no_fk (band_key, seq) SELECT band_key, seq FROM lsh_bands;

DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_no_fk RENAME TO lsh_bands;
