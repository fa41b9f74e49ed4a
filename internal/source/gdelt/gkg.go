package gdelt

import (
	"context"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// Columns of the GKG 2.1 layout.
const (
	gkgFields = 27

	colGID          = 0
	colGDate        = 1
	colGCollection  = 2
	colGSourceName  = 3
	colGDocument    = 4
	colGThemes      = 7
	colGV2Themes    = 8
	colGLocations   = 9
	colGV2Locations = 10
	colGPersons     = 11
	colGV2Persons   = 12
	colGOrgs        = 13
	colGV2Orgs      = 14
	colGTone        = 15
	colGTranslation = 25
	colGExtras      = 26
)

// GKG returns the format of GDELT Global Knowledge Graph 2.1 files: 27
// tab-separated columns, no header (the files inside
// YYYYMMDDHHMMSS.gkg.csv.zip).
func GKG() dataset.Format {
	return dataset.Format{
		Name:   "gkg",
		Detect: detectGKG,
		Read: func(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
			p := newGKGParser()
			return readRows(ctx, r, name, emit, fail, []int{gkgFields}, func(f []string) (dataset.Record, error) {
				a, err := p.parse(f)
				return dataset.Record{Article: a}, err
			})
		},
	}
}

// detectGKG reports whether the first line of head is a GKG 2.1 record: 27
// fields (fewer when head ends inside the line, as a long one may), a
// record id such as "20230702153000-0" and a date.
func detectGKG(head []byte) bool {
	line, complete := firstLine(head)
	f := strings.SplitN(text(line), "\t", gkgFields+1)
	if complete && len(f) != gkgFields || !complete && (len(f) > gkgFields || len(f) < colGDocument+2) {
		return false
	}
	_, ok := stamp(f[colGDate], true)
	return ok && gkgID(f[colGID])
}

// gkgID reports whether s is a GKG record id: a 14-digit timestamp, "-",
// an optional "T" (translated documents) and a sequence number.
func gkgID(s string) bool {
	ts, seq, ok := strings.Cut(s, "-")
	if !ok || len(ts) != 14 || !digits(ts) {
		return false
	}
	seq = strings.TrimPrefix(seq, "T")
	return digits(seq)
}

// gkgParser turns GKG rows into article metadata. It belongs to one Read.
// Strings it keeps are copied out of the row, so that an ArticleMeta does
// not hold on to the row's long GCAM field.
type gkgParser struct {
	countries countries
	themes    map[string]string // theme names seen, shared between records
	seen      map[string]bool   // names of the current list, for uniqueness
}

// maxThemes bounds the theme names a reader shares between records.
const maxThemes = 1 << 16

func newGKGParser() *gkgParser {
	return &gkgParser{countries: loadCountries(), themes: map[string]string{}, seen: map[string]bool{}}
}

func (p *gkgParser) parse(f []string) (*event.ArticleMeta, error) {
	if !gkgID(f[colGID]) {
		return nil, fmt.Errorf("bad GKGRECORDID %q", clip(f[colGID]))
	}
	t, err := date("DATE", f[colGDate], true)
	if err != nil {
		return nil, err
	}
	coll, err := integer("SourceCollectionIdentifier", f[colGCollection])
	if err != nil {
		return nil, err
	}
	a := &event.ArticleMeta{
		Origin:     event.OriginGDELT,
		RecordID:   strings.Clone(f[colGID]),
		Date:       t,
		SourceName: strings.Clone(f[colGSourceName]),
	}
	if tone, _, _ := strings.Cut(f[colGTone], ","); tone != "" {
		if a.Tone, err = number("V2Tone", tone); err != nil {
			return nil, err
		}
	}
	doc := strings.Clone(f[colGDocument])
	attrs := map[string]string{}
	if coll == 1 {
		a.URL = doc
	} else {
		attrs["SourceCollectionIdentifier"] = strconv.Itoa(coll)
		if doc != "" {
			attrs["DocumentIdentifier"] = doc
		}
	}
	if s := f[colGTranslation]; s != "" {
		attrs["TranslationInfo"] = strings.Clone(s)
	}
	if title := tag(f[colGExtras], "PAGE_TITLE"); title != "" {
		attrs["PAGE_TITLE"] = strings.Clone(html.UnescapeString(title))
	}
	if len(attrs) > 0 {
		a.Attrs = attrs
	}

	// V1 Themes adds the parents of V2's themes (TAX_FNCACT for
	// TAX_FNCACT_MAYOR): the union keeps both. V1 Persons and Organizations
	// are V2's names in lower case, read only when V2 has none.
	clear(p.seen)
	a.Themes = p.names(p.names(nil, f[colGV2Themes], true, true), f[colGThemes], false, true)
	clear(p.seen)
	if s := f[colGV2Persons]; s != "" {
		a.Persons = p.names(nil, s, true, false)
	} else {
		a.Persons = p.names(nil, f[colGPersons], false, false)
	}
	clear(p.seen)
	if s := f[colGV2Orgs]; s != "" {
		a.Organizations = p.names(nil, s, true, false)
	} else {
		a.Organizations = p.names(nil, f[colGOrgs], false, false)
	}
	if s := f[colGV2Locations]; s != "" {
		a.Locations = p.locations(s)
	} else {
		a.Locations = p.locations(f[colGLocations])
	}
	return a, nil
}

// names appends to out the names of a ";"-separated list that p.seen does
// not hold yet, in order of first appearance, and adds them to p.seen. With
// offsets, each entry is "name,offset" and the offset is dropped. Themes
// are interned: the same few thousand recur in every record.
func (p *gkgParser) names(out []string, list string, offsets, theme bool) []string {
	if list == "" {
		return out
	}
	for entry := range strings.SplitSeq(list, ";") {
		name := entry
		if offsets {
			if i := strings.LastIndexByte(entry, ','); i >= 0 {
				name = entry[:i]
			}
		}
		name = strings.TrimSpace(name)
		if name == "" || p.seen[name] {
			continue
		}
		p.seen[name] = true
		if theme {
			name = p.theme(name)
		} else {
			name = strings.Clone(name)
		}
		out = append(out, name)
	}
	return out
}

func (p *gkgParser) theme(name string) string {
	if s, ok := p.themes[name]; ok {
		return s
	}
	s := strings.Clone(name)
	if len(p.themes) < maxThemes {
		p.themes[s] = s
	}
	return s
}

// locations parses V2Locations ("type#name#country#adm1#adm2#lat#long#
// featureid#offset;…") or V1 Locations (without adm2 and offset), keeping
// each place once. Entries of another shape are skipped.
func (p *gkgParser) locations(list string) []event.Location {
	if list == "" {
		return nil
	}
	clear(p.seen)
	var out []event.Location
	var g [10]string
	for entry := range strings.SplitSeq(list, ";") {
		if entry == "" {
			continue
		}
		n := 0
		for part := range strings.SplitSeq(entry, "#") {
			if n == len(g) {
				break
			}
			g[n] = part
			n++
		}
		var typ, name, cc, adm1, lat, lon string
		switch n {
		case 9: // V2
			typ, name, cc, adm1, lat, lon = g[0], g[1], g[2], g[3], g[5], g[6]
		case 7: // V1
			typ, name, cc, adm1, lat, lon = g[0], g[1], g[2], g[3], g[4], g[5]
		default:
			continue
		}
		if name == "" && cc == "" {
			continue
		}
		key := entry[:len(typ)+1+len(name)+1+len(cc)+1+len(adm1)]
		if p.seen[key] {
			continue
		}
		p.seen[key] = true
		loc := event.Location{
			Name:      strings.Clone(name),
			Country:   p.countries.iso3(cc),
			Precision: strings.Clone(typ),
		}
		if len(adm1) > 2 {
			loc.ADM1 = strings.Clone(adm1)
		}
		loc.Lat, loc.Lon, loc.HasGeo = coord(lat, lon)
		out = append(out, loc)
	}
	return out
}

// tag returns the text of the first <name>…</name> element in s, as GKG
// Extras write them.
func tag(s, name string) string {
	open := "<" + name + ">"
	i := strings.Index(s, open)
	if i < 0 {
		return ""
	}
	s = s[i+len(open):]
	j := strings.Index(s, "</"+name+">")
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(s[:j])
}
