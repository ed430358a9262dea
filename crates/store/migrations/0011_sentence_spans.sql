-- 0011_sentence_spans: a document's sentences are one BLOB column of its own row instead
-- of ~36 rows of the `sentences` table. Nothing selects single sentences: they are read
-- with their document (and cut from its text), and counted for the stats. One b-tree
-- insert per sentence (plus its foreign-key check) was the second largest share of the
-- linking thread's SQLite work; the column costs nothing extra, as the document row is
-- written anyway. Layout: 12 bytes per sentence in sentence order, three little-endian
-- u32 values `start`, `end` (byte offsets into `text`, half-open) and `paragraph`, like
-- the signature readable from any language without a parser. Stores from before this
-- migration are converted here; the bytes are built with printf/unhex, lowest byte first.
-- Released migrations are never edited.

ALTER TABLE documents ADD COLUMN sentence_spans BLOB NOT NULL DEFAULT x''
    CHECK (typeof(sentence_spans) = 'blob' AND length(sentence_spans) % 12 = 0);

UPDATE documents SET sentence_spans = coalesce((
    SELECT unhex(group_concat(printf(
        '%02X%02X%02X%02X%02X%02X%02X%02X%02X%02X%02X%02X',
        s.start & 255, (s.start >> 8) & 255, (s.start >> 16) & 255, (s.start >> 24) & 255,
        s."end" & 255, (s."end" >> 8) & 255, (s."end" >> 16) & 255, (s."end" >> 24) & 255,
        s.paragraph & 255, (s.paragraph >> 8) & 255, (s.paragraph >> 16) & 255,
        (s.paragraph >> 24) & 255), '' ORDER BY s.idx))
    FROM sentences AS s WHERE s.seq = documents.seq), x'');

DROP TABLE sentences;
