-- The forecast ledger: judgments with resolvable questions, and outcomes.
CREATE TABLE forecasts (
    id           BIGSERIAL PRIMARY KEY,
    key          TEXT        NOT NULL UNIQUE,
    author       TEXT        NOT NULL DEFAULT '',
    topic        TEXT        NOT NULL DEFAULT '',
    question     TEXT        NOT NULL DEFAULT '',
    text         TEXT        NOT NULL DEFAULT '',
    term         TEXT        NOT NULL DEFAULT '',
    probability  DOUBLE PRECISION,
    made         TIMESTAMPTZ NOT NULL,
    horizon      TIMESTAMPTZ,
    doc_id       BIGINT      NOT NULL DEFAULT 0,
    outcome      BOOLEAN,
    resolved_at  TIMESTAMPTZ,
    note         TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX forecasts_author ON forecasts (author);
CREATE INDEX forecasts_made ON forecasts (made, id);
