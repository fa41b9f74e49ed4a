// Package store is georisk's storage contract: the interfaces every backend
// implements, the query and result types they share, and the sentinel errors.
// Backends live in sub-packages (store/sqlite, and store/postgres for
// scale-out); store/storetest is the conformance suite they all pass.
//
// Consumers should declare the narrow interface they need (for example the
// ingest pipeline's DocSink) rather than depend on Store as a whole.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// ErrNotFound is returned (wrapped) when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// ErrStaleSchema is returned by Open when the database was written by a
// newer georisk than this one.
var ErrStaleSchema = errors.New("database schema is newer than this georisk")

// ErrOldSchema is returned by Open when the database was written by an older
// georisk: upgrading it is a deliberate step ("georisk migrate", a backend's
// Migrate), since other processes may still run the old binary. A new, empty
// database is created at the current schema without asking.
var ErrOldSchema = errors.New("database schema is older than this georisk: run georisk migrate")

// PutStatus says what PutDocs did with one document.
type PutStatus int

const (
	// Added means the document was new and is now stored.
	Added PutStatus = iota + 1
	// Copied means the document was new and is stored, and it copies a
	// story already stored (exactly or nearly); it joins that story.
	Copied
	// Exists means a document with the same key was already stored; nothing
	// was written.
	Exists
)

func (s PutStatus) String() string {
	switch s {
	case Added:
		return "added"
	case Copied:
		return "copied"
	case Exists:
		return "exists"
	}
	return "unknown"
}

// PutResult reports the outcome for one document of PutDocs.
type PutResult struct {
	ID      int64 // the stored document's ID (the existing one for Exists)
	StoryID int64
	CopyOf  int64 // the document it copies, for Copied
	Status  PutStatus
}

// Docs is the document part of the contract.
//
// PutDocs stores documents in one transaction: all or none. A document whose
// Key is already stored is left alone (Exists), so re-ingesting adds
// nothing. A new document whose TextHash equals a stored one, or whose
// MinHash is a near match (see fingerprint.NearThreshold) of one, joins that
// document's story (Copied). Documents within one call are matched against
// each other too, in order. PutDocs sets ID, StoryID and CopyOf on the
// documents it stores. Raw is stored compressed (store.Compress) when that pays.
//
// All methods are safe for concurrent use.
type Docs interface {
	PutDocs(ctx context.Context, docs []*event.Document) ([]PutResult, error)
	// Doc returns one document with its body (not its raw bytes).
	Doc(ctx context.Context, id int64) (event.Document, error)
	// Raw returns the raw bytes a document was extracted from and their
	// media type.
	Raw(ctx context.Context, id int64) ([]byte, string, error)
	// ListDocs returns documents newest first (by publication time, then
	// ingestion), without bodies.
	ListDocs(ctx context.Context, q DocQuery) ([]event.Document, error)
	// Story returns every document of a story, oldest ID first, without bodies.
	Story(ctx context.Context, storyID int64) ([]event.Document, error)
	// Search runs a full-text query over titles and bodies.
	Search(ctx context.Context, q SearchQuery) ([]Hit, error)
	Stats(ctx context.Context) (Stats, error)
}

// Validators is the part of the contract that remembers HTTP validators
// (ETag, Last-Modified) of feeds for conditional GET.
type Validators interface {
	Validators(ctx context.Context, url string) (etag, lastModified string, err error)
	SetValidators(ctx context.Context, url, etag, lastModified string) error
}

// Store is everything a backend implements.
type Store interface {
	Docs
	Events
	Coded
	Validators
	Alerts
	Rollups
	Ledger
	Lists
	EventsIndexed
	Briefs
	Close() error
}

// DocQuery selects documents to list. Zero values mean no restriction;
// Limit 0 means a default of 50.
type DocQuery struct {
	Since, Until time.Time // on publication time; Until is exclusive
	Source       string    // exact outlet/dataset name
	Limit        int
	Offset       int
}

// SearchQuery is a full-text query. Text uses the backend's query syntax
// (for SQLite, FTS5: words, "phrases", AND/OR/NOT, prefix*); plain words all
// have to match.
type SearchQuery struct {
	Text         string
	Since, Until time.Time
	Source       string
	Limit        int
}

// Hit is one search result: the document without its body, a snippet with
// the matches marked by « and », and a rank (lower is better).
type Hit struct {
	Doc     event.Document
	Snippet string
	Rank    float64
}

// Stats counts what is stored. Later stages add their own counts.
type Stats struct {
	Documents int64            // stored documents, copies included
	Stories   int64            // distinct stories
	Copies    int64            // documents that copy another (Documents - Stories)
	Sources   int64            // distinct outlets/datasets
	Events    int64            // coded and imported events
	Origins   map[string]int64 // events by origin (coded, gdelt, acled, …)
	Mentions  int64            // event–article links
	Articles  int64            // knowledge-graph rows about articles
	Formats   map[string]int64 // documents by input format
	Langs     map[string]int64 // documents by language
	Oldest    time.Time        // earliest publication time
	Newest    time.Time        // latest publication time
	RawBytes  int64            // compressed size of raw inputs
}
