package icews

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/cameo"
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
	errCode        = errors.New("unknown CAMEO code")
	errCoordinates = errors.New("bad coordinates, event kept without geography")
)

// Columns the reader uses.
const (
	colID = iota
	colDate
	colSourceName
	colSourceSectors
	colSourceCountry
	colEventText
	colCode
	colIntensity
	colTargetName
	colTargetSectors
	colTargetCountry
	colStoryID
	colSentence
	colPublisher
	colCity
	colDistrict
	colProvince
	colCountry
	colLat
	colLon
	numCols
)

// colNames are the Dataverse column names, used as the Attrs keys.
var colNames = [numCols]string{
	"Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
	"Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
	"Target Country", "Story ID", "Sentence Number", "Publisher", "City",
	"District", "Province", "Country", "Latitude", "Longitude",
}

var attrCols = []int{colStoryID, colSentence, colPublisher, colEventText, colDistrict}

// Format returns the reader of ICEWS event files.
func Format() dataset.Format {
	m := newMapper()
	return dataset.Format{Name: "icews", Detect: detect, Read: m.read}
}

// detect reports whether head starts with an ICEWS header.
func detect(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	names := map[string]bool{}
	for f := range strings.SplitSeq(string(head), "\t") {
		names[strings.ToLower(strings.TrimSpace(dataset.Unquote(strings.TrimSpace(f))))] = true
	}
	return names["event id"] && names["event date"] && names["cameo code"] && names["source name"]
}

// mapper turns rows into events. It is read-only after newMapper.
type mapper struct {
	cameo     *cameo.Table
	countries *country.Table
	sectors   []sectorRule
	igos      map[string]string
}

func newMapper() *mapper {
	m := &mapper{cameo: cameo.Load(), countries: country.Load()}
	var err error
	if m.sectors, m.igos, err = parseSectors(sectorsTSV); err != nil {
		panic(err) // the embedded table is part of the program; a test reads it
	}
	return m
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
	for col, name := range colNames {
		i, ok := pos[strings.ToLower(name)]
		if !ok {
			i = -1
		}
		c.idx[col] = i
	}
	for _, col := range []int{colID, colDate, colCode} {
		if c.idx[col] < 0 {
			return c, fmt.Errorf("header has no %s column", colNames[col])
		}
	}
	return c, nil
}

// get returns a field, with "NA" (ICEWS's missing value) as "".
func (c *columns) get(f []string, col int) string {
	i := c.idx[col]
	if i < 0 {
		return ""
	}
	v := strings.TrimSpace(f[i])
	if v == "NA" {
		return ""
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
	s := m.newState()
	return in.EachEvent(ctx, name, cols.n, func(f []string) (*event.Event, error, error) { return s.event(&cols, f) }, emit, fail)
}

// state is what one read of one file keeps: the countries and sector lists
// seen so far.
type state struct {
	*mapper
	countryOf map[string]string
	agentOf   map[string]string
}

const maxCached = 1 << 14

func (m *mapper) newState() *state {
	return &state{mapper: m, countryOf: map[string]string{}, agentOf: map[string]string{}}
}

func (s *state) event(c *columns, f []string) (ev *event.Event, geoErr, err error) {
	id := c.get(f, colID)
	if id == "" {
		return nil, nil, errNoID
	}
	ev = &event.Event{Origin: event.OriginICEWS, OriginID: id}
	d := c.get(f, colDate)
	if ev.Date, err = time.Parse(time.DateOnly, d); err != nil {
		return nil, nil, fmt.Errorf("%w: Event Date %q", errDate, d)
	}
	raw := c.get(f, colCode)
	code, ok := s.code(raw)
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q", errCode, raw)
	}
	ev.Code, ev.Root, ev.Quad, ev.Goldstein = code.Code, code.Root, code.Quad, code.Goldstein
	ev.PLOVER, ev.PLOVERMode = code.PLOVER, code.PLOVERMode
	if v := c.get(f, colIntensity); v != "" {
		g, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(g) || math.Abs(g) > 10 {
			return nil, nil, fmt.Errorf("%w: Intensity %q", errNumber, v)
		}
		ev.Goldstein = g
	}
	ev.Source = s.actor(c.get(f, colSourceName), c.get(f, colSourceSectors), c.get(f, colSourceCountry))
	ev.Target = s.actor(c.get(f, colTargetName), c.get(f, colTargetSectors), c.get(f, colTargetCountry))

	loc := &ev.Location
	loc.Name = firstOf(c.get(f, colCity), c.get(f, colDistrict), c.get(f, colProvince))
	loc.ADM1 = c.get(f, colProvince)
	if name := c.get(f, colCountry); name != "" {
		loc.Country = s.country(name)
		if loc.Name == "" {
			loc.Name = name
		}
	}
	geoErr = setGeo(loc, c.get(f, colLat), c.get(f, colLon))

	ev.Attrs = make(map[string]string, len(attrCols))
	for _, col := range attrCols {
		if v := c.get(f, col); v != "" {
			ev.Attrs[colNames[col]] = v
		}
	}
	return ev, geoErr, nil
}

// code looks a CAMEO code up, restoring a leading zero a spreadsheet
// dropped. ICEWS writes every code with three or four digits ("010", "100",
// "0213"), never a bare root, so a two-digit code lost its zero ("10" is
// "010", not the root DEMAND); a three-digit code missing from the CAMEO
// table did too ("213" is "0213"), while "100" stays as it is.
func (s *state) code(raw string) (cameo.Code, bool) {
	switch len(raw) {
	case 2:
		return s.cameo.Lookup("0" + raw)
	case 3:
		if c, ok := s.cameo.Lookup(raw); ok {
			return c, true
		}
		return s.cameo.Lookup("0" + raw)
	case 4:
		return s.cameo.Lookup(raw)
	}
	return cameo.Code{}, false
}

// country is the alpha-3 code of a country name, "" when unknown.
func (s *state) country(name string) string {
	if c, ok := s.countryOf[name]; ok {
		return c
	}
	c, _ := s.countries.ByName(name)
	if len(s.countryOf) < maxCached {
		s.countryOf[name] = c
	}
	return c
}

// actor maps an ICEWS actor. Its country is the country column's, else, for
// an IGO, the IGO's code: by its name ("European Union", "Ministry (European
// Union)") or, failing that, "IGO" when its sectors say so.
func (s *state) actor(name, sectors, countryName string) event.Actor {
	if name == "" {
		return event.Actor{}
	}
	a := event.Actor{Name: name, Sectors: sectors}
	if countryName != "" {
		a.Country = s.country(countryName)
	} else {
		a.Country = s.igo(name, sectors)
	}
	a.Code = a.Country + s.agent(sectors)
	return a
}

func (s *state) igo(name, sectors string) string {
	key := strings.ToLower(name)
	if c, ok := s.igos[key]; ok {
		return c
	}
	if i := strings.LastIndexByte(key, '('); i >= 0 && strings.HasSuffix(key, ")") {
		if c, ok := s.igos[key[i+1:len(key)-1]]; ok {
			return c
		}
	}
	for sec := range strings.SplitSeq(sectors, ",") {
		if strings.EqualFold(strings.TrimSpace(sec), "International Government Organization") {
			return "IGO"
		}
	}
	return ""
}

// agent is the CAMEO agent of a sector list.
func (s *state) agent(sectors string) string {
	if sectors == "" {
		return ""
	}
	if a, ok := s.agentOf[sectors]; ok {
		return a
	}
	a := agentOf(s.sectors, sectors)
	if len(s.agentOf) < maxCached {
		s.agentOf[sectors] = a
	}
	return a
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
