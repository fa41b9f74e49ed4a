package store

import (
	"context"

	"github.com/georisk/georisk/internal/event"
)

// EventsIndexed is the web API's way to list events: it returns exactly
// what Events.ListEvents returns for the same query (same rows, same
// order), but a backend may answer actor and dyad queries through its
// indexes, so that a rarely seen actor or dyad among millions of events is
// found without walking them all. Safe for concurrent use.
type EventsIndexed interface {
	ListEventsIndexed(ctx context.Context, q EventQuery) ([]event.Event, error)
}
