-- The daily rollups are no longer kept by row triggers (two upserts per
-- event on a table with three indexes doubled the cost of an import): each
-- write transaction gathers its changes by cell in Go and applies one upsert
-- per touched cell before it commits (see rollup_delta.go), so the rollups
-- stay exact in the same transaction as the events.
DROP TRIGGER IF EXISTS events_rollup_insert;
DROP TRIGGER IF EXISTS events_rollup_delete;
DROP TRIGGER IF EXISTS events_rollup_update;
