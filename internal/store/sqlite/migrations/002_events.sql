-- Events: coded by georisk or imported from datasets, one row per
-- (origin, origin_id).
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    origin        TEXT    NOT NULL,
    origin_id     TEXT    NOT NULL,
    date          TEXT    NOT NULL,           -- YYYY-MM-DD
    src_code      TEXT    NOT NULL DEFAULT '',
    src_country   TEXT    NOT NULL DEFAULT '',
    src_name      TEXT    NOT NULL DEFAULT '',
    src_raw       TEXT    NOT NULL DEFAULT '',
    src_sectors   TEXT    NOT NULL DEFAULT '',
    tgt_code      TEXT    NOT NULL DEFAULT '',
    tgt_country   TEXT    NOT NULL DEFAULT '',
    tgt_name      TEXT    NOT NULL DEFAULT '',
    tgt_raw       TEXT    NOT NULL DEFAULT '',
    tgt_sectors   TEXT    NOT NULL DEFAULT '',
    code          TEXT    NOT NULL DEFAULT '',
    root          TEXT    NOT NULL DEFAULT '',
    plover        TEXT    NOT NULL DEFAULT '',
    plover_mode   TEXT    NOT NULL DEFAULT '',
    goldstein     REAL    NOT NULL DEFAULT 0,
    quad          INTEGER NOT NULL DEFAULT 0,
    loc_name      TEXT    NOT NULL DEFAULT '',
    loc_country   TEXT    NOT NULL DEFAULT '',
    loc_adm1      TEXT    NOT NULL DEFAULT '',
    lat           REAL,                        -- NULL when the event has no coordinates
    lon           REAL,
    loc_precision TEXT    NOT NULL DEFAULT '',
    url           TEXT    NOT NULL DEFAULT '',
    mentions      INTEGER NOT NULL DEFAULT 0,
    sources       INTEGER NOT NULL DEFAULT 0,
    articles      INTEGER NOT NULL DEFAULT 0,
    fatalities    INTEGER NOT NULL DEFAULT 0,
    tone          REAL    NOT NULL DEFAULT 0,
    doc_id        INTEGER,                     -- the document a coded event came from
    updated       TEXT,                        -- the dataset's revision time, RFC 3339
    attrs         TEXT    NOT NULL DEFAULT '{}', -- JSON object of dataset fields
    row_hash      TEXT    NOT NULL,            -- of everything above but id: equal means unchanged
    UNIQUE (origin, origin_id)
);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_dyad ON events (src_country, tgt_country, date);
CREATE INDEX events_tgt ON events (tgt_country, date);
CREATE INDEX events_code ON events (code);
CREATE INDEX events_doc ON events (doc_id) WHERE doc_id IS NOT NULL;

-- Articles that report an event (GDELT mentions).
CREATE TABLE mentions (
    origin      TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,              -- the event's origin_id
    url         TEXT    NOT NULL,
    time        TEXT,
    source_name TEXT    NOT NULL DEFAULT '',
    type        INTEGER NOT NULL DEFAULT 0,
    confidence  INTEGER NOT NULL DEFAULT 0,
    tone        REAL    NOT NULL DEFAULT 0,
    doc_len     INTEGER NOT NULL DEFAULT 0,
    char_offset INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (origin, event_id, url)
) WITHOUT ROWID;
CREATE INDEX mentions_url ON mentions (url);

-- What a knowledge graph says about an article (GDELT GKG), by URL.
CREATE TABLE article_meta (
    origin        TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    date          TEXT,
    url           TEXT NOT NULL DEFAULT '',
    source_name   TEXT NOT NULL DEFAULT '',
    themes        TEXT NOT NULL DEFAULT '[]',  -- JSON arrays
    persons       TEXT NOT NULL DEFAULT '[]',
    organizations TEXT NOT NULL DEFAULT '[]',
    locations     TEXT NOT NULL DEFAULT '[]',
    tone          REAL NOT NULL DEFAULT 0,
    attrs         TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (origin, record_id)
);
CREATE INDEX article_meta_url ON article_meta (url);

-- Dataset files already imported (live GDELT polling skips them).
CREATE TABLE imported_files (
    name        TEXT PRIMARY KEY,
    rows        INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
