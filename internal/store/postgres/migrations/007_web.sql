-- Newest-first event listings (the web API's default order) read each
-- monthly partition's index and merge them instead of sorting the rows.
CREATE INDEX IF NOT EXISTS events_date_id ON events (date DESC, id DESC);
