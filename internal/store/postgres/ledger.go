package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/store"
)

// PutForecasts stores new forecasts; a stored key is left alone.
func (s *Store) PutForecasts(ctx context.Context, fs []*store.Forecast) (int, error) {
	if len(fs) == 0 {
		return 0, nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("storing forecasts: %w", err)
	}
	defer tx.Rollback(ctx)
	added := 0
	for _, f := range fs {
		var p *float64
		if f.HasProbability {
			p = &f.Probability
		}
		var horizon *time.Time
		if !f.Horizon.IsZero() {
			h := f.Horizon
			horizon = &h
		}
		tag, err := tx.Exec(ctx, `INSERT INTO forecasts (key, author, topic, question, text, term, probability, made, horizon, doc_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (key) DO NOTHING`,
			f.Key, f.Author, f.Topic, f.Question, f.Text, f.Term, p, f.Made, horizon, f.DocID)
		if err != nil {
			return 0, fmt.Errorf("storing forecast %s: %w", f.Key, err)
		}
		if tag.RowsAffected() == 1 {
			added++
		}
		if err := tx.QueryRow(ctx, `SELECT id FROM forecasts WHERE key = $1`, f.Key).Scan(&f.ID); err != nil {
			return 0, fmt.Errorf("storing forecast %s: %w", f.Key, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("storing forecasts: %w", err)
	}
	return added, nil
}

const forecastColumns = `id, key, author, topic, question, text, term, probability, made, horizon, doc_id, outcome, resolved_at, note`

func scanForecast(row pgx.Row) (store.Forecast, error) {
	var f store.Forecast
	var p *float64
	var made time.Time
	var horizon, resolved *time.Time
	var outcome *bool
	var note string
	err := row.Scan(&f.ID, &f.Key, &f.Author, &f.Topic, &f.Question, &f.Text, &f.Term, &p, &made, &horizon, &f.DocID, &outcome, &resolved, &note)
	if err != nil {
		return f, err
	}
	if p != nil {
		f.Probability, f.HasProbability = *p, true
	}
	f.Made, f.Horizon = made.UTC(), utc(horizon)
	if outcome != nil {
		f.Resolution = &store.Resolution{Outcome: *outcome, At: utc(resolved), Note: note}
	}
	return f, nil
}

// Forecasts lists forecasts, oldest first.
func (s *Store) Forecasts(ctx context.Context, q store.ForecastQuery) ([]store.Forecast, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if q.Author != "" {
		where = append(where, "author = "+arg(q.Author))
	}
	if q.Topic != "" {
		where = append(where, "topic = "+arg(q.Topic))
	}
	if q.Open {
		where = append(where, "outcome IS NULL")
	}
	if q.Resolved {
		where = append(where, "outcome IS NOT NULL")
	}
	sqlText := `SELECT ` + forecastColumns + ` FROM forecasts`
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	sqlText += ` ORDER BY made, id`
	if q.Limit > 0 {
		sqlText += " LIMIT " + arg(q.Limit)
	}
	sqlText += " OFFSET " + arg(max(q.Offset, 0))
	rows, err := s.pool.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("listing forecasts: %w", err)
	}
	defer rows.Close()
	var out []store.Forecast
	for rows.Next() {
		f, err := scanForecast(rows)
		if err != nil {
			return nil, fmt.Errorf("listing forecasts: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing forecasts: %w", err)
	}
	return out, nil
}

// Forecast returns one forecast.
func (s *Store) Forecast(ctx context.Context, id int64) (store.Forecast, error) {
	f, err := scanForecast(s.pool.QueryRow(ctx, `SELECT `+forecastColumns+` FROM forecasts WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("forecast %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("reading forecast %d: %w", id, err)
	}
	return f, nil
}

// ResolveForecast records a forecast's outcome.
func (s *Store) ResolveForecast(ctx context.Context, id int64, r store.Resolution) error {
	tag, err := s.pool.Exec(ctx, `UPDATE forecasts SET outcome = $1, resolved_at = $2, note = $3 WHERE id = $4`,
		r.Outcome, r.At, r.Note, id)
	if err != nil {
		return fmt.Errorf("resolving forecast %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("forecast %d: %w", id, store.ErrNotFound)
	}
	return nil
}
