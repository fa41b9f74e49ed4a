package lists

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/georisk/georisk/internal/screen"
)

// ReadSDN reads OFAC's SDN list in its legacy CSV set: sdn.csv (required),
// and add.csv, alt.csv and sdn_comments.csv when given, told apart by their
// file names. The files have no header; "-0-" means empty.
func ReadSDN(list string, files []File) (List, error) {
	var sdn *File
	byKind := map[string]File{}
	for i, f := range files {
		base := strings.ToLower(strings.TrimSuffix(filepath.Base(f.Name), filepath.Ext(f.Name)))
		switch {
		case strings.Contains(base, "comment"):
			byKind["comments"] = f
		case strings.HasPrefix(base, "add"):
			byKind["add"] = f
		case strings.HasPrefix(base, "alt"):
			byKind["alt"] = f
		case strings.HasPrefix(base, "sdn"):
			sdn = &files[i]
		default:
			return List{}, fmt.Errorf("%s: not a file of the SDN set (want sdn.csv, add.csv, alt.csv, sdn_comments.csv)", f.Name)
		}
	}
	if sdn == nil {
		return List{}, fmt.Errorf("the SDN set needs sdn.csv (given: %d other files)", len(files))
	}
	recs, lines, err := csvRecords(*sdn, 12)
	if err != nil {
		return List{}, err
	}
	var out List
	at := map[string]int{}
	for i, r := range recs {
		id := strings.TrimSpace(r[0])
		if id == "" || strings.Trim(id, "0123456789") != "" {
			return List{}, errAt(sdn.Name, lines[i], "ent_num %q is not a number", id)
		}
		name := null(r[1])
		if name == "" {
			return List{}, errAt(sdn.Name, lines[i], "entry %s has no name", id)
		}
		typ := screen.NormalType(null(r[2]))
		if typ == "" {
			typ = screen.Org // OFAC leaves the type of entities empty
		}
		e := screen.Entry{List: list, ID: id, Name: sdnName(name, typ), Type: typ, Programs: splitList(strings.NewReplacer("[", ";", "]", ";").Replace(null(r[3])), ";"),
			Source: "SDN"}
		if e.Name != name {
			e.Aliases = append(e.Aliases, name)
		}
		e.Remarks = null(r[11])
		applyRemarks(&e, e.Remarks)
		if flag := null(r[9]); flag != "" {
			e.Countries = addUnique(e.Countries, countryOf(flag))
		}
		at[id] = len(out.Entries)
		out.Entries = append(out.Entries, e)
	}
	if f, ok := byKind["alt"]; ok {
		recs, _, err := csvRecords(f, 5)
		if err != nil {
			return List{}, err
		}
		for _, r := range recs {
			k, ok := at[strings.TrimSpace(r[0])]
			if !ok {
				continue // about an entry the set no longer has
			}
			e := &out.Entries[k]
			name := null(r[3])
			if name == "" {
				continue
			}
			if strings.EqualFold(null(r[2]), "weak aka") || strings.Contains(strings.ToLower(null(r[4])), "weak") {
				e.WeakAliases = addUnique(e.WeakAliases, sdnName(name, e.Type))
			} else {
				e.Aliases = addUnique(e.Aliases, sdnName(name, e.Type))
			}
		}
	}
	if f, ok := byKind["add"]; ok {
		recs, _, err := csvRecords(f, 6)
		if err != nil {
			return List{}, err
		}
		for _, r := range recs {
			k, ok := at[strings.TrimSpace(r[0])]
			if !ok {
				continue // about an entry the set no longer has
			}
			if c := null(r[4]); c != "" {
				out.Entries[k].Countries = addUnique(out.Entries[k].Countries, countryOf(c))
			}
		}
	}
	if f, ok := byKind["comments"]; ok {
		recs, _, err := csvRecords(f, 2)
		if err != nil {
			return List{}, err
		}
		for _, r := range recs {
			k, ok := at[strings.TrimSpace(r[0])]
			if !ok {
				continue // about an entry the set no longer has
			}
			e := &out.Entries[k]
			e.Remarks = strings.TrimSpace(e.Remarks + " " + null(r[1]))
			applyRemarks(e, null(r[1]))
		}
	}
	return out, nil
}

// null reads OFAC's "-0-" as empty.
func null(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// sdnName turns OFAC's "SURNAME, Given" for people into "Given SURNAME".
func sdnName(name, typ string) string {
	if typ != screen.Person {
		return name
	}
	last, first, ok := strings.Cut(name, ", ")
	if !ok || strings.Contains(first, ",") {
		return name
	}
	return strings.TrimSpace(first) + " " + strings.TrimSpace(last)
}

var (
	weakAKA  = regexp.MustCompile(`a\.k\.a\. '([^']+)'`)
	remarkID = regexp.MustCompile(`(?i)(passport|national id|identification|registration|tax id|credit code|uscc|imo|cedula|rfc|curp|ssn|licen[cs]e|business number|d-u-n-s)`)
)

// applyRemarks reads dates of birth, nationalities, identifiers and weak
// aliases from OFAC's remarks ("DOB 10 Dec 1948; POB Giza, Egypt; Passport
// 1084010 (Egypt); a.k.a. 'BNC'.").
func applyRemarks(e *screen.Entry, remarks string) {
	for _, m := range weakAKA.FindAllStringSubmatch(remarks, -1) {
		e.WeakAliases = addUnique(e.WeakAliases, m[1])
	}
	for _, part := range strings.Split(remarks, ";") {
		part = strings.TrimSuffix(strings.TrimSpace(part), ".")
		low := strings.ToLower(part)
		switch {
		case strings.HasPrefix(low, "dob "), strings.HasPrefix(low, "alt. dob "):
			e.DOBs = addUnique(e.DOBs, strings.TrimSpace(part[strings.Index(low, "dob ")+4:]))
		case strings.HasPrefix(low, "nationality "), strings.HasPrefix(low, "citizen "), strings.HasPrefix(low, "alt. nationality "):
			_, c, _ := strings.Cut(part, " ")
			if strings.HasPrefix(low, "alt.") {
				_, c, _ = strings.Cut(c, " ")
			}
			e.Countries = addUnique(e.Countries, countryOf(c))
		case remarkID.MatchString(part) && strings.ContainsAny(part, "0123456789"):
			e.IDs = addUnique(e.IDs, part)
		}
	}
}
