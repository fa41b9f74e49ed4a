package assess

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Profile describes a client: where it is, what it makes, whom it sells to
// and buys from. It is read from YAML by [ParseProfile]; see
// examples/profiles for two complete ones.
type Profile struct {
	Name           string         `yaml:"name"`
	Headquarters   Place          `yaml:"headquarters"`
	Sectors        []Name         `yaml:"sectors"`
	Operations     []Operation    `yaml:"operations"`
	Markets        []Market       `yaml:"markets"`
	Customers      []Party        `yaml:"customers"`
	Suppliers      []Party        `yaml:"suppliers"`
	Products       []Product      `yaml:"products"`
	Counterparties []Counterparty `yaml:"counterparties"`
	// Concerns are the model's risk ids the client cares about; empty
	// means all. Risks outside them are scored but never judged material.
	Concerns []Name `yaml:"concerns"`

	// File is where the profile was read from, for messages.
	File string `yaml:"-"`
	// SectorInfo holds the resolved Sectors, in order.
	SectorInfo []Sector `yaml:"-"`
}

// Name is a scalar of the profile with the line it was written on.
type Name struct {
	Value string
	Line  int
}

// UnmarshalYAML keeps the line of the value.
func (n *Name) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a single value", v.Line)
	}
	n.Value, n.Line = strings.TrimSpace(v.Value), v.Line
	return nil
}

// MarshalYAML writes the value only.
func (n Name) MarshalYAML() (any, error) { return n.Value, nil }

// Place is a country ("China", "CHN") or, where a list of countries is
// allowed, a group of them ("@NATO"), resolved by [Profile.Resolve].
type Place struct {
	Name
	Code  string // the country code (CHN) or the group code (IGOWSTNAT)
	Group bool   // written as @GROUP
}

// UnmarshalYAML keeps the line of the value.
func (p *Place) UnmarshalYAML(v *yaml.Node) error { return p.Name.UnmarshalYAML(v) }

// Operation is a site of the client.
type Operation struct {
	Country Place  `yaml:"country"`
	City    string `yaml:"city"`
	Site    string `yaml:"site"` // what it is: "composite parts plant"
	Kind    string `yaml:"kind"` // plant, office, warehouse, store, lab
	Staff   int    `yaml:"staff"`
}

// Market is a country the client sells in.
type Market struct {
	Country  Place    `yaml:"country"`
	Share    float64  `yaml:"share"` // of revenue, 0–1
	Channels []string `yaml:"channels"`
}

// Party is a kind of customer or supplier: "defence ministries of NATO
// members" is {Name, Countries: [@NATO], Sector: government-defence}.
type Party struct {
	Name      string   `yaml:"name"`
	Countries []Place  `yaml:"countries"`
	Sector    Name     `yaml:"sector"`
	Inputs    []string `yaml:"inputs"` // what a supplier provides: "gallium"
	Share     float64  `yaml:"share"`  // of revenue or of purchases, 0–1
}

// Product is something the client makes; DualUse marks products under
// export control as dual-use items.
type Product struct {
	Name    string `yaml:"name"`
	DualUse bool   `yaml:"dual_use"`
	ECCN    string `yaml:"eccn"`
}

// Counterparty is a named firm or agency the client deals with.
type Counterparty struct {
	Name    string `yaml:"name"`
	Country Place  `yaml:"country"`
	Role    string `yaml:"role"` // customer, supplier, partner, joint venture
}

// Places resolves what a profile writes for countries and groups. The
// actor dictionary (internal/actor) is one.
type Places interface {
	// Resolve turns a name or code into a code: "China" → "CHN",
	// "NATO" → "IGOWSTNAT".
	Resolve(name string) (code string, ok bool)
	// Members returns a group's member countries on a date, nil for an
	// unknown group.
	Members(group string, date time.Time) []string
	// Name gives a code's display name.
	Name(code string) string
}

// ReadProfile reads and checks the profile in file.
func ReadProfile(file string, places Places, sectors *Sectors, model *Model) (*Profile, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	return ParseProfile(file, bytes.NewReader(b), places, sectors, model)
}

var yamlLine = regexp.MustCompile(`^\s*(?:yaml: )?line (\d+): (.*)$`)
var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// ParseProfile reads a profile strictly: unknown keys, countries, groups,
// sectors and concerns are errors, each as "file:line: reason", all of them
// reported at once.
func ParseProfile(name string, r io.Reader, places Places, sectors *Sectors, model *Model) (*Profile, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	p := &Profile{File: name}
	if err := dec.Decode(p); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the profile is empty", name)
		}
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, yamlErrors(name, err)
		}
		// Unknown keys or wrong types: report them with whatever else is
		// wrong with the rest of the profile.
		lenient := &Profile{File: name}
		_ = yaml.Unmarshal(src, lenient)
		return nil, errors.Join(yamlErrors(name, err), lenient.resolve(places, sectors, model))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s:%d: a profile is one YAML document; found a second", name, extra.Line)
	}
	if err := p.resolve(places, sectors, model); err != nil {
		return nil, err
	}
	return p, nil
}

// yamlErrors rewrites the YAML library's "line N: …" messages as
// "file:N: …", one per line.
func yamlErrors(name string, err error) error {
	var errs []error
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			n, _ := strconv.Atoi(g[1])
			reason := g[2]
			if f := unknownField.FindStringSubmatch(reason); f != nil {
				reason = fmt.Sprintf("unknown key %q", f[1])
			}
			errs = append(errs, fmt.Errorf("%s:%d: %s", name, n, reason))
			continue
		}
		errs = append(errs, fmt.Errorf("%s: %s", name, strings.TrimPrefix(m, "yaml: ")))
	}
	return errors.Join(errs...)
}

func (p *Profile) resolve(places Places, sectors *Sectors, model *Model) error {
	var errs []error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", p.File, line, fmt.Sprintf(format, args...)))
	}
	if p.Name == "" {
		bad(1, "the profile has no name")
	}
	now := time.Now()
	place := func(pl *Place, what string, groups bool) {
		v := pl.Value
		if v == "" {
			if pl.Line > 0 {
				bad(pl.Line, "%s is empty", what)
			}
			return
		}
		if g, ok := strings.CutPrefix(v, "@"); ok {
			if !groups {
				bad(pl.Line, "%s %q: a group is not allowed here, name one country", what, v)
				return
			}
			code, ok := places.Resolve(g)
			if !ok || places.Members(code, now) == nil {
				bad(pl.Line, "%s %q: unknown group", what, v)
				return
			}
			pl.Code, pl.Group = code, true
			return
		}
		code, ok := places.Resolve(v)
		if !ok || len(code) != 3 || strings.HasPrefix(code, "IGO") {
			bad(pl.Line, "%s %q: unknown country", what, v)
			return
		}
		pl.Code = code
	}
	if p.Headquarters.Value == "" {
		bad(1, "the profile has no headquarters country")
	} else {
		place(&p.Headquarters, "headquarters", false)
	}
	for i := range p.Sectors {
		s := p.Sectors[i]
		sec, ok := sectors.Lookup(s.Value)
		if !ok {
			bad(s.Line, "unknown sector %q (use a NAICS code or one of: %s)", s.Value, strings.Join(sectors.Keys(), ", "))
			continue
		}
		p.SectorInfo = append(p.SectorInfo, sec)
	}
	for i := range p.Operations {
		o := &p.Operations[i]
		if o.Country.Value == "" {
			bad(o.Country.Line, "an operation without a country")
		}
		place(&o.Country, "operation country", false)
	}
	for i := range p.Markets {
		place(&p.Markets[i].Country, "market country", false)
		if s := p.Markets[i].Share; s < 0 || s > 1 {
			bad(p.Markets[i].Country.Line, "market share %v: want a fraction between 0 and 1", s)
		}
	}
	parties := func(ps []Party, what string) {
		for i := range ps {
			pt := &ps[i]
			for j := range pt.Countries {
				place(&pt.Countries[j], what+" country", true)
			}
			if pt.Sector.Value != "" {
				if _, ok := sectors.Lookup(pt.Sector.Value); !ok {
					bad(pt.Sector.Line, "unknown %s sector %q (use a NAICS code or one of: %s)", what, pt.Sector.Value, strings.Join(sectors.Keys(), ", "))
				}
			}
			if pt.Share < 0 || pt.Share > 1 {
				bad(pt.Sector.Line, "%s share %v: want a fraction between 0 and 1", what, pt.Share)
			}
		}
	}
	parties(p.Customers, "customer")
	parties(p.Suppliers, "supplier")
	for i := range p.Counterparties {
		if p.Counterparties[i].Country.Value != "" {
			place(&p.Counterparties[i].Country, "counterparty country", false)
		}
	}
	for _, c := range p.Concerns {
		if model != nil && model.Risk(c.Value) == nil {
			bad(c.Line, "unknown risk %q in concerns (the model's risks: %s)", c.Value, strings.Join(model.RiskIDs(), ", "))
		}
	}
	return errors.Join(errs...)
}

// Cares reports whether the client cares about a risk.
func (p *Profile) Cares(risk string) bool {
	if len(p.Concerns) == 0 {
		return true
	}
	for _, c := range p.Concerns {
		if c.Value == risk {
			return true
		}
	}
	return false
}
