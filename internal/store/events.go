package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// Events is the event part of the contract.
//
// PutEvents stores events keyed by (Origin, OriginID). A new key is added. A
// stored key is left alone when the new row is identical, or older (its
// Updated is before the stored one's); otherwise the new row replaces the
// stored one (a dataset's revision). Importing the same file twice therefore
// adds nothing. PutEvents is atomic per call and sets ID on the events it
// adds or replaces.
//
// All methods are safe for concurrent use.
type Events interface {
	PutEvents(ctx context.Context, events []*event.Event) (EventCounts, error)
	// DeleteEvents removes events of an origin by their dataset ids and
	// returns how many were stored.
	DeleteEvents(ctx context.Context, origin string, ids []string) (int, error)
	ListEvents(ctx context.Context, q EventQuery) ([]event.Event, error)
	// PutMentions stores links from events to articles, once per
	// (origin, event, URL); it returns how many were new.
	PutMentions(ctx context.Context, ms []*event.Mention) (int, error)
	Mentions(ctx context.Context, origin, eventID string) ([]event.Mention, error)
	// PutArticleMeta stores knowledge-graph rows once per (origin,
	// record id); it returns how many were new.
	PutArticleMeta(ctx context.Context, as []*event.ArticleMeta) (int, error)
	// ArticleMeta returns what knowledge graphs say about a URL.
	ArticleMeta(ctx context.Context, url string) ([]event.ArticleMeta, error)
	// ImportedFile reports whether a dataset file (by name or URL) was
	// imported; MarkImported records that it was.
	ImportedFile(ctx context.Context, name string) (bool, error)
	MarkImported(ctx context.Context, name string, rows int) error
}

// EventCounts says what PutEvents did.
type EventCounts struct {
	Added, Replaced, Unchanged int
}

// EventQuery selects events, newest first. Zero values mean no restriction;
// Limit 0 means a default of 50.
type EventQuery struct {
	Origin string
	// Actor matches events whose source or target code starts with it
	// ("CHN" matches CHN and CHNGOV; "IGOWSTNAT" matches NATO).
	Actor string
	// DyadA and DyadB match events between two actors (by code prefix),
	// in either direction unless Directed, when DyadA is the source.
	DyadA, DyadB string
	Directed     bool
	Code         string // CAMEO code prefix: "11" matches 11, 110, 111, 1121…
	Root         string // exact CAMEO root
	Quad         int
	Since, Until time.Time // on the event date; Until is exclusive
	DocID        int64
	Limit        int
	Offset       int
}

// EventHash fingerprints an event's content (everything but ID), so that a
// re-import of an unchanged row can be recognised.
func EventHash(e *event.Event) string {
	c := *e
	c.ID = 0
	b, _ := json.Marshal(c) // an Event always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
