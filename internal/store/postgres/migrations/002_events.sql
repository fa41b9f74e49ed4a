-- The identity of events: one row per (origin, origin_id). A unique
-- constraint on the partitioned events table would have to include its
-- partition key (date), so the identity lives here, with what PutEvents
-- needs to decide between adding, replacing and leaving alone: the ID, the
-- date (to find the row's partition), the row hash and the revision time.
CREATE SEQUENCE events_id_seq;
CREATE TABLE event_keys (
    origin    TEXT   NOT NULL,
    origin_id TEXT   NOT NULL,
    id        BIGINT NOT NULL DEFAULT nextval('events_id_seq') UNIQUE,
    date      DATE   NOT NULL,
    doc_id    BIGINT,               -- the document a coded event came from
    updated   TIMESTAMPTZ,          -- the dataset's revision time
    row_hash  TEXT   NOT NULL,      -- of the event but its ID: equal means unchanged
    PRIMARY KEY (origin, origin_id)
);
ALTER SEQUENCE events_id_seq OWNED BY event_keys.id;
CREATE INDEX event_keys_doc ON event_keys (doc_id) WHERE doc_id IS NOT NULL;

-- Events: coded by georisk or imported from datasets, partitioned by month
-- of the event date. Partitions (events_y2023m07…) are created on demand by
-- the writers; events_default catches dates outside years 1–9999.
CREATE TABLE events (
    id            BIGINT  NOT NULL,
    origin        TEXT    NOT NULL,
    origin_id     TEXT    NOT NULL,
    date          DATE    NOT NULL,
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
    goldstein     DOUBLE PRECISION NOT NULL DEFAULT 0,
    quad          INTEGER NOT NULL DEFAULT 0,
    loc_name      TEXT    NOT NULL DEFAULT '',
    loc_country   TEXT    NOT NULL DEFAULT '',
    loc_adm1      TEXT    NOT NULL DEFAULT '',
    lat           DOUBLE PRECISION,           -- NULL when the event has no coordinates
    lon           DOUBLE PRECISION,
    loc_precision TEXT    NOT NULL DEFAULT '',
    url           TEXT    NOT NULL DEFAULT '',
    mentions      INTEGER NOT NULL DEFAULT 0,
    sources       INTEGER NOT NULL DEFAULT 0,
    articles      INTEGER NOT NULL DEFAULT 0,
    fatalities    INTEGER NOT NULL DEFAULT 0,
    tone          DOUBLE PRECISION NOT NULL DEFAULT 0,
    doc_id        BIGINT,
    updated       TIMESTAMPTZ,
    attrs         JSONB   NOT NULL DEFAULT '{}', -- dataset fields without a column
    -- Evidence of coded events: where in the document, and why.
    sent_start    INTEGER NOT NULL DEFAULT 0,
    sent_end      INTEGER NOT NULL DEFAULT 0,
    trigger       TEXT    NOT NULL DEFAULT '',
    src_text      TEXT    NOT NULL DEFAULT '',
    tgt_text      TEXT    NOT NULL DEFAULT '',
    pattern       TEXT    NOT NULL DEFAULT '',
    confidence    DOUBLE PRECISION NOT NULL DEFAULT 0,
    date_source   TEXT    NOT NULL DEFAULT '',
    date_text     TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (date, id)
) PARTITION BY RANGE (date);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_dyad ON events (src_country, tgt_country, date);
CREATE INDEX events_tgt ON events (tgt_country, date);
CREATE INDEX events_code ON events (code);
CREATE INDEX events_doc ON events (doc_id) WHERE doc_id IS NOT NULL;

-- Articles that report an event (GDELT mentions).
CREATE TABLE mentions (
    origin      TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,              -- the event's origin_id
    url         TEXT    NOT NULL,
    time        TIMESTAMPTZ,
    source_name TEXT    NOT NULL DEFAULT '',
    type        INTEGER NOT NULL DEFAULT 0,
    confidence  INTEGER NOT NULL DEFAULT 0,
    tone        DOUBLE PRECISION NOT NULL DEFAULT 0,
    doc_len     INTEGER NOT NULL DEFAULT 0,
    char_offset INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (origin, event_id, url)
);
CREATE INDEX mentions_url ON mentions (url);

-- What a knowledge graph says about an article (GDELT GKG), by URL.
CREATE TABLE article_meta (
    origin        TEXT  NOT NULL,
    record_id     TEXT  NOT NULL,
    date          TIMESTAMPTZ,
    url           TEXT  NOT NULL DEFAULT '',
    source_name   TEXT  NOT NULL DEFAULT '',
    themes        JSONB NOT NULL DEFAULT '[]',
    persons       JSONB NOT NULL DEFAULT '[]',
    organizations JSONB NOT NULL DEFAULT '[]',
    locations     JSONB NOT NULL DEFAULT '[]',
    tone          DOUBLE PRECISION NOT NULL DEFAULT 0,
    attrs         JSONB NOT NULL DEFAULT '{}',
    PRIMARY KEY (origin, record_id)
);
CREATE INDEX article_meta_url ON article_meta (url);

-- Dataset files already imported (live GDELT polling skips them).
CREATE TABLE imported_files (
    name        TEXT PRIMARY KEY,
    rows        INTEGER NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);
