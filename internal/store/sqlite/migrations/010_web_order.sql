-- Indexes that give each term of an actor's or a dyad's condition in
-- (date DESC, id DESC) order (the rowid is every index's last column), so
-- that ListEventsIndexed reads only the first offset+limit rows of each
-- term and merges them: a source country (events_tgt and events_dyad of
-- 002 serve the target country and the country pair), and a side's
-- lower-cased code with its country, which also lists the distinct
-- (code, country) pairs under a code prefix by seeks. They replace the
-- unordered indexes of 007.
DROP INDEX IF EXISTS events_src_code_lower;
DROP INDEX IF EXISTS events_tgt_code_lower;
DROP INDEX IF EXISTS events_src_country_tgt_code;
DROP INDEX IF EXISTS events_tgt_country_src_code;
CREATE INDEX IF NOT EXISTS events_src ON events (src_country, date);
CREATE INDEX IF NOT EXISTS events_src_code_country ON events (lower(src_code), src_country, date);
CREATE INDEX IF NOT EXISTS events_tgt_code_country ON events (lower(tgt_code), tgt_country, date);
