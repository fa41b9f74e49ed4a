package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
)

// partition names the monthly partition of events holding day t, with its
// bounds; ok is false for years outside 1–9999, which go to events_default.
func partition(t time.Time) (name string, from, to time.Time, ok bool) {
	y, m, _ := t.UTC().Date()
	if y < 1 || y > 9999 {
		return "", time.Time{}, time.Time{}, false
	}
	from = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("events_y%04dm%02d", y, int(m)), from, from.AddDate(0, 1, 0), true
}

// ensurePartitions creates the monthly partitions that events need and
// that do not exist yet.
//
// It runs in a transaction of its own, before the write that needs the
// partitions: CREATE TABLE … PARTITION OF locks the whole events table,
// which must not stay locked through a long import. An advisory lock makes
// concurrent creators of one month wait for each other, and IF NOT EXISTS
// makes the later ones do nothing. Partitions left by a write that then
// fails are harmless.
func (s *Store) ensurePartitions(ctx context.Context, events []*event.Event) error {
	type bounds struct{ from, to time.Time }
	want := map[string]bounds{}
	s.mu.Lock()
	for _, e := range events {
		name, from, to, ok := partition(e.Date)
		if ok && !s.parts[name] {
			want[name] = bounds{from, to}
		}
	}
	s.mu.Unlock()
	if len(want) == 0 {
		return nil
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	slices.Sort(names)
	// Creating a partition that exists takes no lock on events, but asking
	// first spares the advisory lock too.
	var missing []string
	rows, _ := s.pool.Query(ctx, `SELECT n FROM unnest($1::text[]) n WHERE to_regclass(quote_ident(current_schema()) || '.' || quote_ident(n)) IS NULL ORDER BY n`, names)
	var n string
	if _, err := pgx.ForEachRow(rows, []any{&n}, func() error { missing = append(missing, n); return nil }); err != nil {
		return fmt.Errorf("finding event partitions: %w", err)
	}
	if len(missing) > 0 {
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := lock(ctx, tx, lockPartitions); err != nil {
				return err
			}
			for _, n := range missing {
				b := want[n]
				_, err := tx.Exec(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF events FOR VALUES FROM ('%s') TO ('%s')`,
					pgx.Identifier{n}.Sanitize(), b.from.Format(time.DateOnly), b.to.Format(time.DateOnly)))
				if err != nil {
					return fmt.Errorf("creating partition %s: %w", n, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.mu.Lock()
	for _, n := range names {
		s.parts[n] = true
	}
	s.mu.Unlock()
	return nil
}
