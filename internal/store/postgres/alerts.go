package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Alerts = (*Store)(nil)

// PutAlerts stores alerts once per (rule, series, window); see store.Alerts.
func (s *Store) PutAlerts(ctx context.Context, alerts []*store.Alert) (int, error) {
	if len(alerts) == 0 {
		return 0, nil
	}
	evs := make([][]byte, len(alerts))
	for i, a := range alerts {
		if a.Rule == "" || a.Series == "" || a.Start.IsZero() || a.End.IsZero() {
			return 0, fmt.Errorf("storing alerts: alert %d has no rule, series or window", i)
		}
		b, err := json.Marshal(a.Evidence)
		if err != nil {
			return 0, fmt.Errorf("storing alert %s %s: evidence: %w", a.Rule, a.Series, err)
		}
		if a.Evidence == nil {
			b = []byte("[]")
		}
		evs[i] = b
	}
	type result struct {
		id               int64
		created, updated time.Time
		added            bool
	}
	var res []result
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		res = res[:0]
		now := time.Now().UTC().Truncate(time.Microsecond)
		for i, a := range alerts {
			var r result
			// xmax = 0 only for a freshly inserted row.
			err := tx.QueryRow(ctx, `INSERT INTO alerts AS a (rule, series, window_start, window_end, detector, severity,
				direction, value, baseline, score, summary, evidence, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
				ON CONFLICT (rule, series, window_start, window_end) DO UPDATE SET detector = excluded.detector,
				severity = excluded.severity, direction = excluded.direction, value = excluded.value,
				baseline = excluded.baseline, score = excluded.score, summary = excluded.summary,
				evidence = excluded.evidence, updated_at = excluded.updated_at
				RETURNING id, created_at, updated_at, xmax = 0`,
				a.Rule, a.Series, day(a.Start), day(a.End), a.Detector, a.Severity, a.Direction, a.Value, a.Baseline,
				a.Score, a.Summary, evs[i], now).Scan(&r.id, &r.created, &r.updated, &r.added)
			if err != nil {
				return fmt.Errorf("alert %s %s %s: %w", a.Rule, a.Series, a.Start.Format(time.DateOnly), err)
			}
			res = append(res, r)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("storing alerts: %w", err)
	}
	added := 0
	for i, a := range alerts {
		a.ID, a.CreatedAt, a.UpdatedAt = res[i].id, res[i].created.UTC(), res[i].updated.UTC()
		if res[i].added {
			added++
		}
	}
	return added, nil
}

// ListAlerts returns alerts newest window first.
func (s *Store) ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error) {
	var conds []string
	var args []any
	add := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(c, "?", "$"+strconv.Itoa(len(args))))
	}
	if q.Rule != "" {
		add("rule = ?", q.Rule)
	}
	if r := store.SeverityRank(q.Severity); r > 1 {
		add("severity = ANY(?)", []string{"high", "medium"}[:4-r])
	}
	if !q.Since.IsZero() {
		add("window_start >= ?", day(q.Since))
	}
	if !q.Until.IsZero() {
		add("window_start < ?", day(q.Until))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, limit(q.Limit))
	rows, _ := s.pool.Query(ctx, `SELECT id, rule, series, window_start, window_end, detector, severity, direction,
		value, baseline, score, summary, evidence, created_at, updated_at FROM alerts`+where+
		` ORDER BY window_start DESC, rule, series LIMIT $`+strconv.Itoa(len(args)), args...)
	var out []store.Alert
	var a store.Alert
	var ev []byte
	_, err := pgx.ForEachRow(rows, []any{&a.ID, &a.Rule, &a.Series, &a.Start, &a.End, &a.Detector, &a.Severity, &a.Direction,
		&a.Value, &a.Baseline, &a.Score, &a.Summary, &ev, &a.CreatedAt, &a.UpdatedAt}, func() error {
		b := a
		b.Start, b.End, b.CreatedAt, b.UpdatedAt = a.Start.UTC(), a.End.UTC(), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
		b.Evidence = nil
		if err := json.Unmarshal(ev, &b.Evidence); err != nil {
			return fmt.Errorf("alert %d: evidence: %w", a.ID, err)
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing alerts: %w", err)
	}
	return out, nil
}
