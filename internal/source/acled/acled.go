package acled

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
	errColumns     = errors.New("wrong number of columns")
	errNoID        = errors.New("missing event_id_cnty")
	errDate        = errors.New("bad date")
	errNumber      = errors.New("bad number")
	errTimestamp   = errors.New("bad timestamp")
	errCoordinates = errors.New("bad coordinates, event kept without geography")
)

// Columns the reader uses, each with its names across layouts (lower case;
// the first is the current layout's, used as the Attrs key).
const (
	colID = iota
	colDate
	colTimePrecision
	colDisorder
	colType
	colSubType
	colActor1
	colAssoc1
	colInter1
	colActor2
	colAssoc2
	colInter2
	colInteraction
	colCivilian
	colISO
	colISO3
	colRegion
	colCountry
	colAdmin1
	colAdmin2
	colAdmin3
	colLocation
	colLat
	colLon
	colGeoPrecision
	colSource
	colSourceScale
	colNotes
	colFatalities
	colTags
	colTimestamp
	colDataID
	numCols
)

var colNames = [numCols][]string{
	colID:            {"event_id_cnty"},
	colDate:          {"event_date"},
	colTimePrecision: {"time_precision"},
	colDisorder:      {"disorder_type"},
	colType:          {"event_type"},
	colSubType:       {"sub_event_type"},
	colActor1:        {"actor1"},
	colAssoc1:        {"assoc_actor_1", "ally_actor_1"},
	colInter1:        {"inter1"},
	colActor2:        {"actor2"},
	colAssoc2:        {"assoc_actor_2", "ally_actor_2"},
	colInter2:        {"inter2"},
	colInteraction:   {"interaction"},
	colCivilian:      {"civilian_targeting"},
	colISO:           {"iso"},
	colISO3:          {"iso3"},
	colRegion:        {"region"},
	colCountry:       {"country"},
	colAdmin1:        {"admin1"},
	colAdmin2:        {"admin2"},
	colAdmin3:        {"admin3"},
	colLocation:      {"location"},
	colLat:           {"latitude"},
	colLon:           {"longitude"},
	colGeoPrecision:  {"geo_precision"},
	colSource:        {"source"},
	colSourceScale:   {"source_scale"},
	colNotes:         {"notes"},
	colFatalities:    {"fatalities"},
	colTags:          {"tags"},
	colTimestamp:     {"timestamp"},
	colDataID:        {"data_id"},
}

// attrCols are the columns kept in Event.Attrs, when not empty.
var attrCols = []int{
	colType, colSubType, colDisorder, colNotes, colSource, colCivilian, colTags, colRegion,
	colAssoc1, colAssoc2, colInteraction, colTimePrecision, colAdmin2, colAdmin3, colSourceScale,
}

// Format returns the reader of ACLED event files.
func Format() dataset.Format {
	m := newMapper()
	return dataset.Format{Name: "acled", Detect: detect, Read: m.read}
}

// detect reports whether head starts with an ACLED event header.
func detect(head []byte) bool {
	h := headerNames(head)
	return h["event_id_cnty"] && h["event_date"] && h["event_type"]
}

// headerNames returns the lower-cased column names of head's first line.
func headerNames(head []byte) map[string]bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	names := map[string]bool{}
	for f := range strings.SplitSeq(string(head), ",") {
		f = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"`))
		names[strings.TrimSpace(f)] = true
	}
	return names
}

// mapper turns rows into events. It is read-only after newMapper.
type mapper struct {
	cameo     *cameo.Table
	countries *country.Table
	types     map[typeKey]eventType
	inters    map[string]inter // by code and by lower-cased label
	prefixes  []prefix
}

func newMapper() *mapper {
	m := &mapper{cameo: cameo.Load(), countries: country.Load()}
	var err error
	if m.types, err = parseTypes(ploverTSV); err != nil {
		panic(err) // the embedded table is part of the program; a test reads it
	}
	if m.inters, m.prefixes, err = parseActors(actorsTSV); err != nil {
		panic(err)
	}
	return m
}

// columns is a header: the index of each column the reader uses (-1 when
// absent) and the number of fields a row must have.
type columns struct {
	idx [numCols]int
	n   int
}

func (m *mapper) header(fields []string) (columns, error) {
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
			if i, ok := pos[n]; ok {
				c.idx[col] = i
				break
			}
		}
	}
	for _, col := range []int{colID, colDate} {
		if c.idx[col] < 0 {
			return c, fmt.Errorf("header has no %s column", colNames[col][0])
		}
	}
	return c, nil
}

func (c *columns) get(f []string, col int) string {
	if i := c.idx[col]; i >= 0 {
		return strings.TrimSpace(f[i])
	}
	return ""
}

// read is the [dataset.ReadFunc] of Format.
func (m *mapper) read(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
	rec := newRecords(r, ',')
	var cols columns
	for {
		f, _, err := rec.read()
		if errors.Is(err, io.EOF) {
			return nil // empty file
		}
		if err != nil {
			return fmt.Errorf("reading %s header: %w", name, err)
		}
		if cols, err = m.header(f); err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		break
	}
	s := m.newState()
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
		if len(f) != cols.n {
			// A record that ran over several lines was probably opened by a
			// stray quote: read the lines it swallowed again.
			rec.unread()
			fail(&dataset.RowError{File: name, Line: line, Err: fmt.Errorf("%w: %d, want %d", errColumns, len(f), cols.n)})
			continue
		}
		ev, geoErr, err := s.event(&cols, f)
		if err != nil {
			fail(&dataset.RowError{File: name, Line: line, Err: err})
			continue
		}
		if geoErr != nil {
			fail(&dataset.RowError{File: name, Line: line, Err: geoErr})
		}
		if err := emit(dataset.Record{Line: line, Event: ev}); err != nil {
			return err
		}
	}
}

// state is what one read of one file keeps: the date layout that worked
// last and the actors seen so far.
type state struct {
	*mapper
	layout string
	actors map[string]actorInfo
}

const maxCachedActors = 1 << 14

func (m *mapper) newState() *state {
	return &state{mapper: m, actors: map[string]actorInfo{}}
}

// event maps one row. geoErr reports coordinates that were dropped.
func (s *state) event(c *columns, f []string) (ev *event.Event, geoErr, err error) {
	id := c.get(f, colID)
	if id == "" {
		// The 2020 API layout has rows without event_id_cnty; its data_id
		// still identifies the row.
		d := c.get(f, colDataID)
		if d == "" {
			return nil, nil, errNoID
		}
		id = "data_id:" + d
	}
	ev = &event.Event{Origin: event.OriginACLED, OriginID: id}
	if ev.Date, err = s.date(c.get(f, colDate)); err != nil {
		return nil, nil, err
	}
	if v := c.get(f, colFatalities); v != "" {
		if ev.Fatalities, err = strconv.Atoi(v); err != nil || ev.Fatalities < 0 {
			return nil, nil, fmt.Errorf("%w: fatalities %q", errNumber, v)
		}
	}
	if v := c.get(f, colTimestamp); v != "" {
		if ev.Updated, err = parseTimestamp(v); err != nil {
			return nil, nil, fmt.Errorf("%w: timestamp %q", errTimestamp, v)
		}
	}
	ev.Source = s.actor(c.get(f, colActor1), c.get(f, colInter1))
	ev.Target = s.actor(c.get(f, colActor2), c.get(f, colInter2))

	t := s.lookupType(c.get(f, colType), c.get(f, colSubType))
	ev.PLOVER, ev.PLOVERMode = t.plover, t.mode
	if t.cameo != "" {
		if code, ok := s.cameo.Lookup(t.cameo); ok {
			ev.Code, ev.Root, ev.Goldstein, ev.Quad = code.Code, code.Root, code.Goldstein, code.Quad
		}
	}

	loc := &ev.Location
	loc.Name = c.get(f, colLocation)
	loc.ADM1 = c.get(f, colAdmin1)
	loc.Precision = c.get(f, colGeoPrecision)
	loc.Country = s.locationCountry(c.get(f, colISO3), c.get(f, colISO), c.get(f, colCountry))
	geoErr = setGeo(loc, c.get(f, colLat), c.get(f, colLon))

	ev.Attrs = make(map[string]string, len(attrCols))
	for _, col := range attrCols {
		if v := c.get(f, col); v != "" {
			ev.Attrs[colNames[col][0]] = v
		}
	}
	return ev, geoErr, nil
}

// locationCountry is the ISO alpha-3 code of the event's country.
func (s *state) locationCountry(iso3, iso, name string) string {
	if iso3 != "" {
		if u := strings.ToUpper(iso3); s.countries.IsCode(u) {
			return u
		}
	}
	if iso != "" {
		if c, ok := s.countries.ByNumeric(iso); ok {
			return c
		}
	}
	if name != "" {
		if c, ok := s.countries.ByName(name); ok {
			return c
		}
	}
	return ""
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

// parseTimestamp parses a revision time: Unix seconds, as ACLED writes
// them, or a date and time, as a spreadsheet may have rewritten them.
func parseTimestamp(v string) (time.Time, error) {
	if sec, err := strconv.ParseInt(v, 10, 64); err == nil && sec >= 0 {
		return time.Unix(sec, 0).UTC(), nil
	}
	for _, l := range []string{time.DateTime, time.RFC3339} {
		if t, err := time.Parse(l, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errTimestamp
}

// dateLayouts are the ways ACLED files write event_date.
var dateLayouts = []string{
	"2 January 2006", // current export: 01 November 2024
	"2-January-2006", // 2016 layout: 01-January-2015
	"2-Jan-06",       // re-saved by a spreadsheet: 9-May-20
	"2006-01-02",     // the API
	"2 Jan 2006",
	"2-Jan-2006",
	"2006/01/02",
}

// date parses an event_date, trying first the layout that worked last.
func (s *state) date(v string) (time.Time, error) {
	if s.layout != "" {
		if t, err := time.Parse(s.layout, v); err == nil {
			return t, nil
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			s.layout = l
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: event_date %q", errDate, v)
}
