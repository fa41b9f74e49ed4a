-- The cells by day in chunks. rollup_days held a row per cell, and SQLite
-- writes a row in about 2 µs whatever its key: a rebuild of 10 M events
-- spent 19 s of its 60 writing it. A row of rollup_day_chunks holds a
-- day's run of cells in (pair, kind) order, keyed by the day and its
-- first cell's pair and kind, the cells packed in a blob of 28 bytes each:
-- pair (8), kind (4), event count (8), Goldstein sum (8, IEEE 754), all
-- little-endian. A rebuild cuts a day into chunks of 512 cells; a write
-- rewrites the chunks it touches, dropping the cells left without events
-- and cutting a chunk that has grown past 1,024.
CREATE TABLE rollup_day_chunks (
    day   INTEGER NOT NULL,
    pair  INTEGER NOT NULL,
    kind  INTEGER NOT NULL,
    cells BLOB    NOT NULL,
    PRIMARY KEY (day, pair, kind)
) WITHOUT ROWID;

-- SQL cannot pack the Goldstein sums: after this file, the migration's Go
-- step (afterMigration in sqlite.go) moves rollup_days into the chunks and
-- drops it.
