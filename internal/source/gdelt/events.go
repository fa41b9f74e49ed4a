package gdelt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// Columns shared by the GDELT 1.0 and 2.0 event layouts (0-based).
const (
	colID          = 0
	colSQLDate     = 1
	colActor1      = 5 // Actor1Code; Actor2Code is colActor1+actorCols
	colIsRoot      = 25
	colEventCode   = 26
	colBaseCode    = 27
	colRootCode    = 28
	colQuadClass   = 29
	colGoldstein   = 30
	colNumMentions = 31
	colNumSources  = 32
	colNumArticles = 33
	colAvgTone     = 34
	colGeo         = 35 // Actor1Geo_Type, the first of three geo blocks
)

// Field counts of the event layouts.
const (
	eventFields   = 61 // GDELT 2.0
	v1Fields      = 57 // GDELT 1.0 backfile, without SOURCEURL
	v1DailyFields = 58 // GDELT 1.0 daily files, with SOURCEURL
)

// layout says where the columns that differ between GDELT 1.0 and 2.0 are.
type layout struct {
	geoWidth int // columns in each geo block: 8 in 2.0 (with ADM2Code), 7 in 1.0
}

var (
	layout2 = layout{geoWidth: 8}
	layout1 = layout{geoWidth: 7}
)

// geoBlock holds the columns of one geo block.
type geoBlock struct {
	typ, name, country, adm1, adm2, lat, lon, feature string
}

func (l layout) geo(f []string, block int) geoBlock {
	g := f[colGeo+block*l.geoWidth:]
	if l.geoWidth == 8 {
		return geoBlock{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]}
	}
	return geoBlock{typ: g[0], name: g[1], country: g[2], adm1: g[3], lat: g[4], lon: g[5], feature: g[6]}
}

// dateAdded is the column of DATEADDED; SOURCEURL, where present, follows.
func (l layout) dateAdded() int { return colGeo + 3*l.geoWidth }

// Events returns the format of GDELT 2.0 event exports: 61 tab-separated
// columns, no header (the files inside YYYYMMDDHHMMSS.export.CSV.zip).
func Events() dataset.Format {
	return dataset.Format{
		Name:   "gdelt",
		Detect: func(head []byte) bool { return detectEvents(head, eventFields) },
		Read: func(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
			p := newEventParser()
			return readRows(ctx, r, name, emit, fail, []int{eventFields}, func(f []string) (dataset.Record, error) {
				ev, err := p.parse(f, layout2, true)
				return dataset.Record{Event: ev}, err
			})
		},
	}
}

// V1 returns the format of GDELT 1.0 event files: 57 tab-separated columns
// (the historical backfile) or 58 (the daily files, with SOURCEURL), chosen
// for each row; no header.
func V1() dataset.Format {
	return dataset.Format{
		Name:   "gdelt1",
		Detect: func(head []byte) bool { return detectEvents(head, v1Fields, v1DailyFields) },
		Read: func(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
			p := newEventParser()
			return readRows(ctx, r, name, emit, fail, []int{v1Fields, v1DailyFields}, func(f []string) (dataset.Record, error) {
				ev, err := p.parse(f, layout1, len(f) == v1DailyFields)
				return dataset.Record{Event: ev}, err
			})
		},
	}
}

// detectEvents reports whether the first line of head is an event row
// with one of the field counts n: a numeric GLOBALEVENTID and an
// eight-digit SQLDATE.
func detectEvents(head []byte, n ...int) bool {
	line, _ := firstLine(head)
	f := strings.Split(text(line), "\t")
	if !slices.Contains(n, len(f)) {
		return false
	}
	_, ok := stamp(f[colSQLDate], false)
	return digits(f[colID]) && ok
}

// eventParser turns event rows into events. It belongs to one Read.
type eventParser struct {
	codes     *cameo.Table
	countries countries
}

func newEventParser() *eventParser {
	return &eventParser{codes: cameo.Load(), countries: loadCountries()}
}

// parse maps the fields of an event row laid out as l; url says whether it
// ends with SOURCEURL.
func (p *eventParser) parse(f []string, l layout, url bool) (*event.Event, error) {
	oid, err := id("GLOBALEVENTID", f[colID])
	if err != nil {
		return nil, err
	}
	day, err := date("SQLDATE", f[colSQLDate], false)
	if err != nil {
		return nil, err
	}
	da := l.dateAdded()
	added, err := date("DATEADDED", f[da], true)
	if err != nil {
		return nil, err
	}
	code, c, err := p.code(f[colEventCode], f[colRootCode])
	if err != nil {
		return nil, err
	}
	ev := &event.Event{
		Origin:     event.OriginGDELT,
		OriginID:   oid,
		Date:       day,
		Updated:    added,
		Source:     actor(f[colActor1 : colActor1+actorCols]),
		Target:     actor(f[colActor1+actorCols : colActor1+2*actorCols]),
		Code:       code,
		Root:       c.Root,
		PLOVER:     c.PLOVER,
		PLOVERMode: c.PLOVERMode,
		Goldstein:  c.Goldstein,
		Quad:       c.Quad,
	}
	if s := f[colGoldstein]; s != "" {
		if ev.Goldstein, err = number("GoldsteinScale", s); err != nil {
			return nil, err
		}
	}
	if s := f[colQuadClass]; s != "" {
		q, err := integer("QuadClass", s)
		if err != nil || q < 0 || q > 4 {
			return nil, fmt.Errorf("bad QuadClass %q", clip(s))
		}
		if q != 0 {
			ev.Quad = q
		}
	}
	if ev.Mentions, err = integer("NumMentions", f[colNumMentions]); err != nil {
		return nil, err
	}
	if ev.Sources, err = integer("NumSources", f[colNumSources]); err != nil {
		return nil, err
	}
	if ev.Articles, err = integer("NumArticles", f[colNumArticles]); err != nil {
		return nil, err
	}
	if ev.Tone, err = number("AvgTone", f[colAvgTone]); err != nil {
		return nil, err
	}
	if url {
		ev.URL = f[da+1]
	}

	g := l.geo(f, 2)
	ev.Location = p.location(g)
	attrs := make(map[string]string, 6)
	set := func(k, v string) {
		if v != "" {
			attrs[k] = v
		}
	}
	set("IsRootEvent", f[colIsRoot])
	set("EventBaseCode", f[colBaseCode])
	set("ActionGeo_CountryCode", g.country)
	set("ActionGeo_FeatureID", g.feature)
	set("Actor1Geo_FullName", l.geo(f, 0).name)
	set("Actor2Geo_FullName", l.geo(f, 1).name)
	ev.Attrs = attrs
	return ev, nil
}

// code looks up an EventCode, restoring a leading zero that was lost when
// the root code shows it ("10" under root "01" is "010"; under "10" it is
// DEMAND).
func (p *eventParser) code(code, root string) (string, cameo.Code, error) {
	if code == "" {
		return "", cameo.Code{}, errors.New("no EventCode")
	}
	c, ok := p.codes.Lookup(code)
	if ok && (root == "" || sameRoot(c.Root, root)) {
		return c.Code, c, nil
	}
	if root != "" && code[0] != '0' && len(code) <= 3 && digits(code) {
		if z, ok := p.codes.Lookup("0" + code); ok && sameRoot(z.Root, root) {
			return z.Code, z, nil
		}
	}
	if ok {
		return c.Code, c, nil // the root code disagrees; the event code wins
	}
	if digits(code) {
		return "", cameo.Code{}, fmt.Errorf("unknown CAMEO code %s", clip(code))
	}
	return "", cameo.Code{}, fmt.Errorf("unknown CAMEO code %q", clip(code))
}

// sameRoot reports whether the root given in a row ("01" or "1") is the
// table's root ("01").
func sameRoot(table, given string) bool {
	return strings.TrimLeft(table, "0") == strings.TrimLeft(given, "0")
}

// location maps the ActionGeo block.
func (p *eventParser) location(g geoBlock) event.Location {
	if g.name == "" && g.country == "" && g.lat == "" && g.lon == "" {
		return event.Location{}
	}
	loc := event.Location{
		Name:      g.name,
		Country:   p.countries.iso3(g.country),
		Precision: g.typ,
	}
	if len(g.adm1) > 2 {
		loc.ADM1 = g.adm1
	}
	loc.Lat, loc.Lon, loc.HasGeo = coord(g.lat, g.lon)
	return loc
}
