package lists

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/georisk/georisk/internal/screen"
)

// ReadCSL reads the US Consolidated Screening List as CSV (the current
// layout, whose first column is _id, or the older one without it) or JSON
// (an object with "results", or an array of entries).
func ReadCSL(list string, f File) (List, error) {
	br := bufio.NewReader(f.R)
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	f.R = br
	if len(head) > 0 && (head[0] == '{' || head[0] == '[') {
		return readCSLJSON(list, f)
	}
	recs, lines, err := csvRecords(f, 0)
	if err != nil {
		return List{}, err
	}
	if len(recs) == 0 {
		return List{}, errAt(f.Name, 1, "empty file: want a CSL header")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"name", "source"} {
		if _, ok := col[need]; !ok {
			return List{}, errAt(f.Name, lines[0], "no %q column: not a Consolidated Screening List header", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out List
	for k, rec := range recs[1:] {
		line := lines[k+1]
		name := get(rec, "name")
		if name == "" {
			return List{}, errAt(f.Name, line, "entry without a name")
		}
		e := screen.Entry{List: list, Name: name, Type: screen.NormalType(get(rec, "type")), Source: get(rec, "source"),
			Remarks: get(rec, "remarks")}
		e.ID = get(rec, "_id")
		if e.ID == "" {
			e.ID = get(rec, "entity_number")
		}
		if e.ID == "" {
			e.ID = stableID(e.Source, name, get(rec, "addresses"))
		}
		e.Aliases = splitList(get(rec, "alt_names"), ";")
		e.Programs = splitList(get(rec, "programs"), ";")
		e.DOBs = splitList(get(rec, "dates_of_birth"), ";")
		for _, a := range splitList(get(rec, "addresses"), ";") {
			if i := strings.LastIndex(a, ","); i >= 0 {
				if c := strings.TrimSpace(a[i+1:]); len(c) == 2 {
					e.Countries = addUnique(e.Countries, strings.ToUpper(c))
				}
			}
		}
		for _, c := range append(splitList(get(rec, "citizenships"), ";"), splitList(get(rec, "nationalities"), ";")...) {
			e.Countries = addUnique(e.Countries, countryOf(c))
		}
		e.IDs = splitList(get(rec, "ids"), ";")
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

func countryOf(s string) string {
	if c := screen.CountryCode(s); c != "" {
		return c
	}
	return strings.TrimSpace(s)
}

// cslJSON is an entry of the CSL JSON API and download.
type cslJSON struct {
	ID            string          `json:"id"`
	UnderscoreID  string          `json:"_id"`
	EntityNumber  json.RawMessage `json:"entity_number"`
	Source        string          `json:"source"`
	Type          string          `json:"type"`
	Name          string          `json:"name"`
	AltNames      []string        `json:"alt_names"`
	Programs      []string        `json:"programs"`
	Remarks       string          `json:"remarks"`
	DatesOfBirth  json.RawMessage `json:"dates_of_birth"`
	Citizenships  json.RawMessage `json:"citizenships"`
	Nationalities json.RawMessage `json:"nationalities"`
	Addresses     []struct {
		Country string `json:"country"`
	} `json:"addresses"`
	IDs []struct {
		Type   string `json:"type"`
		Number string `json:"number"`
	} `json:"ids"`
}

func readCSLJSON(list string, f File) (List, error) {
	b, err := io.ReadAll(f.R)
	if err != nil {
		return List{}, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	var rows []cslJSON
	var wrapped struct {
		Results []cslJSON `json:"results"`
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		err = json.Unmarshal(b, &rows)
	} else {
		err = json.Unmarshal(b, &wrapped)
		rows = wrapped.Results
	}
	if err != nil {
		return List{}, jsonError(f.Name, b, err)
	}
	var out List
	for i, r := range rows {
		if strings.TrimSpace(r.Name) == "" {
			return List{}, fmt.Errorf("%s: entry %d: entry without a name", f.Name, i+1)
		}
		e := screen.Entry{List: list, Name: r.Name, Type: screen.NormalType(r.Type), Source: r.Source, Remarks: r.Remarks,
			Aliases: r.AltNames, Programs: r.Programs}
		e.ID = firstNonEmpty(r.UnderscoreID, r.ID, strings.Trim(string(r.EntityNumber), `"`))
		if e.ID == "" || e.ID == "null" {
			e.ID = stableID(r.Source, r.Name)
		}
		e.DOBs = stringsOf(r.DatesOfBirth)
		for _, c := range append(stringsOf(r.Citizenships), stringsOf(r.Nationalities)...) {
			e.Countries = addUnique(e.Countries, countryOf(c))
		}
		for _, a := range r.Addresses {
			e.Countries = addUnique(e.Countries, countryOf(a.Country))
		}
		for _, id := range r.IDs {
			e.IDs = append(e.IDs, strings.TrimSpace(id.Type+" "+id.Number))
		}
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

// stringsOf reads a JSON string ("a; b") or array of strings.
func stringsOf(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return splitList(s, ";")
	}
	var ss []string
	if json.Unmarshal(raw, &ss) == nil {
		return ss
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// jsonError names the line of a JSON syntax or type error.
func jsonError(file string, b []byte, err error) error {
	off := int64(-1)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case asErr(err, &se):
		off = se.Offset
	case asErr(err, &te):
		off = te.Offset
	}
	if off >= 0 && off <= int64(len(b)) {
		return &lineError{file, 1 + bytes.Count(b[:off], []byte("\n")), err}
	}
	return fmt.Errorf("%s: %w", file, err)
}
