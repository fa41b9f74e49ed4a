-- Restricted-party lists: one row per loaded list (for audit), its entries,
-- and the screening hits of documents.
CREATE TABLE IF NOT EXISTS lists (
    name     TEXT PRIMARY KEY,
    format   TEXT NOT NULL,
    version  TEXT NOT NULL DEFAULT '',
    source   TEXT NOT NULL DEFAULT '',
    imported TEXT NOT NULL,
    entries  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS list_entries (
    list     TEXT NOT NULL REFERENCES lists (name) ON DELETE CASCADE,
    entry_id TEXT NOT NULL,
    type     TEXT NOT NULL DEFAULT '',
    name     TEXT NOT NULL,
    data     TEXT NOT NULL, -- JSON: aliases, weak aliases, countries, dates of birth, ids, programs, source, remarks
    PRIMARY KEY (list, entry_id)
);

CREATE TABLE IF NOT EXISTS screen_hits (
    doc_id       INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    query        TEXT NOT NULL,
    list         TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    name         TEXT NOT NULL,
    matched      TEXT NOT NULL DEFAULT '',
    score        REAL NOT NULL,
    why          TEXT NOT NULL DEFAULT '[]',
    algorithm    TEXT NOT NULL DEFAULT '',
    list_version TEXT NOT NULL DEFAULT '',
    screened_at  TEXT NOT NULL,
    PRIMARY KEY (doc_id, query, list, entry_id)
);
