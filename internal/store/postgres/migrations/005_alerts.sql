-- Alerts raised by the detectors on watched series, one row per
-- (rule, series, window): re-running the detectors updates a row, never
-- adds a second one.
CREATE TABLE alerts (
    id           BIGSERIAL PRIMARY KEY,
    rule         TEXT    NOT NULL,           -- the watch (or "correlated")
    series       TEXT    NOT NULL,           -- what was measured: "CHN->IGOWSTNAT conflict"
    window_start DATE    NOT NULL,           -- the flagged bucket [start, end)
    window_end   DATE    NOT NULL,
    detector     TEXT    NOT NULL,           -- ewma, poisson, negbin, cusum, correlated
    severity     TEXT    NOT NULL,           -- low, medium, high
    direction    INTEGER NOT NULL DEFAULT 0,
    value        DOUBLE PRECISION NOT NULL DEFAULT 0,
    baseline     DOUBLE PRECISION NOT NULL DEFAULT 0,
    score        DOUBLE PRECISION NOT NULL DEFAULT 0,
    summary      TEXT    NOT NULL DEFAULT '',
    evidence     JSONB   NOT NULL DEFAULT '[]', -- [{event_id, doc_id, sent_start, sent_end, ...}]
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (rule, series, window_start, window_end)
);
CREATE INDEX alerts_window ON alerts (window_start);

-- Daily rollups of events, kept current by statement triggers on events
-- (one aggregated upsert per statement, COPY included), so that a series
-- or index reads a few thousand cells instead of millions of rows. One cell
-- per (day, origin, source code, target code, root, quad).
CREATE TABLE event_rollups (
    src_code  TEXT COLLATE "C" NOT NULL,
    tgt_code  TEXT COLLATE "C" NOT NULL,
    day       DATE    NOT NULL,
    origin    TEXT    NOT NULL,
    root      TEXT    NOT NULL,
    quad      INTEGER NOT NULL,
    n         BIGINT  NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (src_code, tgt_code, day, origin, root, quad)
);
CREATE INDEX event_rollups_tgt ON event_rollups (tgt_code, day);
CREATE INDEX event_rollups_day ON event_rollups (day);

-- All events per day and origin (the denominator of volume-normalized
-- inputs).
CREATE TABLE event_day_totals (
    day      DATE   NOT NULL,
    origin   TEXT   NOT NULL,
    n        BIGINT NOT NULL,
    conflict BIGINT NOT NULL,
    PRIMARY KEY (day, origin)
);

-- The trigger functions add the rows a statement inserted to the rollups
-- and subtract those it deleted, aggregated per statement (COPY included).
-- Cells are upserted in key order so that concurrent writers wait for each
-- other instead of deadlocking; emptied cells are removed.
CREATE FUNCTION events_rollup_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_rollups AS r (src_code, tgt_code, day, origin, root, quad, n, goldstein)
    SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
    FROM new_rows GROUP BY src_code, tgt_code, date, origin, root, quad
    ORDER BY src_code, tgt_code, date, origin, root, quad
    ON CONFLICT (src_code, tgt_code, day, origin, root, quad)
    DO UPDATE SET n = r.n + excluded.n, goldstein = r.goldstein + excluded.goldstein;
    INSERT INTO event_day_totals AS t (day, origin, n, conflict)
    SELECT date, origin, COUNT(*), COUNT(*) FILTER (WHERE quad >= 3)
    FROM new_rows GROUP BY date, origin ORDER BY date, origin
    ON CONFLICT (day, origin)
    DO UPDATE SET n = t.n + excluded.n, conflict = t.conflict + excluded.conflict;
    RETURN NULL;
END $$;

CREATE FUNCTION events_rollup_delete() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_rollups AS r (src_code, tgt_code, day, origin, root, quad, n, goldstein)
    SELECT src_code, tgt_code, date, origin, root, quad, -COUNT(*), -SUM(goldstein)
    FROM old_rows GROUP BY src_code, tgt_code, date, origin, root, quad
    ORDER BY src_code, tgt_code, date, origin, root, quad
    ON CONFLICT (src_code, tgt_code, day, origin, root, quad)
    DO UPDATE SET n = r.n + excluded.n, goldstein = r.goldstein + excluded.goldstein;
    INSERT INTO event_day_totals AS t (day, origin, n, conflict)
    SELECT date, origin, -COUNT(*), -COUNT(*) FILTER (WHERE quad >= 3)
    FROM old_rows GROUP BY date, origin ORDER BY date, origin
    ON CONFLICT (day, origin)
    DO UPDATE SET n = t.n + excluded.n, conflict = t.conflict + excluded.conflict;
    DELETE FROM event_rollups r USING (SELECT DISTINCT src_code, tgt_code, date, origin, root, quad FROM old_rows) d
    WHERE r.src_code = d.src_code AND r.tgt_code = d.tgt_code AND r.day = d.date
      AND r.origin = d.origin AND r.root = d.root AND r.quad = d.quad AND r.n <= 0;
    DELETE FROM event_day_totals t USING (SELECT DISTINCT date, origin FROM old_rows) d
    WHERE t.day = d.date AND t.origin = d.origin AND t.n <= 0;
    RETURN NULL;
END $$;

CREATE FUNCTION events_rollup_update() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_rollups AS r (src_code, tgt_code, day, origin, root, quad, n, goldstein)
    SELECT src_code, tgt_code, date, origin, root, quad, -COUNT(*), -SUM(goldstein)
    FROM old_rows GROUP BY src_code, tgt_code, date, origin, root, quad
    ORDER BY src_code, tgt_code, date, origin, root, quad
    ON CONFLICT (src_code, tgt_code, day, origin, root, quad)
    DO UPDATE SET n = r.n + excluded.n, goldstein = r.goldstein + excluded.goldstein;
    INSERT INTO event_day_totals AS t (day, origin, n, conflict)
    SELECT date, origin, -COUNT(*), -COUNT(*) FILTER (WHERE quad >= 3)
    FROM old_rows GROUP BY date, origin ORDER BY date, origin
    ON CONFLICT (day, origin)
    DO UPDATE SET n = t.n + excluded.n, conflict = t.conflict + excluded.conflict;
    INSERT INTO event_rollups AS r (src_code, tgt_code, day, origin, root, quad, n, goldstein)
    SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
    FROM new_rows GROUP BY src_code, tgt_code, date, origin, root, quad
    ORDER BY src_code, tgt_code, date, origin, root, quad
    ON CONFLICT (src_code, tgt_code, day, origin, root, quad)
    DO UPDATE SET n = r.n + excluded.n, goldstein = r.goldstein + excluded.goldstein;
    INSERT INTO event_day_totals AS t (day, origin, n, conflict)
    SELECT date, origin, COUNT(*), COUNT(*) FILTER (WHERE quad >= 3)
    FROM new_rows GROUP BY date, origin ORDER BY date, origin
    ON CONFLICT (day, origin)
    DO UPDATE SET n = t.n + excluded.n, conflict = t.conflict + excluded.conflict;
    DELETE FROM event_rollups r USING (SELECT DISTINCT src_code, tgt_code, date, origin, root, quad FROM old_rows) d
    WHERE r.src_code = d.src_code AND r.tgt_code = d.tgt_code AND r.day = d.date
      AND r.origin = d.origin AND r.root = d.root AND r.quad = d.quad AND r.n <= 0;
    DELETE FROM event_day_totals t USING (SELECT DISTINCT date, origin FROM old_rows) d
    WHERE t.day = d.date AND t.origin = d.origin AND t.n <= 0;
    RETURN NULL;
END $$;

CREATE TRIGGER events_rollup_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_rollup_insert();
CREATE TRIGGER events_rollup_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_rollup_delete();
CREATE TRIGGER events_rollup_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_rollup_update();

-- Events stored before this migration.
INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
FROM events GROUP BY src_code, tgt_code, date, origin, root, quad;
INSERT INTO event_day_totals (day, origin, n, conflict)
SELECT date, origin, COUNT(*), COUNT(*) FILTER (WHERE quad >= 3) FROM events GROUP BY date, origin;
