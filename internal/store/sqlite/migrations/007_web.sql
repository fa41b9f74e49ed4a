-- Indexes on the lower-cased actor codes, for the web API's listing of a
-- rare actor's or dyad's events (ListEventsIndexed, which asks for ranges
-- of lower(src_code)). They are expression indexes on purpose: SQLite's
-- LIKE optimization cannot use them, so ListEvents keeps its plan (walking
-- the date index, fast when matches are common).
CREATE INDEX IF NOT EXISTS events_src_code_lower ON events (lower(src_code));
CREATE INDEX IF NOT EXISTS events_tgt_code_lower ON events (lower(tgt_code));
