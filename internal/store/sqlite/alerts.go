package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Alerts = (*Store)(nil)

// PutAlerts stores alerts once per (rule, series, window); see store.Alerts.
func (s *Store) PutAlerts(ctx context.Context, alerts []*store.Alert) (int, error) {
	if len(alerts) == 0 {
		return 0, nil
	}
	evs := make([]string, len(alerts))
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
		evs[i] = string(b)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storing alerts: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UTC().Truncate(time.Second)
	added := 0
	for i, a := range alerts {
		start, end := a.Start.UTC().Format(dayLayout), a.End.UTC().Format(dayLayout)
		var id int64
		var created string
		err := tx.QueryRowContext(ctx, `SELECT id, created_at FROM alerts WHERE rule = ? AND series = ? AND window_start = ? AND window_end = ?`,
			a.Rule, a.Series, start, end).Scan(&id, &created)
		switch {
		case err == sql.ErrNoRows:
			res, err := tx.ExecContext(ctx, `INSERT INTO alerts (rule, series, window_start, window_end, detector, severity,
				direction, value, baseline, score, summary, evidence, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				a.Rule, a.Series, start, end, a.Detector, a.Severity, a.Direction, a.Value, a.Baseline, a.Score,
				a.Summary, evs[i], formatTime(now), formatTime(now))
			if err != nil {
				return 0, fmt.Errorf("storing alert %s %s %s: %w", a.Rule, a.Series, start, err)
			}
			if id, err = res.LastInsertId(); err != nil {
				return 0, fmt.Errorf("storing alert %s %s %s: %w", a.Rule, a.Series, start, err)
			}
			a.ID, a.CreatedAt, a.UpdatedAt = id, now, now
			added++
		case err != nil:
			return 0, fmt.Errorf("storing alert %s %s %s: %w", a.Rule, a.Series, start, err)
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE alerts SET detector = ?, severity = ?, direction = ?, value = ?,
				baseline = ?, score = ?, summary = ?, evidence = ?, updated_at = ? WHERE id = ?`,
				a.Detector, a.Severity, a.Direction, a.Value, a.Baseline, a.Score, a.Summary, evs[i], formatTime(now), id); err != nil {
				return 0, fmt.Errorf("updating alert %d: %w", id, err)
			}
			a.ID, a.CreatedAt, a.UpdatedAt = id, parseTime(sql.NullString{String: created, Valid: true}), now
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("storing alerts: %w", err)
	}
	return added, nil
}

// ListAlerts returns alerts newest window first.
func (s *Store) ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error) {
	conds, args := []string{"1"}, []any{}
	if q.Rule != "" {
		conds, args = append(conds, "rule = ?"), append(args, q.Rule)
	}
	if r := store.SeverityRank(q.Severity); r > 1 {
		sev := []string{"high", "medium"}[:4-r]
		conds = append(conds, "severity IN ("+placeholders(len(sev))+")")
		for _, v := range sev {
			args = append(args, v)
		}
	}
	if !q.Since.IsZero() {
		conds, args = append(conds, "window_start >= ?"), append(args, q.Since.UTC().Format(dayLayout))
	}
	if !q.Until.IsZero() {
		conds, args = append(conds, "window_start < ?"), append(args, q.Until.UTC().Format(dayLayout))
	}
	args = append(args, limit(q.Limit))
	rows, err := s.db.QueryContext(ctx, `SELECT id, rule, series, window_start, window_end, detector, severity, direction,
		value, baseline, score, summary, evidence, created_at, updated_at FROM alerts WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY window_start DESC, rule, series LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing alerts: %w", err)
	}
	defer rows.Close()
	var out []store.Alert
	for rows.Next() {
		var a store.Alert
		var start, end, ev string
		var created, updated sql.NullString
		if err := rows.Scan(&a.ID, &a.Rule, &a.Series, &start, &end, &a.Detector, &a.Severity, &a.Direction,
			&a.Value, &a.Baseline, &a.Score, &a.Summary, &ev, &created, &updated); err != nil {
			return nil, fmt.Errorf("listing alerts: %w", err)
		}
		a.Start, _ = time.Parse(dayLayout, start)
		a.End, _ = time.Parse(dayLayout, end)
		a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
		if err := json.Unmarshal([]byte(ev), &a.Evidence); err != nil {
			return nil, fmt.Errorf("alert %d: evidence: %w", a.ID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing alerts: %w", err)
	}
	return out, nil
}
