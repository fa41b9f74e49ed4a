package assess

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

type env struct {
	dict    *actor.Dict
	sectors *Sectors
	model   *Model
}

func newEnv(t testing.TB) env {
	t.Helper()
	d, err := actor.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := DefaultSectors()
	if err != nil {
		t.Fatal(err)
	}
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	return env{d, s, m}
}

func (e env) parse(name, text string) (*Profile, error) {
	return ParseProfile(name, strings.NewReader(text), e.dict, e.sectors, e.model)
}

func TestExampleProfiles(t *testing.T) {
	e := newEnv(t)
	files, _ := filepath.Glob("../../examples/profiles/*.yaml")
	if len(files) < 2 {
		t.Fatalf("found %d example profiles, want 2", len(files))
	}
	for _, f := range files {
		p, err := ReadProfile(f, e.dict, e.sectors, e.model)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if p.Headquarters.Code == "" || len(p.Operations) == 0 {
			t.Errorf("%s: headquarters %q, %d operations", f, p.Headquarters.Code, len(p.Operations))
		}
		s := sides(p, e.model, e.dict, time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC))
		if strings.Join(s.hosts, ",") != "CHN" {
			t.Errorf("%s: hosts %v, want [CHN]", f, s.hosts)
		}
	}
}

func TestProfileErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, yaml, want, reason string
	}{
		{"unknown key", "name: X\nheadquarters: France\nheadquarter: Spain\n", `p.yaml:3: unknown key "headquarter"`, "typos are caught with their line"},
		{"nested key", "name: X\nheadquarters: France\noperations:\n  - country: China\n    citty: Wuhan\n", `p.yaml:5: unknown key "citty"`, "unknown keys deep in the file"},
		{"country", "name: X\nheadquarters: France\noperations:\n  - country: Atlantis\n", `p.yaml:4: operation country "Atlantis": unknown country`, "countries are checked"},
		{"group", "name: X\nheadquarters: France\ncustomers:\n  - name: a\n    countries: [\"@Warsaw Pact 2\"]\n", `p.yaml:5: customer country "@Warsaw Pact 2": unknown group`, "groups are checked"},
		{"group where a country", "name: X\nheadquarters: \"@NATO\"\n", `p.yaml:2: headquarters "@NATO": a group is not allowed here`, "headquarters is one country"},
		{"sector", "name: X\nheadquarters: France\nsectors: [underwater basket weaving]\n", `p.yaml:3: unknown sector "underwater basket weaving"`, "sectors are checked"},
		{"bad naics", "name: X\nheadquarters: France\nsectors: [\"991234\"]\n", `p.yaml:3: unknown sector "991234"`, "99 is no NAICS sector"},
		{"concern", "name: X\nheadquarters: France\nconcerns: [weather]\n", `p.yaml:3: unknown risk "weather" in concerns`, "concerns are model risks"},
		{"no name", "headquarters: France\n", `p.yaml:1: the profile has no name`, "a name is required"},
		{"share", "name: X\nheadquarters: France\nmarkets:\n  - country: China\n    share: 35\n", `p.yaml:4: market share 35`, "shares are fractions"},
		{"not yaml", "name: [\n", `p.yaml:`, "syntax errors name the file"},
		{"empty", "", `p.yaml: the profile is empty`, "an empty file is an error"},
		{"two docs", "name: X\nheadquarters: France\n---\nname: Y\n", `p.yaml:3: a profile is one YAML document`, "a second document is refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.parse("p.yaml", tt.yaml)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q (%s)", err, tt.want, tt.reason)
			}
		})
	}
	// All errors at once.
	_, err := e.parse("p.yaml", "name: X\nheadquarters: Narnia\nsectors: [nope]\n")
	if err == nil || !strings.Contains(err.Error(), "p.yaml:2") || !strings.Contains(err.Error(), "p.yaml:3") {
		t.Errorf("want both errors reported, got %v", err)
	}
}

func TestBandOf(t *testing.T) {
	for _, tt := range []struct {
		p    float64
		want string
	}{{0.01, "almost no chance"}, {0.05, "very unlikely"}, {0.19, "very unlikely"}, {0.2, "unlikely"}, {0.5, "roughly even chance"},
		{0.55, "roughly even chance"}, {0.56, "likely"}, {0.8, "likely"}, {0.81, "very likely"}, {0.96, "almost certain"}, {2, "almost certain"}} {
		if got := BandOf(tt.p).Term; got != tt.want {
			t.Errorf("BandOf(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
	if got := Bands[3].Phrase("Acme", "face a boycott"); got != "there is a roughly even chance (45–55%) that Acme will face a boycott" {
		t.Errorf("Phrase: %q", got)
	}
}

func TestSources(t *testing.T) {
	s, err := ParseSources("s.tsv", strings.NewReader("# outlets\nGlobal Wire Service\tB\nthe-meridian.example\tc\t3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if g := s.Of(&event.Document{Source: "Global Wire Service"}); g.String() != "B" {
		t.Errorf("grade of a listed outlet: %s", g)
	}
	if g := s.Of(&event.Document{URL: "https://www.the-meridian.example/x"}); g.String() != "C3" {
		t.Errorf("grade by host: %s", g)
	}
	if g := s.Of(&event.Document{Source: "Unknown Daily"}); g.String() != "F" {
		t.Errorf("an unlisted outlet is graded %s, want F", g)
	}
	_, err = ParseSources("s.tsv", strings.NewReader("A\tB\nX\tG\nY\tA\t9\nZ\n"))
	for _, want := range []string{`s.tsv:2: grade "G"`, `s.tsv:3: credibility "9"`, `s.tsv:4: want NAME`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

// fakeSource serves events and documents from memory.
type fakeSource struct {
	events []event.Event
	docs   map[int64]event.Document
}

func (f *fakeSource) ListEvents(_ context.Context, q store.EventQuery) ([]event.Event, error) {
	var out []event.Event
	for _, e := range f.events {
		if (strings.HasPrefix(e.Source.Code, q.Actor) || strings.HasPrefix(e.Target.Code, q.Actor)) &&
			!e.Date.Before(q.Since) && e.Date.Before(q.Until) {
			out = append(out, e)
		}
	}
	if q.Offset > len(out) {
		return nil, nil
	}
	return out[q.Offset:], nil
}

func (f *fakeSource) Doc(_ context.Context, id int64) (event.Document, error) {
	d, ok := f.docs[id]
	if !ok {
		return d, fmt.Errorf("doc %d: %w", id, store.ErrNotFound)
	}
	return d, nil
}

func TestAssess(t *testing.T) {
	e := newEnv(t)
	p, err := ReadProfile("../../examples/profiles/us-aerospace-supplier.yaml", e.dict, e.sectors, e.model)
	if err != nil {
		t.Fatal(err)
	}
	src := &fakeSource{docs: map[int64]event.Document{}}
	date := time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC)
	add := func(id int64, srcCode, tgtCode, code string, gold float64, sentence, outlet string) {
		body := "Lead. " + sentence
		src.docs[id] = event.Document{ID: id, StoryID: id, Source: outlet, Title: "story " + fmt.Sprint(id), Body: body, Published: date}
		src.events = append(src.events, event.Event{ID: id, Origin: "coded", OriginID: fmt.Sprint(id), Date: date, DocID: id,
			Source: event.Actor{Code: srcCode}, Target: event.Actor{Code: tgtCode}, Code: code, Goldstein: gold, Quad: 3,
			Evidence: event.Evidence{Sentence: event.Span{Start: 6, End: len(body)}, Confidence: 0.9}})
	}
	for i := range 6 {
		add(int64(i+1), "CHNGOV", "IGOWSTNAT", "111", -2, "China's mission denounced the Nato communique and warned of a resolute response.", fmt.Sprintf("Outlet %d", i%3))
	}
	add(7, "CHNGOV", "USABUS", "172", -5, "Chinese authorities raided the offices of a US consultancy in a counter-espionage probe.", "Outlet 1")
	add(8, "RUS", "UKR", "190", -10, "Russian forces shelled Kharkiv.", "Outlet 2") // no host: ignored
	opt := Options{Since: time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC),
		Model: e.model, Places: e.dict}
	a, err := Assess(t.Context(), src, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Events != 7 {
		t.Errorf("%d events considered, want 7 (the Russia–Ukraine one does not involve the host)", a.Events)
	}
	byRisk := map[string]Exposure{}
	for _, x := range a.Risks {
		byRisk[x.Risk] = x
	}
	if c, cy := byRisk["coercion"], byRisk["cyber"]; c.Exposure <= cy.Exposure || !c.Material {
		t.Errorf("coercion %d (material %v) should exceed cyber %d", c.Exposure, c.Material, cy.Exposure)
	}
	if in := byRisk["intelligence"]; !hasDriver(in, "espionage") {
		t.Errorf("the counter-espionage raid does not drive intelligence collection: %+v", in.Drivers)
	}
	if len(a.Judgments) == 0 {
		t.Fatal("no judgments")
	}
	icd := regexp.MustCompile(`^We assess that .* (is (almost certain|very likely|likely|unlikely|very unlikely) \(\d+–\d+%\) to|there is (a roughly even chance|almost no chance) \(\d+–\d+%\) that) `)
	for _, j := range a.Judgments {
		if !icd.MatchString(j.Text) {
			t.Errorf("judgment not in ICD 203 form: %q", j.Text)
		}
		if regexp.MustCompile(`(?i)\b(may|could|might|certain)\b`).MatchString(strings.ReplaceAll(j.Text, "almost certain", "")) {
			t.Errorf("judgment uses an uncalibrated term: %q", j.Text)
		}
		if strings.Contains(j.ConfidenceText, j.Term+" (") || !strings.HasPrefix(j.ConfidenceText, "We have ") {
			t.Errorf("confidence sentence %q", j.ConfidenceText)
		}
		if len(j.Evidence) == 0 || j.Evidence[0].Sentence == "" || j.Evidence[0].DocID == 0 {
			t.Errorf("judgment %s has no evidence chain: %+v", j.Risk, j.Evidence)
		}
		if j.Question == "" || !j.Horizon.After(opt.Until) {
			t.Errorf("judgment %s: question %q horizon %v", j.Risk, j.Question, j.Horizon)
		}
	}
	// Grades raise confidence: grade every outlet A and compare.
	graded, _ := ParseSources("s", strings.NewReader("Outlet 0\tA\nOutlet 1\tA\nOutlet 2\tA\n"))
	opt.Sources = graded
	b, err := Assess(t.Context(), src, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rank(b.Judgments[0].Confidence) < rank(a.Judgments[0].Confidence) {
		t.Errorf("confidence fell from %s to %s with better-graded sources", a.Judgments[0].Confidence, b.Judgments[0].Confidence)
	}
	if b.Risks[0].Hazard <= a.Risks[0].Hazard {
		t.Errorf("hazard did not rise with better-graded sources: %v → %v", a.Risks[0].Hazard, b.Risks[0].Hazard)
	}
	// An empty window is a clear error.
	opt.Since, opt.Until = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	if _, err := Assess(t.Context(), src, p, opt); !errors.Is(err, ErrNoEvidence) || !strings.Contains(err.Error(), "China") {
		t.Errorf("empty window: %v, want ErrNoEvidence naming China", err)
	}
}

func hasDriver(x Exposure, rule string) bool {
	for _, d := range x.Drivers {
		if d.Rule == rule {
			return true
		}
	}
	return false
}

func rank(level string) int { return strings.Index("low moderate high", level) }

func FuzzParseProfile(f *testing.F) {
	e := newEnv(f)
	files, _ := filepath.Glob("../../examples/profiles/*.yaml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(string(b))
	}
	f.Add("name: X\nheadquarters: France\ncustomers: [{countries: ['@NATO']}]\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := e.parse("fuzz.yaml", s)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if p.Name == "" || p.Headquarters.Code == "" {
			t.Errorf("accepted a profile without name or headquarters: %+v", p)
		}
	})
}

func FuzzParseSources(f *testing.F) {
	f.Add("Global Wire Service\tB\nhost.example\tC\t2\n")
	f.Fuzz(func(t *testing.T, s string) {
		src, err := ParseSources("f", strings.NewReader(s))
		if err == nil && src == nil {
			t.Error("nil sources without an error")
		}
	})
}

func TestScores(t *testing.T) {
	res := func(o bool) *store.Resolution { return &store.Resolution{Outcome: o} }
	fs := []store.Forecast{
		{Author: "a", Probability: 0.7, HasProbability: true, Resolution: res(true)},
		{Author: "a", Probability: 0.7, HasProbability: true, Resolution: res(false)},
		{Author: "a", Probability: 0.1, HasProbability: true, Resolution: res(false)},
		{Author: "a", Probability: 0.9, HasProbability: true}, // open: not scored
		{Author: "b", Term: "may", Resolution: res(true)},     // no probability: not scored
		{Author: "b", Probability: 0.5, HasProbability: true, Resolution: res(true)},
	}
	got := Scores(fs, func(f store.Forecast) string { return f.Author })
	if len(got) != 2 || got[0].Group != "a" || got[0].Resolved != 3 || got[0].Forecast != 4 {
		t.Fatalf("groups: %+v", got)
	}
	// Brier of a: ((0.3)² + (0.7)² + (0.1)²)/3 = 0.59/3.
	if want := 0.197; math.Abs(got[0].Brier-want) > 0.001 {
		t.Errorf("Brier %v, want %v", got[0].Brier, want)
	}
	if want := (math.Log(0.7) + math.Log(0.3) + math.Log(0.9)) / 3; math.Abs(got[0].Log-want) > 0.001 {
		t.Errorf("log score %v, want %v", got[0].Log, want)
	}
	var likely Calibration
	for _, c := range got[0].Calibration {
		if c.Term == "likely" {
			likely = c
		}
	}
	if likely.N != 2 || likely.Observed != 0.5 || likely.Mean != 0.7 {
		t.Errorf("calibration of likely: %+v", likely)
	}
	if got[1].Resolved != 1 || got[1].Brier != 0.25 {
		t.Errorf("group b: %+v", got[1])
	}
}

type fakeAlerts struct {
	*fakeSource
	alerts []store.Alert
}

func (f *fakeAlerts) ListAlerts(_ context.Context, q store.AlertQuery) ([]store.Alert, error) {
	var out []store.Alert
	for _, a := range f.alerts {
		if !a.Start.Before(q.Since) && a.Start.Before(q.Until) {
			out = append(out, a)
		}
	}
	return out, nil
}

// TestTensionAndAlerts checks that the tension index of internal/analyze,
// not a count of conflict events, drives the tension risks, with its
// explanation, and that stored alerts between a host and the client's side
// become drivers with their evidence while others are left out.
func TestTensionAndAlerts(t *testing.T) {
	e := newEnv(t)
	p, err := ReadProfile("../../examples/profiles/us-aerospace-supplier.yaml", e.dict, e.sectors, e.model)
	if err != nil {
		t.Fatal(err)
	}
	src := &fakeSource{docs: map[int64]event.Document{}}
	id := int64(0)
	add := func(date time.Time, srcCode, tgtCode, code string, gold float64, quad int, sentence string) {
		id++
		body := "Lead. " + sentence
		src.docs[id] = event.Document{ID: id, StoryID: id, Source: "Outlet", Title: "story", Body: body, Published: date}
		src.events = append(src.events, event.Event{ID: id, Origin: "coded", OriginID: fmt.Sprint(id), Date: date, DocID: id,
			Source: event.Actor{Code: srcCode}, Target: event.Actor{Code: tgtCode}, Code: code, Goldstein: gold, Quad: quad,
			Evidence: event.Evidence{Sentence: event.Span{Start: 6, End: len(body)}, Confidence: 0.9}})
	}
	since := time.Date(2023, 7, 3, 0, 0, 0, 0, time.UTC)
	// A calm baseline: cooperation between China and the US most weeks.
	for w := 1; w <= 20; w++ {
		add(since.AddDate(0, 0, -7*w+1), "CHNGOV", "USAGOV", "042", 1.9, 1, "Chinese and US officials met for talks.")
	}
	// A hostile window.
	for d := range 6 {
		add(since.AddDate(0, 0, 7*d+2), "CHNGOV", "USAGOV", "112", -2, 3, "China accused the United States of hegemonism.")
	}
	add(since.AddDate(0, 0, 10), "RUS", "UKR", "190", -10, 4, "Russian forces shelled Kharkiv.")
	fa := &fakeAlerts{fakeSource: src, alerts: []store.Alert{
		{ID: 9, Rule: "china-us", Series: "CHN-USA conflict", Start: since.AddDate(0, 0, 7), End: since.AddDate(0, 0, 14), Severity: "high", Direction: 1,
			Summary: "CHN-USA conflict rose", Evidence: []store.Evidence{{EventID: 22, DocID: 22, SentStart: 6, SentEnd: len(src.docs[22].Body), Source: "CHNGOV", Target: "USAGOV", Code: "112"}}},
		{ID: 10, Rule: "war", Series: "RUS-UKR conflict", Start: since.AddDate(0, 0, 7), Severity: "high", Direction: 1, Summary: "RUS-UKR conflict rose"},
		{ID: 11, Rule: "china-nato", Series: "CHN->IGOWSTNAT conflict", Start: since.AddDate(0, 0, 14), Severity: "low", Direction: 1, Summary: "a rise without evidence"},
		{ID: 12, Rule: "china-us", Series: "CHN-USA conflict", Start: since.AddDate(0, 0, 14), Severity: "high", Direction: -1, Summary: "a fall"},
	}}
	opt := Options{Since: since, Until: since.AddDate(0, 0, 42), Model: e.model, Places: e.dict, Alerts: fa}
	a, err := Assess(t.Context(), src, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Tension) != 1 || a.Tension[0].Host != "CHN" || !a.Tension[0].Driver || a.Tension[0].Mean < e.model.Tension.MinIndex {
		t.Fatalf("tension: %+v", a.Tension)
	}
	if tn := a.Tension[0]; !strings.Contains(tn.Explain, "tension index =") || len(tn.Weeks) != 6 || !tn.BaselineUntil.Equal(since) {
		t.Errorf("tension note lacks its explanation or weeks: %+v", tn)
	}
	drivers := map[string]Driver{}
	for _, x := range a.Risks {
		if x.Risk == "coercion" {
			for _, d := range x.Drivers {
				drivers[d.Rule] = d
			}
		}
	}
	if d, ok := drivers["tension-CHN"]; !ok || len(d.Evidence) != 6 || !strings.Contains(d.Name, "tension index") {
		t.Errorf("tension driver: %+v", d)
	}
	if d, ok := drivers["alert-9"]; !ok || len(d.Evidence) != 1 || d.Evidence[0].DocID != 22 || d.Evidence[0].Sentence == "" {
		t.Errorf("the China–US alert is not a driver with its evidence: %+v", d)
	}
	if d, ok := drivers["alert-11"]; !ok || d.Weight <= 0 {
		t.Errorf("the China–NATO alert without evidence is not a driver by its series: %+v", drivers)
	}
	for _, r := range []string{"alert-10", "alert-12"} {
		if _, ok := drivers[r]; ok {
			t.Errorf("%s is a driver: an alert on another dyad, or a fall, concerns no risk of the client", r)
		}
	}
	// Without the hostile window the index stays at its baseline.
	calm := &fakeSource{docs: src.docs, events: src.events[:20]}
	for d := range 6 {
		add(since.AddDate(0, 0, 7*d+2), "CHNGOV", "USAGOV", "042", 1.9, 1, "Chinese and US officials met for talks.")
		calm.events = append(calm.events, src.events[len(src.events)-1])
	}
	opt.Alerts = nil
	b, err := Assess(t.Context(), calm, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if b.Tension[0].Driver {
		t.Errorf("a calm window drives tension: %+v", b.Tension[0])
	}
}

// TestCoercionTargets checks that coercion evidence must concern the
// client directly: China's ban on Japanese seafood after the Fukushima
// water release is not coercion of a US firm whose only tie to Japan is
// the G7, but it is of a US firm with a plant in Japan.
func TestCoercionTargets(t *testing.T) {
	e := newEnv(t)
	us, err := ReadProfile("../../examples/profiles/us-aerospace-supplier.yaml", e.dict, e.sectors, e.model)
	if err != nil {
		t.Fatal(err)
	}
	jp, err := e.parse("jp.yaml", "name: Heron Optics\nheadquarters: United States\noperations:\n  - country: China\n    city: Suzhou\n  - country: Japan\n    city: Nagoya\n")
	if err != nil {
		t.Fatal(err)
	}
	src := &fakeSource{docs: map[int64]event.Document{}}
	date := time.Date(2023, 8, 24, 0, 0, 0, 0, time.UTC)
	add := func(id int64, srcCode, tgtCode, code, sentence string) {
		body := "Lead. " + sentence
		src.docs[id] = event.Document{ID: id, StoryID: id, Source: "Outlet", Title: "story", Body: body, Published: date}
		src.events = append(src.events, event.Event{ID: id, Origin: "coded", OriginID: fmt.Sprint(id), Date: date, DocID: id,
			Source: event.Actor{Code: srcCode}, Target: event.Actor{Code: tgtCode}, Code: code, Goldstein: -8, Quad: 4,
			Evidence: event.Evidence{Sentence: event.Span{Start: 6, End: len(body)}, Confidence: 0.9}})
	}
	add(1, "CHNGOV", "JPN", "163", "China banned all imports of seafood from Japan after the release of treated water from the Fukushima plant.")
	add(2, "CHNGOV", "USAGOV", "112", "China accused the United States of abusing export controls.")
	add(3, "CHNGOV", "LTU", "163", "China blocked Lithuanian goods at customs in a dispute over Taiwan.")
	opt := Options{Since: time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), Model: e.model, Places: e.dict}
	coercionDocs := func(p *Profile) map[int64]bool {
		a, err := Assess(t.Context(), src, p, opt)
		if err != nil {
			t.Fatal(err)
		}
		docs := map[int64]bool{}
		for _, x := range a.Risks {
			if x.Risk == "coercion" {
				for _, d := range x.Drivers {
					for _, ev := range d.Evidence {
						docs[ev.DocID] = true
					}
				}
			}
		}
		return docs
	}
	if d := coercionDocs(us); d[1] || !d[2] || !d[3] {
		t.Errorf("US firm with NATO customers: coercion evidence %v, want the accusation (2) and Lithuania, a NATO customer country (3), not the Fukushima ban (1)", d)
	}
	if d := coercionDocs(jp); !d[1] || d[3] {
		t.Errorf("US firm with a plant in Japan: coercion evidence %v, want the Fukushima ban (1) and not Lithuania (3)", d)
	}
}

func TestCountryName(t *testing.T) {
	tests := []struct{ in, want, reason string }{
		{"United States", "the United States", "United takes the article"},
		{"United Kingdom", "the United Kingdom", "so does Kingdom"},
		{"Netherlands", "the Netherlands", "listed by name"},
		{"Czech Republic", "the Czech Republic", "Republic takes the article"},
		{"China", "China", "most names take none"},
		{"South Korea", "South Korea", "a compass point is no reason"},
		{"the Gambia", "the Gambia", "already has it"},
	}
	for _, tt := range tests {
		if got := CountryName(tt.in); got != tt.want {
			t.Errorf("CountryName(%q) = %q, want %q: %s", tt.in, got, tt.want, tt.reason)
		}
	}
	if got := fillHost("{host}'s laws keep being enforced in {host}.", "Netherlands", true); got != "The Netherlands' laws keep being enforced in the Netherlands." {
		t.Errorf("fillHost: %q", got)
	}
	if got := fillHost("{host}'s state media", "China", true); got != "China's state media" {
		t.Errorf("fillHost: %q", got)
	}
}
