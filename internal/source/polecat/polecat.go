package polecat

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/acled/country"
	"github.com/georisk/georisk/internal/source/dataset"
)

// Reasons a row is reported.
var (
	errColumns     = dataset.ErrColumns
	errNoID        = errors.New("missing Event ID")
	errDate        = errors.New("bad date")
	errNumber      = errors.New("bad number")
	errType        = errors.New("unknown PLOVER event type")
	errCoordinates = errors.New("bad coordinates, event kept without geography")
)

// Columns the reader uses.
const (
	colID = iota
	colDate
	colType
	colMode
	colIntensity
	colQuad
	colContexts
	colActorName
	colActorCountry
	colActorSector
	colActorSectors
	colActorTitle
	colActorWiki
	colRecipientName
	colRecipientCountry
	colRecipientSector
	colRecipientSectors
	colRecipientTitle
	colRecipientWiki
	colPlacename
	colCity
	colDistrict
	colProvince
	colCountry
	colLat
	colLon
	colGeoNamesID
	colFeatureType
	colSource
	colPublished
	colLanguage
	colVersion
	colStoryID
	colEventText
	colHeadline
	numCols
)

// colNames are each column's names, the first used as the Attrs key.
var colNames = [numCols][]string{
	colID:               {"Event ID"},
	colDate:             {"Event Date"},
	colType:             {"Event Type"},
	colMode:             {"Event Mode"},
	colIntensity:        {"Intensity", "Event Intensity"},
	colQuad:             {"Quad Code"},
	colContexts:         {"Contexts"},
	colActorName:        {"Actor Name"},
	colActorCountry:     {"Actor Country"},
	colActorSector:      {"Primary Actor Sector"},
	colActorSectors:     {"Actor Sectors"},
	colActorTitle:       {"Actor Title"},
	colActorWiki:        {"Wikipedia Actor ID"},
	colRecipientName:    {"Recipient Name"},
	colRecipientCountry: {"Recipient Country"},
	colRecipientSector:  {"Primary Recipient Sector"},
	colRecipientSectors: {"Recipient Sectors"},
	colRecipientTitle:   {"Recipient Title"},
	colRecipientWiki:    {"Wikipedia Recipient ID"},
	colPlacename:        {"Placename"},
	colCity:             {"City"},
	colDistrict:         {"District"},
	colProvince:         {"Province"},
	colCountry:          {"Country"},
	colLat:              {"Latitude"},
	colLon:              {"Longitude"},
	colGeoNamesID:       {"GeoNames ID"},
	colFeatureType:      {"Feature Type"},
	colSource:           {"Source"},
	colPublished:        {"Publication Date"},
	colLanguage:         {"Language"},
	colVersion:          {"Version"},
	colStoryID:          {"Story ID"},
	colEventText:        {"Event Text"},
	colHeadline:         {"Headline"},
}

var attrCols = []int{
	colContexts, colSource, colStoryID, colEventText, colHeadline, colLanguage,
	colPublished, colVersion, colActorTitle, colRecipientTitle, colGeoNamesID,
}

// legacyTypes are the names of PLOVER 0.6 and before.
var legacyTypes = map[string]string{
	"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
}

// cameoAgent translates the PLOVER sector codes whose CAMEO meaning differs.
var cameoAgent = map[string]string{"JRN": "MED", "MED": "HLH"}

// quads are the Quad Code labels, in GDELT's numbering.
var quads = map[string]int{
	"VERBAL COOPERATION": 1, "MATERIAL COOPERATION": 2, "VERBAL CONFLICT": 3, "MATERIAL CONFLICT": 4,
	"1": 1, "2": 2, "3": 3, "4": 4,
}

//go:embed plover.tsv
var ploverTSV string

// score is what plover.tsv says of a type or mode.
type score struct {
	quad   int
	score  float64
	scored bool
}

// Format returns the reader of POLECAT event files.
func Format() dataset.Format {
	m := newMapper()
	return dataset.Format{Name: "polecat", Detect: detect, Read: m.read}
}

// detect reports whether head starts with a POLECAT header.
func detect(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	names := map[string]bool{}
	for f := range strings.SplitSeq(string(head), "\t") {
		names[strings.ToLower(strings.TrimSpace(dataset.Unquote(strings.TrimSpace(f))))] = true
	}
	return names["event id"] && names["event type"] && names["event mode"] && (names["actor name"] || names["recipient name"])
}

type mapper struct {
	countries *country.Table
	scores    map[[2]string]score // by type and mode ("" for the type)
}

func newMapper() *mapper {
	m := &mapper{countries: country.Load()}
	var err error
	if m.scores, err = parseScores(ploverTSV); err != nil {
		panic(err) // the embedded table is part of the program; a test reads it
	}
	return m
}

func parseScores(tsv string) (map[[2]string]score, error) {
	out := map[[2]string]score{}
	n := 0
	for l := range strings.Lines(tsv) {
		n++
		l = strings.TrimRight(l, "\r\n")
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("plover.tsv:%d: %d fields, want 4", n, len(f))
		}
		var s score
		var err error
		if s.quad, err = strconv.Atoi(f[2]); err != nil || s.quad < 1 || s.quad > 4 {
			return nil, fmt.Errorf("plover.tsv:%d: bad quad %q", n, f[2])
		}
		if f[3] != "" {
			if s.score, err = strconv.ParseFloat(f[3], 64); err != nil {
				return nil, fmt.Errorf("plover.tsv:%d: bad score %q", n, f[3])
			}
			s.scored = true
		}
		out[[2]string{f[0], f[1]}] = s
	}
	return out, nil
}

type columns struct {
	idx [numCols]int
	n   int
}

func header(fields []string) (columns, error) {
	c := columns{n: len(fields)}
	pos := map[string]int{}
	for i, f := range fields {
		f = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
		if _, dup := pos[f]; !dup {
			pos[f] = i
		}
	}
	for col, names := range colNames {
		c.idx[col] = -1
		for _, n := range names {
			if i, ok := pos[strings.ToLower(n)]; ok {
				c.idx[col] = i
				break
			}
		}
	}
	for _, col := range []int{colID, colDate, colType} {
		if c.idx[col] < 0 {
			return c, fmt.Errorf("header has no %s column", colNames[col][0])
		}
	}
	return c, nil
}

// get returns a field, with POLECAT's missing values as "".
func (c *columns) get(f []string, col int) string {
	i := c.idx[col]
	if i < 0 {
		return ""
	}
	v := strings.TrimSpace(f[i])
	switch v {
	case "None", "NA", "nan":
		return ""
	}
	return v
}

// first returns the first of ";"-separated values.
func first(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		return strings.TrimSpace(v[:i])
	}
	return v
}

func (m *mapper) read(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
	in := dataset.NewTSV(r)
	f, _, err := in.Read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s header: %w", name, err)
	}
	cols, err := header(f)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	return in.EachEvent(ctx, name, cols.n, func(f []string) (*event.Event, error, error) { return m.event(&cols, f) }, emit, fail)
}

func (m *mapper) event(c *columns, f []string) (ev *event.Event, geoErr, err error) {
	id := c.get(f, colID)
	if id == "" {
		return nil, nil, errNoID
	}
	ev = &event.Event{Origin: event.OriginPOLECAT, OriginID: id}
	d := c.get(f, colDate)
	// Some files write a time after the date.
	if len(d) > 10 && (d[10] == ' ' || d[10] == 'T') {
		d = d[:10]
	}
	if ev.Date, err = time.Parse(time.DateOnly, d); err != nil {
		return nil, nil, fmt.Errorf("%w: Event Date %q", errDate, c.get(f, colDate))
	}
	typ := strings.ToUpper(c.get(f, colType))
	if t, ok := legacyTypes[typ]; ok {
		typ = t
	}
	ts, ok := m.scores[[2]string{typ, ""}]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q", errType, c.get(f, colType))
	}
	mode := strings.ToLower(c.get(f, colMode))
	ev.PLOVER, ev.PLOVERMode = typ, mode
	ev.Goldstein, ev.Quad = ts.score, ts.quad
	if ms, ok := m.scores[[2]string{typ, mode}]; ok && mode != "" && ms.scored {
		ev.Goldstein = ms.score
	}
	if v := c.get(f, colIntensity); v != "" {
		g, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(g) || math.Abs(g) > 10 {
			return nil, nil, fmt.Errorf("%w: Intensity %q", errNumber, v)
		}
		ev.Goldstein = g
	}
	if q, ok := quads[strings.ToUpper(c.get(f, colQuad))]; ok {
		ev.Quad = q
	}
	ev.Source = m.actor(c.get(f, colActorName), c.get(f, colActorCountry), c.get(f, colActorSector), c.get(f, colActorSectors), c.get(f, colActorWiki))
	ev.Target = m.actor(c.get(f, colRecipientName), c.get(f, colRecipientCountry), c.get(f, colRecipientSector), c.get(f, colRecipientSectors), c.get(f, colRecipientWiki))

	loc := &ev.Location
	loc.Name = firstOf(c.get(f, colPlacename), c.get(f, colCity), c.get(f, colDistrict), c.get(f, colProvince))
	loc.ADM1 = c.get(f, colProvince)
	loc.Country = m.country(first(c.get(f, colCountry)))
	loc.Precision = c.get(f, colFeatureType)
	geoErr = setGeo(loc, c.get(f, colLat), c.get(f, colLon))

	ev.Attrs = make(map[string]string, len(attrCols))
	for _, col := range attrCols {
		if v := c.get(f, col); v != "" {
			ev.Attrs[colNames[col][0]] = v
		}
	}
	return ev, geoErr, nil
}

// country normalizes a country: POLECAT writes ISO alpha-3 codes, but a name
// is looked up.
func (m *mapper) country(v string) string {
	if v == "" {
		return ""
	}
	if len(v) == 3 && isUpper(v) {
		return v
	}
	c, _ := m.countries.ByName(v)
	return c
}

func (m *mapper) actor(name, countryCode, sector, sectors, wiki string) event.Actor {
	if name == "" && countryCode == "" {
		return event.Actor{}
	}
	a := event.Actor{Name: name, Sectors: sectors, Raw: wiki}
	a.Country = m.country(first(countryCode))
	agent := strings.ToUpper(first(sector))
	if c, ok := cameoAgent[agent]; ok {
		agent = c
	}
	if len(agent) != 3 || !isUpper(agent) {
		agent = ""
	}
	a.Code = a.Country + agent
	return a
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// setGeo sets the coordinates of loc, or reports why it cannot. Both empty
// is no error: the row has no geography.
func setGeo(loc *event.Location, lat, lon string) error {
	if lat == "" && lon == "" {
		return nil
	}
	y, err1 := strconv.ParseFloat(lat, 64)
	x, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || math.IsNaN(y) || math.IsNaN(x) || math.Abs(y) > 90 || math.Abs(x) > 180 {
		return fmt.Errorf("%w: %q, %q", errCoordinates, lat, lon)
	}
	loc.Lat, loc.Lon, loc.HasGeo = y, x, true
	return nil
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
