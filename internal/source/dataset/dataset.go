// Package dataset is what the readers of event datasets (GDELT, ACLED,
// ICEWS, POLECAT) have in common: the records they yield, the row errors
// they report, and the Format that describes each reader. The readers live in
// sibling packages (source/gdelt, source/acled, …); Read in this package
// walks files, directories, archives and URLs and hands each file to its
// reader.
package dataset

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// Record is one row of a dataset turned into georisk's model. Exactly one of
// Event, Mention, Article and Delete is set.
type Record struct {
	Line    int // 1-based line (or record) number in its file
	Event   *event.Event
	Mention *event.Mention
	Article *event.ArticleMeta
	Delete  *Deletion
}

// Deletion says that the dataset withdrew an event (ACLED deletion files).
type Deletion struct {
	Origin   string
	OriginID string
	Time     time.Time
}

// RowError reports one row that could not be read. The reader skips it and
// goes on.
type RowError struct {
	File string
	Line int
	Err  error
}

func (e *RowError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// ReadFunc reads one file of a dataset from r, streaming: it calls emit for
// each record and fail for each bad row, in file order, and returns when r is
// exhausted, when ctx is done, or with the error emit returned. name is the
// file's name for messages. An error return means the file as a whole could
// not be read further (a truncated archive, say); rows already emitted stand.
type ReadFunc func(ctx context.Context, r io.Reader, name string, emit func(Record) error, fail func(*RowError)) error

// Format describes one dataset layout.
type Format struct {
	Name string // as typed after "georisk import": "gdelt", "acled", …
	// Detect reports whether a file whose first bytes (up to 64 KB, the
	// whole first lines) are head is in this format. Detection by header
	// names where the format has a header, else by column count and the
	// shape of the first row.
	Detect func(head []byte) bool
	Read   ReadFunc
}
