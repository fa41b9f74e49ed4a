package lists

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/georisk/georisk/internal/screen"
)

// unEntry is an INDIVIDUAL or ENTITY of the UN Security Council
// consolidated list.
type unEntry struct {
	First         string    `xml:"FIRST_NAME"`
	Second        string    `xml:"SECOND_NAME"`
	Third         string    `xml:"THIRD_NAME"`
	Fourth        string    `xml:"FOURTH_NAME"`
	Original      string    `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType      string    `xml:"UN_LIST_TYPE"`
	Ref           string    `xml:"REFERENCE_NUMBER"`
	DataID        string    `xml:"DATAID"`
	Comments      string    `xml:"COMMENTS1"`
	Nation        []string  `xml:"NATIONALITY>VALUE"`
	Aliases       []unAlias `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases []unAlias `xml:"ENTITY_ALIAS"`
	Addresses     []struct {
		Country string `xml:"COUNTRY"`
	} `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddresses []struct {
		Country string `xml:"COUNTRY"`
	} `xml:"ENTITY_ADDRESS"`
	Births []struct {
		Date string `xml:"DATE"`
		Year string `xml:"YEAR"`
	} `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	Docs []struct {
		Type   string `xml:"TYPE_OF_DOCUMENT"`
		Number string `xml:"NUMBER"`
	} `xml:"INDIVIDUAL_DOCUMENT"`
}

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

// ReadUN reads the UN Security Council consolidated list (XML). The list's
// dateGenerated is its version date.
func ReadUN(list string, f File) (List, error) {
	d := xml.NewDecoder(f.R)
	var out List
	seenRoot := false
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return List{}, xmlError(f.Name, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "CONSOLIDATED_LIST":
			seenRoot = true
			for _, a := range se.Attr {
				if a.Name.Local == "dateGenerated" && len(a.Value) >= 10 {
					out.Date = a.Value[:10]
				}
			}
		case "INDIVIDUAL", "ENTITY":
			line, _ := d.InputPos()
			var u unEntry
			if err := d.DecodeElement(&u, &se); err != nil {
				return List{}, xmlError(f.Name, line, err)
			}
			e, err := u.entry(list, se.Name.Local == "INDIVIDUAL")
			if err != nil {
				return List{}, errAt(f.Name, line, "%v", err)
			}
			out.Entries = append(out.Entries, e)
		}
	}
	if !seenRoot {
		return List{}, errAt(f.Name, 1, "no CONSOLIDATED_LIST element: not a UN consolidated list")
	}
	return out, nil
}

func (u *unEntry) entry(list string, person bool) (screen.Entry, error) {
	var parts []string
	for _, p := range []string{u.First, u.Second, u.Third, u.Fourth} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	e := screen.Entry{List: list, ID: strings.TrimSpace(u.Ref), Name: strings.Join(parts, " "), Remarks: strings.TrimSpace(u.Comments),
		Source: "UN " + strings.TrimSpace(u.ListType)}
	if e.ID == "" {
		e.ID = strings.TrimSpace(u.DataID)
	}
	if e.Name == "" || e.ID == "" {
		return e, fmt.Errorf("entry %q without a name or reference number", e.ID)
	}
	e.Type = screen.Org
	if person {
		e.Type = screen.Person
	}
	if p := strings.TrimSpace(u.ListType); p != "" {
		e.Programs = []string{p}
	}
	if o := strings.TrimSpace(u.Original); o != "" {
		e.Aliases = append(e.Aliases, o)
	}
	for _, a := range append(u.Aliases, u.EntityAliases...) {
		name := strings.TrimSpace(a.Name)
		if name == "" {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(a.Quality), "low") {
			e.WeakAliases = addUnique(e.WeakAliases, name)
		} else {
			e.Aliases = addUnique(e.Aliases, name)
		}
	}
	for _, n := range u.Nation {
		e.Countries = addUnique(e.Countries, countryOf(n))
	}
	for _, a := range append(u.Addresses, u.EntityAddresses...) {
		e.Countries = addUnique(e.Countries, countryOf(a.Country))
	}
	for _, b := range u.Births {
		e.DOBs = addUnique(e.DOBs, firstNonEmpty(strings.TrimSpace(b.Date), strings.TrimSpace(b.Year)))
	}
	for _, d := range u.Docs {
		if n := strings.TrimSpace(d.Number); n != "" {
			e.IDs = append(e.IDs, strings.TrimSpace(d.Type+" "+n))
		}
	}
	return e, nil
}

func xmlError(file string, line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return &lineError{file, line, err}
}
