-- 0010_fts_at_commit: documents are added to the full-text index once per transaction
-- instead of by a trigger per document row. A statement that writes a virtual table
-- opens a statement savepoint, and FTS5 answers a savepoint by flushing its pending
-- terms to disk: the trigger wrote one tiny index segment per document and merged
-- them over and over (8–12 % of all ingest CPU). Now `Tx::commit` indexes every
-- document the transaction stored with one `INSERT … SELECT`, so the terms of a whole
-- batch are collected in memory and written as a few large segments. The index holds
-- the same words, so search answers are the same. Every writer goes through `Tx`
-- (the CLI and the server's POST ingest); an older build refuses this schema version.
-- Delete and update triggers stay: they remove old words before the row changes.
-- Released migrations are never edited.

DROP TRIGGER documents_fts_insert;
