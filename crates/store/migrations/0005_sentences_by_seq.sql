-- 0005_sentences_by_seq: sentence rows point at their document by the integer `seq`
-- (as LSH band rows do since 0004). Every sentence insert used to search the text index
-- of documents(id) twice (the primary key and the foreign-key check); integer keys make
-- both a rowid seek. Reads select by `seq = (SELECT seq FROM documents WHERE id = ?)`.
-- Released migrations are never edited.

CREATE TABLE sentences_by_seq (
    seq       INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    idx       INTEGER NOT NULL CHECK (idx >= 0),
    start     INTEGER NOT NULL CHECK (start >= 0),
    "end"     INTEGER NOT NULL CHECK ("end" >= start),
    paragraph INTEGER NOT NULL CHECK (paragraph >= 0),
    PRIMARY KEY (seq, idx)
) WITHOUT ROWID;

INSERT INTO sentences_by_seq (seq, idx, start, "end", paragraph)
    SELECT d.seq, s.idx, s.start, s."end", s.paragraph
    FROM sentences AS s JOIN documents AS d ON d.id = s.doc;

DROP TABLE sentences;
ALTER TABLE sentences_by_seq RENAME TO sentences;
