package acled

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// Deletions returns the reader of ACLED deletion files: a header
// event_id_cnty,deleted_timestamp and one row for each event ACLED withdrew,
// with the Unix time of the withdrawal. Each row becomes a Record whose
// Delete is set.
func Deletions() dataset.Format {
	return dataset.Format{Name: "acled-deletions", Detect: detectDeletions, Read: readDeletions}
}

func detectDeletions(head []byte) bool {
	h := headerNames(head)
	return h["event_id_cnty"] && h["deleted_timestamp"]
}

func readDeletions(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
	rec := newRecords(r, ',')
	f, _, err := rec.read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s header: %w", name, err)
	}
	idCol, tsCol := -1, -1
	for i, h := range f {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "event_id_cnty":
			idCol = i
		case "deleted_timestamp":
			tsCol = i
		}
	}
	if idCol < 0 || tsCol < 0 {
		return fmt.Errorf("reading %s: header has no event_id_cnty or deleted_timestamp column", name)
	}
	want := len(f)
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		f, line, err := rec.read()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, errUnterminated) || errors.Is(err, errTooLong):
			fail(&dataset.RowError{File: name, Line: line, Err: err})
			continue
		case err != nil:
			return fmt.Errorf("reading %s: %w", name, err)
		}
		if len(f) != want {
			rec.unread()
			fail(&dataset.RowError{File: name, Line: line, Err: fmt.Errorf("%w: %d, want %d", errColumns, len(f), want)})
			continue
		}
		id := strings.TrimSpace(f[idCol])
		if id == "" {
			fail(&dataset.RowError{File: name, Line: line, Err: errNoID})
			continue
		}
		ts := strings.TrimSpace(f[tsCol])
		at, err := parseTimestamp(ts)
		if err != nil {
			fail(&dataset.RowError{File: name, Line: line, Err: fmt.Errorf("%w: deleted_timestamp %q", errTimestamp, ts)})
			continue
		}
		d := &dataset.Deletion{Origin: event.OriginACLED, OriginID: id, Time: at}
		if err := emit(dataset.Record{Line: line, Delete: d}); err != nil {
			return err
		}
	}
}
