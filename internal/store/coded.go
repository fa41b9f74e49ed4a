package store

import (
	"context"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// Coded is the part of the contract that keeps what the event coder found
// in documents.
//
// PutCoded replaces, for each document, everything coded from it before
// (its coded events, quotes and judgments) with the new results, in one
// transaction, and records the coder version; re-coding is therefore
// idempotent. It sets the IDs of what it stores, and the Origin ("coded"),
// DocID and OriginID ("docID:index") of the events.
//
// All methods are safe for concurrent use.
type Coded interface {
	PutCoded(ctx context.Context, docs []CodedDoc) error
	ListQuotes(ctx context.Context, q TextQuery) ([]event.Quote, error)
	ListJudgments(ctx context.Context, q TextQuery) ([]event.Judgment, error)
	// DocsToCode returns up to limit documents with their bodies, in ID
	// order after the ID after, that were not coded by the coder version
	// (all of them when version is "").
	DocsToCode(ctx context.Context, after int64, limit int, version string) ([]event.Document, error)
}

// CodedDoc is what the coder found in one document.
type CodedDoc struct {
	DocID     int64
	Version   string // the coder and dictionary version
	Events    []*event.Event
	Quotes    []*event.Quote
	Judgments []*event.Judgment
}

// TextQuery selects quotes or judgments, newest first. Who matches the
// speaker code prefix of a quote or the author of a judgment.
type TextQuery struct {
	DocID        int64
	Who          string
	Since, Until time.Time
	Limit        int
	Offset       int
}
