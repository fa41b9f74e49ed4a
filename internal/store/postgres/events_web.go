package postgres

import (
	"context"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// ListEventsIndexed is ListEvents: PostgreSQL already combines the OR'd
// actor conditions with bitmap index scans, which SQLite cannot.
func (s *Store) ListEventsIndexed(ctx context.Context, q store.EventQuery) ([]event.Event, error) {
	return s.ListEvents(ctx, q)
}
