-- The daily rollups hold numbers instead of text. A cell of
-- event_rollups was keyed by six columns, four of them text, in a
-- WITHOUT ROWID table with two covering indexes: SQLite compares such keys
-- field by field through its record comparator, and a rebuild of 10 M
-- events spent two thirds of its time sorting them (the GROUP BY and both
-- CREATE INDEX). Keyed by integers, the same cells are a third of the size
-- and are sorted and inserted several times faster.
--
-- rollup_names numbers the actor codes (kind 0), origins (kind 1) and
-- CAMEO roots (kind 2) that cells refer to, each kind from 1; a number,
-- once given, never changes, so that readers may keep the names in memory.
CREATE TABLE rollup_names (
    kind INTEGER NOT NULL,
    id   INTEGER NOT NULL,
    name TEXT    NOT NULL,
    PRIMARY KEY (kind, id),
    UNIQUE (kind, name)
) WITHOUT ROWID;

-- One cell per (source, target, day, origin, root, quad), keyed by three
-- integers: pair is (source << 32) | target (their numbers), day counts days
-- from 1970-01-01, kind is (origin << 20) | (root << 4) | quad (origins below
-- 4,096, roots below 65,536). Fewer, integer columns: the cells are half
-- the size, and a rebuild writes and indexes them twice as fast as six.
CREATE TABLE rollup_cells (
    pair      INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    goldstein REAL    NOT NULL,
    PRIMARY KEY (pair, day, kind)
) WITHOUT ROWID;
-- The same cells by day, for windows over every pair (what watches and
-- the top movers read). A table rather than an index on rollup_cells: a
-- rebuild appends it from cells it has sorted itself, where CREATE INDEX
-- spent 34 s of a rebuild of 10 M events in SQLite's sorter.
CREATE TABLE rollup_days (
    day       INTEGER NOT NULL,
    pair      INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    goldstein REAL    NOT NULL,
    PRIMARY KEY (day, pair, kind)
) WITHOUT ROWID;

-- The (source, target) pairs that have cells, so that an actor's cells
-- are read with one seek per pair it is in (and, through the second
-- index, as target). A pair whose cells are all gone may stay.
CREATE TABLE rollup_pairs (
    src INTEGER NOT NULL,
    tgt INTEGER NOT NULL,
    PRIMARY KEY (src, tgt)
) WITHOUT ROWID;
CREATE INDEX rollup_pairs_tgt ON rollup_pairs (tgt);

-- The existing cells, renumbered. UNION sorts the names, so that the
-- numbers follow their order and the cells are inserted nearly in order.
INSERT INTO rollup_names (kind, id, name)
    SELECT 0, row_number() OVER (ORDER BY c), c FROM (SELECT src_code AS c FROM event_rollups UNION SELECT tgt_code FROM event_rollups);
INSERT INTO rollup_names (kind, id, name)
    SELECT 1, row_number() OVER (ORDER BY origin), origin FROM (SELECT DISTINCT origin FROM event_rollups);
INSERT INTO rollup_names (kind, id, name)
    SELECT 2, row_number() OVER (ORDER BY root), root FROM (SELECT DISTINCT root FROM event_rollups);
INSERT INTO rollup_cells (pair, day, kind, n, goldstein)
    SELECT (s.id << 32) | t.id, unixepoch(r.day) / 86400, (o.id << 20) | (x.id << 4) | r.quad, r.n, r.goldstein
    FROM event_rollups r
    JOIN rollup_names s ON s.kind = 0 AND s.name = r.src_code
    JOIN rollup_names t ON t.kind = 0 AND t.name = r.tgt_code
    JOIN rollup_names o ON o.kind = 1 AND o.name = r.origin
    JOIN rollup_names x ON x.kind = 2 AND x.name = r.root;
INSERT INTO rollup_pairs (src, tgt) SELECT DISTINCT pair >> 32, pair & 4294967295 FROM rollup_cells;
INSERT INTO rollup_days (day, pair, kind, n, goldstein) SELECT day, pair, kind, n, goldstein FROM rollup_cells ORDER BY day, pair, kind;
DROP TABLE event_rollups;
