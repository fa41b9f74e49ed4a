-- Indexes for the web API's listing of a rare actor's or dyad's events
-- (ListEventsIndexed): each term of its condition in disjunctive normal
-- form (a side matched by country or by a code prefix, as a range of the
-- lower-cased code) seeks one of them. They are expression indexes on
-- purpose: SQLite's LIKE optimization cannot use them, so ListEvents keeps
-- its plan (walking the date index, fast when matches are common).
CREATE INDEX IF NOT EXISTS events_src_code_lower ON events (lower(src_code), lower(tgt_code));
CREATE INDEX IF NOT EXISTS events_tgt_code_lower ON events (lower(tgt_code));
CREATE INDEX IF NOT EXISTS events_src_country_tgt_code ON events (src_country, lower(tgt_code));
CREATE INDEX IF NOT EXISTS events_tgt_country_src_code ON events (tgt_country, lower(src_code));
