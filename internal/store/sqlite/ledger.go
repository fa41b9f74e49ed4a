package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/georisk/georisk/internal/store"
)

// PutForecasts stores new forecasts; a stored key is left alone.
func (s *Store) PutForecasts(ctx context.Context, fs []*store.Forecast) (int, error) {
	if len(fs) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storing forecasts: %w", err)
	}
	defer tx.Rollback()
	added := 0
	for _, f := range fs {
		var p any
		if f.HasProbability {
			p = f.Probability
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO forecasts (key, author, topic, question, text, term, probability, made, horizon, doc_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			f.Key, f.Author, f.Topic, f.Question, f.Text, f.Term, p, formatTime(f.Made), nullTime(f.Horizon), f.DocID)
		if err != nil {
			return 0, fmt.Errorf("storing forecast %s: %w", f.Key, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added++
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM forecasts WHERE key = ?`, f.Key).Scan(&f.ID); err != nil {
			return 0, fmt.Errorf("storing forecast %s: %w", f.Key, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("storing forecasts: %w", err)
	}
	return added, nil
}

const forecastColumns = `id, key, author, topic, question, text, term, probability, made, horizon, doc_id, outcome, resolved_at, note`

func scanForecast(sc interface{ Scan(...any) error }) (store.Forecast, error) {
	var f store.Forecast
	var p sql.NullFloat64
	var made, horizon, resolved sql.NullString
	var outcome sql.NullBool
	var note string
	err := sc.Scan(&f.ID, &f.Key, &f.Author, &f.Topic, &f.Question, &f.Text, &f.Term, &p, &made, &horizon, &f.DocID, &outcome, &resolved, &note)
	if err != nil {
		return f, err
	}
	f.Probability, f.HasProbability = p.Float64, p.Valid
	f.Made, f.Horizon = parseTime(made), parseTime(horizon)
	if outcome.Valid {
		f.Resolution = &store.Resolution{Outcome: outcome.Bool, At: parseTime(resolved), Note: note}
	}
	return f, nil
}

// Forecasts lists forecasts, oldest first.
func (s *Store) Forecasts(ctx context.Context, q store.ForecastQuery) ([]store.Forecast, error) {
	var where []string
	var args []any
	if q.Author != "" {
		where, args = append(where, "author = ?"), append(args, q.Author)
	}
	if q.Topic != "" {
		where, args = append(where, "topic = ?"), append(args, q.Topic)
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
	lim := q.Limit
	if lim <= 0 {
		lim = -1
	}
	sqlText += ` ORDER BY made, id LIMIT ? OFFSET ?`
	args = append(args, lim, max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
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
	f, err := scanForecast(s.db.QueryRowContext(ctx, `SELECT `+forecastColumns+` FROM forecasts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("forecast %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("reading forecast %d: %w", id, err)
	}
	return f, nil
}

// ResolveForecast records a forecast's outcome.
func (s *Store) ResolveForecast(ctx context.Context, id int64, r store.Resolution) error {
	res, err := s.db.ExecContext(ctx, `UPDATE forecasts SET outcome = ?, resolved_at = ?, note = ? WHERE id = ?`,
		r.Outcome, formatTime(r.At), r.Note, id)
	if err != nil {
		return fmt.Errorf("resolving forecast %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("forecast %d: %w", id, store.ErrNotFound)
	}
	return nil
}
