package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// GenerateEvents inserts n synthetic events for benchmarks and load tests,
// spread over days days from start: imported ("gdelt" origin, ids
// "bench-1"…), between 60 countries (skewed: the first few get most
// events) and their government, military and business agents, with a
// CAMEO root and a matching quad class and Goldstein score. They are
// inserted in bulk and the rollups rebuilt once at the end. It is not for
// production data.
func GenerateEvents(ctx context.Context, s *Store, n, days int, start time.Time) error {
	const batch = 200_000
	countries, _ := json.Marshal([]string{"CHN", "USA", "RUS", "GBR", "FRA", "DEU", "JPN", "IND", "UKR", "ISR", "IRN", "TUR",
		"PAK", "KOR", "PRK", "TWN", "PHL", "AUS", "CAN", "ITA", "ESP", "POL", "BRA", "MEX", "SAU", "EGY", "SYR", "IRQ", "AFG",
		"NGA", "ZAF", "KEN", "ETH", "VNM", "IDN", "MYS", "THA", "MMR", "BGD", "LKA", "NPL", "KAZ", "UZB", "BLR", "LTU", "LVA",
		"EST", "FIN", "SWE", "NOR", "DNK", "NLD", "BEL", "CHE", "AUT", "HUN", "CZE", "ROU", "GRC", "SRB"})
	// A country index skewed towards 0 (60·u³ of a uniform u); roots 01–20
	// with their quads and a Goldstein score.
	const q = `WITH RECURSIVE seq(i) AS (SELECT ?3 UNION ALL SELECT i + 1 FROM seq WHERE i < ?4),
		cs(k, code) AS (SELECT key, value FROM json_each(?1)),
		ag(k, a) AS (VALUES (0, ''), (1, 'GOV'), (2, 'MIL'), (3, 'BUS')),
		r AS MATERIALIZED (SELECT i, abs(random()) % 1000000 / 1000000.0 AS u1, abs(random()) % 1000000 / 1000000.0 AS u2,
			abs(random()) % 4 AS a1, abs(random()) % 4 AS a2, abs(random()) % 20 + 1 AS root, abs(random()) % ?5 AS d FROM seq)
		INSERT INTO events (origin, origin_id, date, src_code, src_country, tgt_code, tgt_country, code, root, quad, goldstein, row_hash)
		SELECT 'gdelt', 'bench-' || r.i, date(?2, '+' || r.d || ' days'),
			s.code || sa.a, s.code, t.code || ta.a, t.code,
			printf('%02d0', r.root), printf('%02d', r.root),
			CASE WHEN r.root <= 5 THEN 1 WHEN r.root <= 9 THEN 2 WHEN r.root <= 14 THEN 3 ELSE 4 END,
			CASE WHEN r.root <= 5 THEN 2.0 WHEN r.root <= 9 THEN 5.0 WHEN r.root <= 14 THEN -3.0 ELSE -8.0 END,
			'bench'
		FROM r JOIN cs s ON s.k = CAST(60 * r.u1 * r.u1 * r.u1 AS INTEGER)
		JOIN cs t ON t.k = CAST(60 * r.u2 * r.u2 * r.u2 AS INTEGER)
		JOIN ag sa ON sa.k = r.a1 JOIN ag ta ON ta.k = r.a2`
	for done := 0; done < n; done += batch {
		m := min(batch, n-done)
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("generating events: %w", err)
		}
		if _, err := tx.ExecContext(ctx, q, string(countries), start.Format(dayLayout), done+1, done+m, days); err != nil {
			tx.Rollback()
			return fmt.Errorf("generating events: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("generating events: %w", err)
		}
	}
	if _, err := s.RebuildRollups(ctx); err != nil {
		return fmt.Errorf("generating events: %w", err)
	}
	return nil
}
