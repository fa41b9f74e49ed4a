package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Lists is the part of the contract that keeps restricted-party lists and
// the screening hits of stored documents.
//
// PutList replaces the list named info.Name — its entries and its record —
// with the given ones in one transaction: a failed call leaves the previous
// version whole, and readers never see a mix. Entries are keyed by their
// ID within the list; a later duplicate replaces an earlier one. PutList
// sets info.Imported to the time of the import when it is zero.
//
// PutScreenHits records hits of a document, keyed by (document, query,
// list, entry): a key already stored is updated in place (score, reasons,
// versions), so screening a document again stores nothing twice. It
// returns how many hits were new.
//
// All methods are safe for concurrent use.
type Lists interface {
	PutList(ctx context.Context, info *ListInfo, entries []ListEntry) error
	// ListInfos returns the loaded lists by name.
	ListInfos(ctx context.Context) ([]ListInfo, error)
	// ListEntries returns the entries of one list ("" for all lists),
	// by list and then ID.
	ListEntries(ctx context.Context, list string) ([]ListEntry, error)
	PutScreenHits(ctx context.Context, hits []ScreenHit) (int, error)
	// ScreenHits returns a document's hits, best first.
	ScreenHits(ctx context.Context, docID int64) ([]ScreenHit, error)
}

// ListInfo is the audit record of a loaded list.
type ListInfo struct {
	Name     string    // the name it was imported under ("csl", "1260h")
	Format   string    // csl, sdn, un, ftm, csv
	Version  string    // the list's version date (YYYY-MM-DD) as given or found in the file
	Source   string    // the files or URL it came from
	Imported time.Time // when it was imported
	Entries  int       // how many entries it has
}

// ListEntry is one party on a list.
type ListEntry struct {
	List        string
	ID          string // the entry's own id in its list
	Type        string // person, org, vessel, aircraft or ""
	Name        string
	Aliases     []string
	WeakAliases []string
	Countries   []string
	DOBs        []string
	IDs         []string
	Programs    []string
	Source      string
	Remarks     string
}

// ScreenHit is a list entry that matched a name found in a document.
type ScreenHit struct {
	DocID       int64
	Query       string // the name in the document
	List        string
	EntryID     string
	Name        string // the entry's primary name
	Matched     string // the name or alias that matched
	Score       float64
	Why         []string
	Algorithm   string // the matcher's version
	ListVersion string // the list's version when screened
	ScreenedAt  time.Time
}

// entryData is the JSON form of a list entry's many-valued fields, as the
// backends store it.
type entryData struct {
	Aliases     []string `json:"aliases,omitempty"`
	WeakAliases []string `json:"weak_aliases,omitempty"`
	Countries   []string `json:"countries,omitempty"`
	DOBs        []string `json:"dobs,omitempty"`
	IDs         []string `json:"ids,omitempty"`
	Programs    []string `json:"programs,omitempty"`
	Source      string   `json:"source,omitempty"`
	Remarks     string   `json:"remarks,omitempty"`
}

// EncodeEntry returns the JSON a backend stores for e's many-valued fields.
func EncodeEntry(e *ListEntry) []byte {
	b, _ := json.Marshal(entryData{e.Aliases, e.WeakAliases, e.Countries, e.DOBs, e.IDs, e.Programs, e.Source, e.Remarks})
	return b // strings and string slices always marshal
}

// DecodeEntry fills e's many-valued fields from what EncodeEntry made.
func DecodeEntry(b []byte, e *ListEntry) error {
	var d entryData
	if err := json.Unmarshal(b, &d); err != nil {
		return fmt.Errorf("decoding list entry %s/%s: %w", e.List, e.ID, err)
	}
	e.Aliases, e.WeakAliases, e.Countries, e.DOBs, e.IDs, e.Programs, e.Source, e.Remarks =
		d.Aliases, d.WeakAliases, d.Countries, d.DOBs, d.IDs, d.Programs, d.Source, d.Remarks
	return nil
}
