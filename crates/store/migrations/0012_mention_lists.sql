-- 0012_mention_lists: a document's mentions are one JSON row of `mention_lists` instead
-- of ~57 rows of `mentions`, each of which was a b-tree insert, a foreign-key check and
-- an insert into the text index `mentions_by_entity`: the largest share of the linking
-- thread's SQLite work. Mentions are only read per document (`document_mentions`) or
-- counted per entity over all documents or one story (`mention_counts`, a full scan
-- either way), so neither needs a row per mention.
-- `mentions` is a JSON array of `[start, end, entity, surface, source, confidence]`
-- sorted by (start, entity), one entry per (start, entity) (the primary key of the old
-- table). `confidence` is a JSON string holding the decimal number (17 significant
-- digits here, the shortest exact form when written by the store) because parsers of
-- JSON numbers need not round to the nearest double; a string parses back exactly.
-- Released migrations are never edited.

CREATE TABLE mention_lists (
    seq      INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    mentions TEXT    NOT NULL CHECK (json_valid(mentions))
);

INSERT INTO mention_lists (seq, mentions)
    SELECT seq, '[' || group_concat(printf('[%d,%d,%s,%s,%s,"%!.17g"]',
                  start, "end", json_quote(entity), json_quote(surface), json_quote(source),
                  confidence), ',' ORDER BY start, entity) || ']'
    FROM mentions GROUP BY seq ORDER BY seq;

DROP TABLE mentions;
