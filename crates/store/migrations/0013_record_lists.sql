-- 0013_record_lists: a document's claims, meeting reports and facts are one row of
-- `record_lists` (three JSON arrays) instead of ~17 + ~5 + ~2 rows of `claims`,
-- `meetings` and `facts`. Each old row was a b-tree insert, a foreign-key check, a
-- `json_valid` CHECK over its JSON and (claims) an entry of the `(party, topic)` index:
-- together the largest share of the linking thread's SQLite work. Records are only read
-- in ingest order, all of them (the ledger) or those of one document or story (views),
-- so a row each bought nothing; the party and topic filters of the views are applied
-- as the lists are read. The arrays hold the records as before (the JSON of the model
-- types, a cited sentence equal to the document's text at its span stored as ""), in
-- their order in the document; there is no `json_valid` CHECK: the store writes them
-- with serde_json and checks them when it reads them back.
-- `mention_lists` is rebuilt without its `json_valid` CHECK for the same reason (its
-- lists are written by the store only and parsed on every read).
-- Released migrations are never edited.

CREATE TABLE record_lists (
    seq      INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    claims   TEXT    NOT NULL,
    meetings TEXT    NOT NULL,
    facts    TEXT    NOT NULL
);

INSERT INTO record_lists (seq, claims, meetings, facts)
    SELECT s.seq,
           coalesce((SELECT '[' || group_concat(c.record, ',' ORDER BY c.ord) || ']'
                     FROM claims AS c WHERE c.seq = s.seq), '[]'),
           coalesce((SELECT '[' || group_concat(m.record, ',' ORDER BY m.ord) || ']'
                     FROM meetings AS m WHERE m.seq = s.seq), '[]'),
           coalesce((SELECT '[' || group_concat(f.record, ',' ORDER BY f.ord) || ']'
                     FROM facts AS f WHERE f.seq = s.seq), '[]')
    FROM (SELECT seq FROM claims UNION SELECT seq FROM meetings UNION SELECT seq FROM facts)
         AS s
    ORDER BY s.seq;

DROP TABLE claims;
DROP TABLE meetings;
DROP TABLE facts;

CREATE TABLE mention_lists_0013 (
    seq      INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    mentions TEXT    NOT NULL
);

INSERT INTO mention_lists_0013 (seq, mentions) SELECT seq, mentions FROM mention_lists ORDER BY seq;

DROP TABLE mention_lists;

ALTER TABLE mention_lists_0013 RENAME TO mention_lists;
