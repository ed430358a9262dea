-- 0009_documents_fts: full-text search over documents (issue: serve). An FTS5 index
-- with external content: the words of `title` and `text` are indexed, the text itself
-- stays only in `documents` (no second copy). The rowid is the document's `seq`.
-- Tokenizer `unicode61 remove_diacritics 2`: case- and accent-insensitive words
-- ("Araghchi" finds "Araghchí"), the same folding for every script.
-- Triggers keep the index in step with `documents`, so every writer (the CLI, the server,
-- an older build that knows nothing of FTS) updates it inside its own transaction.
-- The `rebuild` fills the index for documents stored before this migration.
-- Released migrations are never edited.

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title,
    text,
    content = 'documents',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
