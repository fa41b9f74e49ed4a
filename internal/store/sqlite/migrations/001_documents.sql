-- Documents: one row per stored article, copies included.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    url         TEXT    NOT NULL DEFAULT '',
    source_id   TEXT    NOT NULL DEFAULT '',
    source      TEXT    NOT NULL DEFAULT '',
    input       TEXT    NOT NULL DEFAULT '',
    format      TEXT    NOT NULL DEFAULT '',
    title       TEXT    NOT NULL DEFAULT '',
    author      TEXT    NOT NULL DEFAULT '',
    site        TEXT    NOT NULL DEFAULT '',
    lang        TEXT    NOT NULL DEFAULT '',
    published   TEXT,            -- RFC 3339 UTC, NULL when unknown
    ingested_at TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    text_hash   TEXT    NOT NULL,
    minhash     BLOB,            -- 32 little-endian uint32, NULL for short bodies
    story_id    INTEGER NOT NULL,
    copy_of     INTEGER          -- the document this one copies, NULL for originals
);
CREATE INDEX documents_text_hash ON documents (text_hash);
CREATE INDEX documents_story ON documents (story_id);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_source ON documents (source);

-- The raw input each document was extracted from, gzip-compressed.
CREATE TABLE raw (
    doc_id     INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    data       BLOB NOT NULL
);

-- LSH band keys of the MinHash signatures: documents sharing a key are
-- candidate near copies.
CREATE TABLE doc_bands (
    band   INTEGER NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, doc_id)
) WITHOUT ROWID;

-- Full-text index over titles and bodies.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, body,
    content = 'documents', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- HTTP validators of polled feeds, for conditional GET.
CREATE TABLE feed_validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL
);
