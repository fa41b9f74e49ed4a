package assess

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed data/model.yaml
var modelYAML []byte

// Model is the risk model: risks, the rules that map events to them, and
// the profile attributes that make them matter. See data/model.yaml.
type Model struct {
	Scale       float64 `yaml:"scale"`
	Material    int     `yaml:"material"`
	HorizonDays int     `yaml:"horizon_days"`
	Probability struct {
		Base  float64 `yaml:"base"`
		Slope float64 `yaml:"slope"`
	} `yaml:"probability"`
	Relevance struct {
		Home  float64 `yaml:"home"`
		Bloc  float64 `yaml:"bloc"`
		Other float64 `yaml:"other"`
	} `yaml:"relevance"`
	HomeGroups []string           `yaml:"home_groups"`
	Grades     map[string]float64 `yaml:"grades"`
	Risks      []Risk             `yaml:"risks"`
	Rules      []Rule             `yaml:"rules"`
	// Tension weighs the tension index (internal/analyze) of a host and
	// the client's side: when its mean over the window's weeks reaches
	// MinIndex, each risk gains weight · min(MaxIndex, mean).
	Tension struct {
		BaselineWeeks int     `yaml:"baseline_weeks"`
		MinIndex      float64 `yaml:"min_index"`
		MaxIndex      float64 `yaml:"max_index"`
		Weights       struct {
			ConflictShare  float64 `yaml:"conflict_share"`
			Hostility      float64 `yaml:"hostility"`
			ConflictVolume float64 `yaml:"conflict_volume"`
		} `yaml:"weights"`
		Risks map[string]float64 `yaml:"risks"`
	} `yaml:"tension"`
	// Alerts weighs stored alerts (rises of watched series) that concern
	// a host and the client's side: each risk gains weight · the
	// severity's weight · the relevance of the client's side.
	Alerts struct {
		Severity map[string]float64 `yaml:"severity"`
		Risks    map[string]float64 `yaml:"risks"`
	} `yaml:"alerts"`
	// Screening weighs a named party's match on a restricted-party list,
	// per risk, times the match's score.
	Screening struct {
		Risks map[string]float64 `yaml:"risks"`
	} `yaml:"screening"`
	Attributes []Attribute `yaml:"attributes"`
	// Targeted risks count only events that concern the client directly:
	// against its home country, its sites' or customers' countries, or
	// naming it or a counterparty.
	Targeted []string `yaml:"targeted"`
}

// Risk is one risk of the model, with the words its judgments use.
type Risk struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Outcome completes "<client> is likely to …"; {host} is replaced by
	// the host country's name.
	Outcome string `yaml:"outcome"`
	// Examples says what the outcome would look like.
	Examples    string   `yaml:"examples"`
	Assumptions []string `yaml:"assumptions"`
	Indicators  []string `yaml:"indicators"`
}

// Rule maps events to risks.
type Rule struct {
	ID       string             `yaml:"id"`
	Name     string             `yaml:"name"`
	Between  string             `yaml:"between"` // host-home, host->home, home->host, host
	Codes    []string           `yaml:"codes"`
	PLOVER   []string           `yaml:"plover"`
	Keywords []string           `yaml:"keywords"`
	Risks    map[string]float64 `yaml:"risks"`

	kw *regexp.Regexp
}

// Attribute is a property of a profile that makes risks matter.
type Attribute struct {
	ID    string             `yaml:"id"`
	Name  string             `yaml:"name"`
	Risks map[string]float64 `yaml:"risks"`
}

// DefaultModel returns the embedded model.
func DefaultModel() (*Model, error) { return ParseModel("model.yaml", bytes.NewReader(modelYAML)) }

// ReadModel reads a model file.
func ReadModel(file string) (*Model, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading risk model: %w", err)
	}
	return ParseModel(file, bytes.NewReader(b))
}

// attributeIDs are the attributes the scorer knows how to find in a
// profile; a model may weigh any of them.
var attributeIDs = []string{"sites-in-host", "sells-in-host", "defence-customers", "dual-use-products",
	"suppliers-in-host", "critical-inputs", "tech-sector", "consumer-sector", "host-counterparties", "listed-parties"}

// ParseModel reads a model strictly and checks that every rule and
// attribute names known risks.
func ParseModel(name string, r io.Reader) (*Model, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, yamlErrors(name, err)
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	if m.Scale <= 0 {
		bad("scale must be positive")
	}
	if m.HorizonDays <= 0 {
		bad("horizon_days must be positive")
	}
	for g, w := range m.Grades {
		if len(g) != 1 || g[0] < 'A' || g[0] > 'F' || w < 0 || w > 1 {
			bad("grade %s: %v: want a letter A–F weighed 0–1", g, w)
		}
	}
	risks := map[string]bool{}
	for _, r := range m.Risks {
		if r.ID == "" || r.Outcome == "" {
			bad("risk %q needs an id and an outcome", r.ID)
		}
		risks[r.ID] = true
	}
	checkRisks := func(what string, ws map[string]float64) {
		for id, w := range ws {
			if !risks[id] {
				bad("%s: unknown risk %q", what, id)
			}
			if w < 0 {
				bad("%s: negative weight for %s", what, id)
			}
		}
	}
	for i := range m.Rules {
		ru := &m.Rules[i]
		switch ru.Between {
		case "host-home", "host->home", "home->host", "host":
		default:
			bad("rule %s: between %q: want host-home, host->home, home->host or host", ru.ID, ru.Between)
		}
		if len(ru.Codes)+len(ru.PLOVER)+len(ru.Keywords) == 0 {
			bad("rule %s matches every event: give codes, plover or keywords", ru.ID)
		}
		if len(ru.Keywords) > 0 {
			alts := make([]string, len(ru.Keywords))
			for j, k := range ru.Keywords {
				alts[j] = regexp.QuoteMeta(strings.ToLower(k))
			}
			ru.kw = regexp.MustCompile(`(?:^|[^\pL\pN])(` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
		}
		checkRisks("rule "+ru.ID, ru.Risks)
	}
	checkRisks("tension", m.Tension.Risks)
	checkRisks("screening", m.Screening.Risks)
	checkRisks("alerts", m.Alerts.Risks)
	for _, r := range m.Targeted {
		if !risks[r] {
			bad("targeted: unknown risk %q", r)
		}
	}
	if m.Tension.BaselineWeeks < 4 || m.Tension.MaxIndex < m.Tension.MinIndex {
		bad("tension: want baseline_weeks of at least 4 and max_index at least min_index")
	}
	for sev := range m.Alerts.Severity {
		if sev != "low" && sev != "medium" && sev != "high" {
			bad("alerts: severity %q: want low, medium or high", sev)
		}
	}
	known := map[string]bool{}
	for _, id := range attributeIDs {
		known[id] = true
	}
	for _, a := range m.Attributes {
		if !known[a.ID] {
			bad("attribute %q: unknown (known: %s)", a.ID, strings.Join(attributeIDs, ", "))
		}
		checkRisks("attribute "+a.ID, a.Risks)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &m, nil
}

// targeted reports whether a risk counts only events that concern the
// client directly.
func (m *Model) targeted(risk string) bool { return slices.Contains(m.Targeted, risk) }

// evidenceFor keeps the evidence a risk may rest on: for a targeted risk,
// only the items that concern the client directly.
func (m *Model) evidenceFor(risk string, evs []Evidence) []Evidence {
	if !m.targeted(risk) {
		return evs
	}
	var out []Evidence
	for _, ev := range evs {
		if ev.targeted {
			out = append(out, ev)
		}
	}
	return out
}

// Risk returns the risk with an id, or nil.
func (m *Model) Risk(id string) *Risk {
	for i := range m.Risks {
		if m.Risks[i].ID == id {
			return &m.Risks[i]
		}
	}
	return nil
}

// RiskIDs lists the risks' ids in model order.
func (m *Model) RiskIDs() []string {
	out := make([]string, len(m.Risks))
	for i, r := range m.Risks {
		out[i] = r.ID
	}
	return out
}

// grade returns the weight of a reliability grade (F when unknown).
func (m *Model) grade(g string) float64 {
	if w, ok := m.Grades[g]; ok {
		return w
	}
	if w, ok := m.Grades["F"]; ok {
		return w
	}
	return 0.5
}

// Probability maps an exposure (0–100) to the probability its judgment
// states.
func (m *Model) ProbabilityOf(exposure int) float64 {
	p := m.Probability.Base + m.Probability.Slope*float64(exposure)/100
	return min(0.97, max(0.02, p))
}
