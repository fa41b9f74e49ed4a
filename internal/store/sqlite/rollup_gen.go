package sqlite

import (
	"context"
	"fmt"
	"time"
)

// GenerateEvents inserts n synthetic events for benchmarks and load tests,
// spread over days days from start: imported ("gdelt" origin, ids
// "bench-0000000001"…, so that they are appended to the unique index), between 60 countries (skewed: the first few get most
// events) and their government, military and business agents, with a
// CAMEO root and a matching quad class and Goldstein score. They are
// inserted in bulk in one transaction, with the secondary indexes of
// events dropped and built again at the end, and the rollups rebuilt once
// at the end. It is not for production data.
func GenerateEvents(ctx context.Context, s *Store, n, days int, start time.Time) error {
	const batch = 200_000
	// Three letters per country: the code of index k is at 3k+1.
	countries := "CHNUSARUSGBRFRADEUJPNINDUKRISRIRNTURPAKKORPRKTWNPHLAUSCANITAESPPOLBRAMEXSAUEGYSYRIRQAFG" +
		"NGAZAFKENETHVNMIDNMYSTHAMMRBGDLKANPLKAZUZBBLRLTULVAESTFINSWENORDNKNLDBELCHEAUTHUNCZEROUGRCSRB"
	// A country index skewed towards 0 (60·u³ of a uniform u), an agent
	// (none, GOV, MIL, BUS), a root 01–20 with its quad and a Goldstein
	// score. The random draws are materialized so that each is made once.
	const q = `WITH RECURSIVE seq(i) AS (SELECT ?3 UNION ALL SELECT i + 1 FROM seq WHERE i < ?4),
		r AS MATERIALIZED (SELECT i, abs(random()) % 1000000 / 1000000.0 AS u1, abs(random()) % 1000000 / 1000000.0 AS u2,
			abs(random()) % 4 AS a1, abs(random()) % 4 AS a2, abs(random()) % 20 + 1 AS root, abs(random()) % ?5 AS d FROM seq),
		c AS (SELECT i, d, root, substr(?1, 3 * CAST(60 * u1 * u1 * u1 AS INTEGER) + 1, 3) AS s,
			substr(?1, 3 * CAST(60 * u2 * u2 * u2 AS INTEGER) + 1, 3) AS t,
			CASE a1 WHEN 1 THEN 'GOV' WHEN 2 THEN 'MIL' WHEN 3 THEN 'BUS' ELSE '' END AS sa,
			CASE a2 WHEN 1 THEN 'GOV' WHEN 2 THEN 'MIL' WHEN 3 THEN 'BUS' ELSE '' END AS ta FROM r)
		INSERT INTO events (origin, origin_id, date, src_code, src_country, tgt_code, tgt_country, code, root, quad, goldstein, row_hash)
		SELECT 'gdelt', printf('bench-%010d', i), date(?2, '+' || d || ' days'), s || sa, s, t || ta, t,
			printf('%02d0', root), printf('%02d', root),
			CASE WHEN root <= 5 THEN 1 WHEN root <= 9 THEN 2 WHEN root <= 14 THEN 3 ELSE 4 END,
			CASE WHEN root <= 5 THEN 2.0 WHEN root <= 9 THEN 5.0 WHEN root <= 14 THEN -3.0 ELSE -8.0 END,
			'bench'
		FROM c`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("generating events: %w", err)
	}
	defer tx.Rollback()
	err = withoutIndexes(ctx, tx, "events", func() error {
		for done := 0; done < n; done += batch {
			m := min(batch, n-done)
			if _, err := tx.ExecContext(ctx, q, countries, start.Format(dayLayout), done+1, done+m, days); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("generating events: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("generating events: %w", err)
	}
	if _, err := s.RebuildRollups(ctx); err != nil {
		return fmt.Errorf("generating events: %w", err)
	}
	return nil
}
