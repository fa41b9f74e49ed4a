package lists

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/georisk/georisk/internal/screen"
)

// ftmEntity is one line of an OpenSanctions FollowTheMoney export.
type ftmEntity struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Target     *bool               `json:"target"`
}

// ftmTypes are the schemata of parties; others (Sanction, Address,
// Ownership…) describe them and are skipped.
var ftmTypes = map[string]string{
	"Person": screen.Person, "Organization": screen.Org, "Company": screen.Org, "LegalEntity": screen.Org,
	"PublicBody": screen.Org, "Vessel": screen.Vessel, "Airplane": screen.Aircraft,
}

// ReadFtM reads OpenSanctions FollowTheMoney entities, one JSON object a
// line. Parties that are not targets of the dataset (owners, relatives
// listed for context) are skipped.
func ReadFtM(list string, f File) (List, error) {
	sc := scanLines(f.R)
	var out List
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var x ftmEntity
		if err := json.Unmarshal(b, &x); err != nil {
			return List{}, errAt(f.Name, line, "%v", err)
		}
		if x.ID == "" || x.Schema == "" {
			return List{}, errAt(f.Name, line, "not a FollowTheMoney entity (no id or schema)")
		}
		typ, party := ftmTypes[x.Schema]
		if !party || x.Target != nil && !*x.Target {
			continue
		}
		p := x.Properties
		names := p["name"]
		e := screen.Entry{List: list, ID: x.ID, Type: typ, Name: firstNonEmpty(x.Caption, first(names)), Programs: x.Datasets}
		if e.Name == "" {
			return List{}, errAt(f.Name, line, "entity %s has no name", x.ID)
		}
		e.Aliases = addUnique(nil, append(append(names, p["alias"]...), p["previousName"]...)...)
		e.Aliases = remove(e.Aliases, e.Name)
		e.WeakAliases = p["weakAlias"]
		for _, k := range []string{"country", "nationality", "citizenship", "jurisdiction", "mainCountry", "flag"} {
			for _, c := range p[k] {
				e.Countries = addUnique(e.Countries, strings.ToUpper(c))
			}
		}
		e.DOBs = p["birthDate"]
		for _, k := range []string{"registrationNumber", "taxNumber", "innCode", "ogrnCode", "idNumber", "passportNumber",
			"imoNumber", "uniqueEntityId", "leiCode", "swiftBic", "okpoCode", "vatCode"} {
			for _, v := range p[k] {
				e.IDs = addUnique(e.IDs, k+" "+v)
			}
		}
		e.Remarks = strings.Join(p["notes"], " ")
		out.Entries = append(out.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return List{}, fmt.Errorf("%s:%d: %w", f.Name, line+1, err)
	}
	return out, nil
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func remove(ss []string, s string) []string {
	out := ss[:0]
	for _, x := range ss {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
