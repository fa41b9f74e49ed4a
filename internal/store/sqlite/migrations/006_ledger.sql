-- The forecast ledger: judgments with resolvable questions, and outcomes.
CREATE TABLE forecasts (
    id           INTEGER PRIMARY KEY,
    key          TEXT    NOT NULL UNIQUE,
    author       TEXT    NOT NULL DEFAULT '',
    topic        TEXT    NOT NULL DEFAULT '',
    question     TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL DEFAULT '',
    term         TEXT    NOT NULL DEFAULT '',
    probability  REAL,
    made         TEXT    NOT NULL,
    horizon      TEXT,
    doc_id       INTEGER NOT NULL DEFAULT 0,
    outcome      INTEGER,
    resolved_at  TEXT,
    note         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX forecasts_author ON forecasts (author);
CREATE INDEX forecasts_made ON forecasts (made, id);
