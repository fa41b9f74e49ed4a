-- Alerts raised by the detectors on watched series, one row per
-- (rule, series, window): re-running the detectors updates a row, never
-- adds a second one.
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    rule         TEXT    NOT NULL,           -- the watch (or "correlated")
    series       TEXT    NOT NULL,           -- what was measured: "CHN->IGOWSTNAT conflict"
    window_start TEXT    NOT NULL,           -- YYYY-MM-DD, the flagged bucket [start, end)
    window_end   TEXT    NOT NULL,
    detector     TEXT    NOT NULL,           -- ewma, poisson, negbin, cusum, correlated
    severity     TEXT    NOT NULL,           -- low, medium, high
    direction    INTEGER NOT NULL DEFAULT 0,
    value        REAL    NOT NULL DEFAULT 0,
    baseline     REAL    NOT NULL DEFAULT 0,
    score        REAL    NOT NULL DEFAULT 0,
    summary      TEXT    NOT NULL DEFAULT '',
    evidence     TEXT    NOT NULL DEFAULT '[]', -- JSON array of {event_id, doc_id, sent_start, sent_end, ...}
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    UNIQUE (rule, series, window_start, window_end)
);
CREATE INDEX alerts_window ON alerts (window_start);

-- Daily rollups of events, kept current by triggers on events, so that a
-- series or index reads a few thousand cells instead of millions of rows.
-- One cell per (day, origin, source code, target code, root, quad).
CREATE TABLE event_rollups (
    src_code  TEXT    NOT NULL,
    tgt_code  TEXT    NOT NULL,
    day       TEXT    NOT NULL,
    origin    TEXT    NOT NULL,
    root      TEXT    NOT NULL,
    quad      INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    goldstein REAL    NOT NULL,
    PRIMARY KEY (src_code, tgt_code, day, origin, root, quad)
) WITHOUT ROWID;
CREATE INDEX event_rollups_tgt ON event_rollups (tgt_code, day);
CREATE INDEX event_rollups_day ON event_rollups (day);

-- All events per day and origin (the denominator of volume-normalized
-- inputs).
CREATE TABLE event_day_totals (
    day      TEXT    NOT NULL,
    origin   TEXT    NOT NULL,
    n        INTEGER NOT NULL,
    conflict INTEGER NOT NULL,
    PRIMARY KEY (day, origin)
) WITHOUT ROWID;

CREATE TRIGGER events_rollup_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
    VALUES (NEW.src_code, NEW.tgt_code, NEW.date, NEW.origin, NEW.root, NEW.quad, 1, NEW.goldstein)
    ON CONFLICT DO UPDATE SET n = n + 1, goldstein = goldstein + excluded.goldstein;
    INSERT INTO event_day_totals (day, origin, n, conflict)
    VALUES (NEW.date, NEW.origin, 1, NEW.quad >= 3)
    ON CONFLICT DO UPDATE SET n = n + 1, conflict = conflict + excluded.conflict;
END;

CREATE TRIGGER events_rollup_delete AFTER DELETE ON events BEGIN
    UPDATE event_rollups SET n = n - 1, goldstein = goldstein - OLD.goldstein
    WHERE src_code = OLD.src_code AND tgt_code = OLD.tgt_code AND day = OLD.date
      AND origin = OLD.origin AND root = OLD.root AND quad = OLD.quad;
    DELETE FROM event_rollups
    WHERE src_code = OLD.src_code AND tgt_code = OLD.tgt_code AND day = OLD.date
      AND origin = OLD.origin AND root = OLD.root AND quad = OLD.quad AND n <= 0;
    UPDATE event_day_totals SET n = n - 1, conflict = conflict - (OLD.quad >= 3)
    WHERE day = OLD.date AND origin = OLD.origin;
    DELETE FROM event_day_totals WHERE day = OLD.date AND origin = OLD.origin AND n <= 0;
END;

CREATE TRIGGER events_rollup_update AFTER UPDATE OF src_code, tgt_code, date, origin, root, quad, goldstein ON events BEGIN
    UPDATE event_rollups SET n = n - 1, goldstein = goldstein - OLD.goldstein
    WHERE src_code = OLD.src_code AND tgt_code = OLD.tgt_code AND day = OLD.date
      AND origin = OLD.origin AND root = OLD.root AND quad = OLD.quad;
    DELETE FROM event_rollups
    WHERE src_code = OLD.src_code AND tgt_code = OLD.tgt_code AND day = OLD.date
      AND origin = OLD.origin AND root = OLD.root AND quad = OLD.quad AND n <= 0;
    UPDATE event_day_totals SET n = n - 1, conflict = conflict - (OLD.quad >= 3)
    WHERE day = OLD.date AND origin = OLD.origin;
    DELETE FROM event_day_totals WHERE day = OLD.date AND origin = OLD.origin AND n <= 0;
    INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
    VALUES (NEW.src_code, NEW.tgt_code, NEW.date, NEW.origin, NEW.root, NEW.quad, 1, NEW.goldstein)
    ON CONFLICT DO UPDATE SET n = n + 1, goldstein = goldstein + excluded.goldstein;
    INSERT INTO event_day_totals (day, origin, n, conflict)
    VALUES (NEW.date, NEW.origin, 1, NEW.quad >= 3)
    ON CONFLICT DO UPDATE SET n = n + 1, conflict = conflict + excluded.conflict;
END;

-- Events stored before this migration.
INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
FROM events GROUP BY src_code, tgt_code, date, origin, root, quad;
INSERT INTO event_day_totals (day, origin, n, conflict)
SELECT date, origin, COUNT(*), SUM(quad >= 3) FROM events GROUP BY date, origin;
