-- The rollups' secondary indexes carry the cell counts, so that reading the
-- cells of a range of days (a window of watches) or of a target is answered
-- from the index alone: without n and goldstein every index entry cost a
-- lookup in the table, at random, 2.5 s for the 250,000 cells of a 90-day
-- window of 10 M events. (The primary key columns are in every index of a
-- WITHOUT ROWID table.)
DROP INDEX IF EXISTS event_rollups_tgt;
DROP INDEX IF EXISTS event_rollups_day;
CREATE INDEX event_rollups_tgt ON event_rollups (tgt_code, day, n, goldstein);
CREATE INDEX event_rollups_day ON event_rollups (day, n, goldstein);
