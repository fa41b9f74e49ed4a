-- Direct quotations with their speakers.
CREATE TABLE quotes (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id          BIGINT  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    speaker_code    TEXT    NOT NULL DEFAULT '',
    speaker_country TEXT    NOT NULL DEFAULT '',
    speaker_name    TEXT    NOT NULL DEFAULT '',
    speaker_text    TEXT    NOT NULL DEFAULT '',
    text            TEXT    NOT NULL,
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    sent_start      INTEGER NOT NULL,
    sent_end        INTEGER NOT NULL,
    date            DATE
);
CREATE INDEX quotes_doc ON quotes (doc_id);
CREATE INDEX quotes_speaker ON quotes (speaker_code);

-- Estimative judgments found in documents.
CREATE TABLE judgments (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id     BIGINT  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    author     TEXT    NOT NULL DEFAULT '',
    term       TEXT    NOT NULL,
    band       TEXT    NOT NULL DEFAULT '',
    low        INTEGER NOT NULL DEFAULT 0,
    high       INTEGER NOT NULL DEFAULT 0,
    subject    TEXT    NOT NULL DEFAULT '',
    claim      TEXT    NOT NULL DEFAULT '',
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    date       DATE
);
CREATE INDEX judgments_doc ON judgments (doc_id);

-- Which coder version last coded each document, so recode can skip or redo.
CREATE TABLE coded_docs (
    doc_id   BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    version  TEXT NOT NULL,
    coded_at TIMESTAMPTZ NOT NULL
);
