-- Documents: one row per stored article, copies included. PutDocs draws
-- IDs from documents_id_seq under its advisory lock, so IDs grow in the
-- order documents are stored.
CREATE SEQUENCE documents_id_seq;
CREATE TABLE documents (
    id          BIGINT PRIMARY KEY DEFAULT nextval('documents_id_seq'),
    key         TEXT   NOT NULL UNIQUE,
    url         TEXT   NOT NULL DEFAULT '',
    source_id   TEXT   NOT NULL DEFAULT '',
    source      TEXT   NOT NULL DEFAULT '',
    input       TEXT   NOT NULL DEFAULT '',
    format      TEXT   NOT NULL DEFAULT '',
    title       TEXT   NOT NULL DEFAULT '',
    author      TEXT   NOT NULL DEFAULT '',
    site        TEXT   NOT NULL DEFAULT '',
    lang        TEXT   NOT NULL DEFAULT '',
    published   TIMESTAMPTZ,          -- NULL when unknown
    ingested_at TIMESTAMPTZ NOT NULL,
    body        TEXT   NOT NULL,
    text_hash   TEXT   NOT NULL,
    minhash     BYTEA,                -- 32 little-endian uint32, NULL for short bodies
    story_id    BIGINT NOT NULL,
    copy_of     BIGINT,               -- the document this one copies, NULL for originals
    -- Full-text index over titles (weight A) and bodies (weight B).
    tsv         TSVECTOR GENERATED ALWAYS AS (
                    setweight(to_tsvector('english'::regconfig, title), 'A') ||
                    setweight(to_tsvector('english'::regconfig, body), 'B')) STORED
);
ALTER SEQUENCE documents_id_seq OWNED BY documents.id;
CREATE INDEX documents_text_hash ON documents (text_hash);
CREATE INDEX documents_story ON documents (story_id);
CREATE INDEX documents_published ON documents (published DESC NULLS LAST, id DESC);
CREATE INDEX documents_source ON documents (source);
CREATE INDEX documents_tsv ON documents USING GIN (tsv);

-- The raw input each document was extracted from, gzip-compressed (so
-- PostgreSQL need not try to compress it again).
CREATE TABLE raw (
    doc_id     BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    media_type TEXT  NOT NULL,
    data       BYTEA NOT NULL
);
ALTER TABLE raw ALTER COLUMN data SET STORAGE EXTERNAL;

-- LSH band keys of the MinHash signatures: documents sharing a key are
-- candidate near copies. Only PutDocs writes it, in the transaction that
-- stores the documents, so it has no foreign key: checking one for each of
-- the 8 rows of a document cost 8% of BenchmarkPutDocs.
CREATE TABLE doc_bands (
    band   BIGINT NOT NULL,
    doc_id BIGINT NOT NULL,
    PRIMARY KEY (band, doc_id)
);

-- HTTP validators of polled feeds, for conditional GET.
CREATE TABLE feed_validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMPTZ NOT NULL
);
