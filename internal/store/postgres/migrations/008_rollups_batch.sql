-- The daily rollups are no longer kept by statement triggers: their
-- transition tables of whole events rows made a bulk import about a third
-- slower. Each write transaction now gathers its changes by cell and
-- applies one upsert of all touched cells before it commits (see
-- rollup_delta.go), in the same transaction as the events.
DROP TRIGGER IF EXISTS events_rollup_insert ON events;
DROP TRIGGER IF EXISTS events_rollup_delete ON events;
DROP TRIGGER IF EXISTS events_rollup_update ON events;
DROP FUNCTION IF EXISTS events_rollup_insert();
DROP FUNCTION IF EXISTS events_rollup_delete();
DROP FUNCTION IF EXISTS events_rollup_update();
