package acled

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed acled_plover.tsv
var ploverTSV string

// typeKey is an event type and sub-type, lower case; sub is "" for the row
// that covers the whole type.
type typeKey struct{ typ, sub string }

// eventType is what acled_plover.tsv says of a type.
type eventType struct {
	plover, mode, cameo string
}

func parseTypes(tsv string) (map[typeKey]eventType, error) {
	out := map[typeKey]eventType{}
	n := 0
	for l := range strings.Lines(tsv) {
		n++
		l = strings.TrimRight(l, "\r\n")
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("acled_plover.tsv:%d: %d fields, want 5", n, len(f))
		}
		k := typeKey{strings.ToLower(f[0]), strings.ToLower(f[1])}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("acled_plover.tsv:%d: %s/%s listed twice", n, f[0], f[1])
		}
		out[k] = eventType{plover: f[2], mode: f[3], cameo: f[4]}
	}
	return out, nil
}

// lookupType finds the row for an event type and sub-type, falling back to
// the type's own row.
func (m *mapper) lookupType(typ, sub string) eventType {
	if typ == "" {
		return eventType{}
	}
	typ = strings.ToLower(typ)
	if sub != "" {
		if t, ok := m.types[typeKey{typ, strings.ToLower(sub)}]; ok {
			return t
		}
	}
	return m.types[typeKey{typ, ""}]
}
