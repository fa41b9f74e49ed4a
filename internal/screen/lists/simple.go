package lists

import (
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/screen"
)

// ReadCSV reads a list kept by hand as CSV with a header. Columns (any
// order, case-insensitive): name (required), id, aliases (";" between),
// name_zh or chinese_name (a name in characters), type (person, org…),
// country or countries, dob, ids (";" between; a Unified Social Credit
// Code may be given bare), program or programs, remarks or notes. An entry
// without an id gets its line number.
func ReadCSV(list string, f File) (List, error) {
	recs, lines, err := csvRecords(f, 0)
	if err != nil {
		return List{}, err
	}
	if len(recs) == 0 {
		return List{}, errAt(f.Name, 1, "empty file: want a header with a name column")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["name"]; !ok {
		return List{}, errAt(f.Name, lines[0], "no name column in the header %q", strings.Join(recs[0], ","))
	}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if i, ok := col[n]; ok {
				return strings.TrimSpace(rec[i])
			}
		}
		return ""
	}
	var out List
	seen := map[string]int{}
	for k, rec := range recs[1:] {
		line := lines[k+1]
		e := screen.Entry{List: list, Name: get(rec, "name"), ID: get(rec, "id")}
		if e.Name == "" {
			return List{}, errAt(f.Name, line, "entry without a name")
		}
		if e.ID == "" {
			e.ID = strconv.Itoa(line)
		}
		if prev, dup := seen[e.ID]; dup {
			return List{}, errAt(f.Name, line, "id %q already used on line %d", e.ID, prev)
		}
		seen[e.ID] = line
		if t := get(rec, "type"); t != "" {
			if e.Type = screen.NormalType(t); e.Type == "" {
				return List{}, errAt(f.Name, line, "unknown type %q (want person, org, vessel or aircraft)", t)
			}
		}
		e.Aliases = splitList(get(rec, "aliases", "alias"), ";")
		if zh := get(rec, "name_zh", "chinese_name", "original_name"); zh != "" {
			e.Aliases = append(e.Aliases, zh)
		}
		for _, c := range splitList(get(rec, "countries", "country"), ";") {
			e.Countries = addUnique(e.Countries, countryOf(c))
		}
		e.DOBs = splitList(get(rec, "dob", "dates_of_birth"), ";")
		e.IDs = splitList(get(rec, "ids", "id_numbers", "uscc"), ";")
		e.Programs = splitList(get(rec, "programs", "program"), ";")
		e.Remarks = get(rec, "remarks", "notes")
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}
