package gdelt

import (
	"context"
	"io"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// Columns of the GDELT 2.0 mentions table.
const (
	mentionFields = 16

	colMEventID    = 0
	colMEventTime  = 1
	colMTime       = 2
	colMType       = 3
	colMSourceName = 4
	colMIdentifier = 5
	colMActionOff  = 9
	colMConfidence = 11
	colMDocLen     = 12
	colMDocTone    = 13
)

// Mentions returns the format of GDELT 2.0 mentions files: 16
// tab-separated columns, no header (the files inside
// YYYYMMDDHHMMSS.mentions.CSV.zip).
func Mentions() dataset.Format {
	return dataset.Format{
		Name:   "gdelt-mentions",
		Detect: detectMentions,
		Read: func(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
			return readRows(ctx, r, name, emit, fail, []int{mentionFields}, func(f []string) (dataset.Record, error) {
				m, err := mention(f)
				return dataset.Record{Mention: m}, err
			})
		},
	}
}

// detectMentions reports whether the first line of head is a mentions row:
// 16 fields, a numeric event id and two 14-digit timestamps.
func detectMentions(head []byte) bool {
	line, _ := firstLine(head)
	f := strings.Split(text(line), "\t")
	if len(f) != mentionFields || !digits(f[colMEventID]) {
		return false
	}
	_, ok1 := stamp(f[colMEventTime], true)
	_, ok2 := stamp(f[colMTime], true)
	return ok1 && ok2 && len(f[colMTime]) == 14
}

// mention maps the fields of a mentions row.
func mention(f []string) (*event.Mention, error) {
	eid, err := id("GLOBALEVENTID", f[colMEventID])
	if err != nil {
		return nil, err
	}
	t, err := date("MentionTimeDate", f[colMTime], true)
	if err != nil {
		return nil, err
	}
	m := &event.Mention{
		Origin:     event.OriginGDELT,
		EventID:    eid,
		Time:       t,
		SourceName: f[colMSourceName],
		URL:        f[colMIdentifier],
	}
	if m.Type, err = integer("MentionType", f[colMType]); err != nil {
		return nil, err
	}
	if m.Confidence, err = integer("Confidence", f[colMConfidence]); err != nil {
		return nil, err
	}
	if m.DocLen, err = integer("MentionDocLen", f[colMDocLen]); err != nil {
		return nil, err
	}
	if m.Tone, err = number("MentionDocTone", f[colMDocTone]); err != nil {
		return nil, err
	}
	if m.CharOffset, err = integer("ActionCharOffset", f[colMActionOff]); err != nil {
		return nil, err
	}
	return m, nil
}
