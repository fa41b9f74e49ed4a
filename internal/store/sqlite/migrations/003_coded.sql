-- Evidence of coded events: where in the document, and why.
ALTER TABLE events ADD COLUMN sent_start  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN sent_end    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN trigger     TEXT    NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN src_text    TEXT    NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN tgt_text    TEXT    NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN pattern     TEXT    NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN confidence  REAL    NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN date_source TEXT    NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN date_text   TEXT    NOT NULL DEFAULT '';

-- Direct quotations with their speakers.
CREATE TABLE quotes (
    id           INTEGER PRIMARY KEY,
    doc_id       INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    speaker_code TEXT    NOT NULL DEFAULT '',
    speaker_country TEXT NOT NULL DEFAULT '',
    speaker_name TEXT    NOT NULL DEFAULT '',
    speaker_text TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    sent_start   INTEGER NOT NULL,
    sent_end     INTEGER NOT NULL,
    date         TEXT
);
CREATE INDEX quotes_doc ON quotes (doc_id);
CREATE INDEX quotes_speaker ON quotes (speaker_code);

-- Estimative judgments found in documents.
CREATE TABLE judgments (
    id      INTEGER PRIMARY KEY,
    doc_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    author  TEXT    NOT NULL DEFAULT '',
    term    TEXT    NOT NULL,
    band    TEXT    NOT NULL DEFAULT '',
    low     INTEGER NOT NULL DEFAULT 0,
    high    INTEGER NOT NULL DEFAULT 0,
    subject TEXT    NOT NULL DEFAULT '',
    claim   TEXT    NOT NULL DEFAULT '',
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    date    TEXT
);
CREATE INDEX judgments_doc ON judgments (doc_id);

-- Which coder version last coded each document, so recode can skip or redo.
CREATE TABLE coded_docs (
    doc_id   INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    version  TEXT NOT NULL,
    coded_at TEXT NOT NULL
);
