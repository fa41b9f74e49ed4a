package analyze

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// fakeDocs is a DocLister over a slice, in ID order.
type fakeDocs []event.Document

func (f fakeDocs) DocsToCode(_ context.Context, after int64, limit int, _ string) ([]event.Document, error) {
	var out []event.Document
	for _, d := range f {
		if d.ID > after && len(out) < limit {
			out = append(out, d)
		}
	}
	return out, nil
}

func gprDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestGPRMatchCategories(t *testing.T) {
	cases := []struct {
		text string
		want []int
	}{
		{"Officials warned that a war between the two countries was now a real danger.", []int{GPRWarThreats}},
		{"The truce is close to collapse after weeks of shelling.", []int{GPRPeaceThreats, GPREscalationOfWar}},
		{"Satellite images show troops massing along the border.", []int{GPRMilitaryBuildups}},
		{"Analysts describe a new arms race in the Pacific.", []int{GPRMilitaryBuildups}},
		{"The minister threatened a nuclear strike if the bridge was crossed.", []int{GPRNuclearThreats}},
		{"Police raised the terror alert after a warning about a plot.", []int{GPRTerrorThreats}},
		{"Parliament declared war on its neighbour on Monday.", []int{GPRBeginningOfWar}},
		{"The army launched an invasion at dawn.", []int{GPRBeginningOfWar}},
		{"An air strike on the port left dozens dead.", []int{GPREscalationOfWar}},
		{"A suicide bomber struck a market; the group took hostages.", []int{GPRTerrorActs}},
		{"The central bank left interest rates unchanged; the harvest was good.", nil},
		{"Peace talks resumed in Geneva and went well.", nil},
		// Proximity: the threat word is too far from the war word.
		{"War memorials were cleaned on Sunday by volunteers from the town, and later that afternoon the mayor said there was a risk of rain.", nil},
	}
	for _, c := range cases {
		got := GPRMatch(c.text, 5)
		var want uint8
		for _, w := range c.want {
			want |= 1 << w
		}
		if got != want {
			t.Errorf("GPRMatch(%q) = %08b, want %08b", c.text, got, want)
		}
	}
}

func TestGPRProximityWindow(t *testing.T) {
	text := "war one two three four five six seven threat"
	if GPRMatch(text, 5)&(1<<GPRWarThreats) != 0 {
		t.Error("matched at distance 8 with window 5")
	}
	if GPRMatch(text, 8)&(1<<GPRWarThreats) == 0 {
		t.Error("no match at distance 8 with window 8")
	}
	if GPRMatch("threat of war", 2)&(1<<GPRWarThreats) == 0 {
		t.Error("order must not matter")
	}
}

func gprMatcher(text string) []string {
	var out []string
	for name, code := range map[string]string{"China": "CHN", "Beijing": "CHN", "Japan": "JPN", "Tokyo": "JPN", "France": "FRA"} {
		if strings.Contains(text, name) {
			out = append(out, code)
		}
	}
	return out
}

func TestGPRSharesScopesAndStoryDedup(t *testing.T) {
	docs := fakeDocs{
		// January: 4 stories, 2 match.
		{ID: 1, StoryID: 1, Published: gprDay("2024-01-03"), Title: "Tension", Body: "Beijing warned of war with Japan."},
		// Copies of story 1, syndicated: count once.
		{ID: 2, StoryID: 1, Published: gprDay("2024-01-04"), Title: "Tension", Body: "Beijing warned of war with Japan."},
		{ID: 3, StoryID: 1, Published: gprDay("2024-02-01"), Title: "Tension", Body: "Beijing warned of war with Japan."},
		{ID: 4, Published: gprDay("2024-01-10"), Title: "Markets", Body: "Shares rose in Tokyo."},
		{ID: 5, Published: gprDay("2024-01-11"), Title: "Attack", Body: "A car bomb exploded in Paris, France."},
		{ID: 6, Published: gprDay("2024-01-12"), Title: "Weather", Body: "Snow in China."},
		// February: 2 stories, 0 match (story 1's late copy belongs to January).
		{ID: 7, Published: gprDay("2024-02-05"), Title: "Trade", Body: "China and Japan signed a trade deal."},
		{ID: 8, Published: gprDay("2024-02-06"), Title: "Sport", Body: "Japan won the match."},
		// March: 1 story, 1 match (threat and act).
		{ID: 9, StoryID: 9, Published: gprDay("2024-03-02"), Title: "Escalation", Body: "China threatened a nuclear strike."},
		{ID: 10, StoryID: 9, Published: gprDay("2024-03-01"), Title: "Escalation", Body: "Air strikes hit Tokyo."},
		// Undated: skipped.
		{ID: 11, Title: "War threat", Body: "War threat."},
		// Outside the range.
		{ID: 12, Published: gprDay("2023-12-31"), Title: "War threat", Body: "War threat."},
	}
	q := GPRQuery{
		By: Month, Since: gprDay("2024-01-01"), Until: gprDay("2024-04-01"),
		Countries: []string{"CHN"}, Dyads: [][2]string{{"CHN", "JPN"}},
		Match: gprMatcher, PageSize: 3,
	}
	pts, err := GPR(context.Background(), docs, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 9 {
		t.Fatalf("got %d points, want 3 scopes × 3 months", len(pts))
	}
	type row struct {
		scope                    string
		stories, matches, th, ac int
	}
	want := []row{
		{"", 4, 2, 1, 1}, {"", 2, 0, 0, 0}, {"", 1, 1, 1, 1},
		{"CHN", 4, 1, 1, 0}, {"CHN", 2, 0, 0, 0}, {"CHN", 1, 1, 1, 1},
		{"CHN-JPN", 4, 1, 1, 0}, {"CHN-JPN", 2, 0, 0, 0}, {"CHN-JPN", 1, 1, 1, 1},
	}
	for i, w := range want {
		p := pts[i]
		if p.Scope != w.scope || p.Stories != w.stories || p.Matches != w.matches || p.Threats != w.th || p.Acts != w.ac {
			t.Errorf("point %d (%s %s) = scope %q stories %d matches %d threats %d acts %d, want %+v",
				i, p.Scope, p.Start.Format(time.DateOnly), p.Scope, p.Stories, p.Matches, p.Threats, p.Acts, w)
		}
	}
	if pts[0].Undated != 1 {
		t.Errorf("undated = %d, want 1", pts[0].Undated)
	}
	// Global shares: 50%, 0%, 100%; base mean 50 → 100, 0, 200.
	for i, w := range []float64{100, 0, 200} {
		if math.Abs(pts[i].GPR-w) > 1e-9 {
			t.Errorf("GPR[%d] = %v, want %v", i, pts[i].GPR, w)
		}
	}
	if c := pts[0].Category; c[GPRWarThreats] != 1 || c[GPRTerrorActs] != 1 {
		t.Errorf("January categories = %v", c)
	}
	if c := pts[2].Category; c[GPRNuclearThreats] != 1 || c[GPREscalationOfWar] != 1 {
		t.Errorf("March categories = %v (copies' matches must merge)", c)
	}

	// An empty bucket (no stories) stays out of the base mean.
	q.Until = gprDay("2024-05-01")
	pts, err = GPR(context.Background(), docs, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 12 || pts[3].Stories != 0 || pts[0].GPR != 100 || pts[2].GPR != 200 {
		t.Errorf("with an empty April: %d points, April stories %d, GPR %v %v", len(pts), pts[3].Stories, pts[0].GPR, pts[2].GPR)
	}
	q.Until = gprDay("2024-04-01")

	// A base period of January only: January's share (50%) is 100.
	q.BaseSince, q.BaseUntil = gprDay("2024-01-01"), gprDay("2024-02-01")
	pts, err = GPR(context.Background(), docs, q)
	if err != nil {
		t.Fatal(err)
	}
	if pts[0].GPR != 100 || pts[2].GPR != 200 || pts[0].GPRA != 100 || pts[2].GPRA != 400 {
		t.Errorf("rebased on January: %v %v %v %v", pts[0].GPR, pts[2].GPR, pts[0].GPRA, pts[2].GPRA)
	}
	// A base with no matches cannot normalize.
	q.BaseSince, q.BaseUntil = gprDay("2024-02-01"), gprDay("2024-03-01")
	pts, _ = GPR(context.Background(), docs, q)
	if pts[0].Normalized || pts[0].GPR != 0 {
		t.Errorf("zero base: normalized %v, GPR %v", pts[0].Normalized, pts[0].GPR)
	}
	// A base outside the reported range still counts.
	q.Since, q.BaseSince, q.BaseUntil = gprDay("2024-03-01"), gprDay("2024-01-01"), gprDay("2024-02-01")
	pts, _ = GPR(context.Background(), docs, q)
	if len(pts) != 3 || pts[0].GPR != 200 {
		t.Errorf("base before the range: %d points, GPR %v", len(pts), pts[0].GPR)
	}
}

func TestGPRBadQueries(t *testing.T) {
	ctx := context.Background()
	if _, err := GPR(ctx, fakeDocs{}, GPRQuery{}); err == nil {
		t.Error("no range: no error")
	}
	q := GPRQuery{Since: gprDay("2024-01-01"), Until: gprDay("2024-02-01"), Countries: []string{"CHN"}}
	if _, err := GPR(ctx, fakeDocs{}, q); err == nil {
		t.Error("countries without a matcher: no error")
	}
	q.Countries = nil
	pts, err := GPR(ctx, fakeDocs{}, q)
	if err != nil || len(pts) != 1 || pts[0].Stories != 0 || pts[0].Normalized {
		t.Errorf("empty corpus: %+v, %v", pts, err)
	}
	if _, err := GPR(ctx, errDocs{}, q); err == nil {
		t.Error("lister error not returned")
	}
}

type errDocs struct{}

func (errDocs) DocsToCode(context.Context, int64, int, string) ([]event.Document, error) {
	return nil, errors.New("boom")
}

// TestGPRPublishedSeries reads the published monthly series (Caldara and
// Iacoviello's data_gpr_export) when the shared samples are present. Our
// corpus cannot reproduce its levels (other outlets, span and search
// strings); what it checks is the file's shape and that Rebase is the
// published normalization: GPR = SHARE_GPR / mean(SHARE_GPR, 1985–2019) × 100.
func TestGPRPublishedSeries(t *testing.T) {
	f, err := os.Open("../../../shared/samples/gpr_index/data_gpr_export.csv")
	if err != nil {
		t.Skip("published GPR sample not present:", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"month", "GPR", "GPRT", "GPRA", "SHARE_GPR", "N10", "GPRH", "GPRC_CHN", "GPRC_JPN"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("column %s missing from %v", h, recs[0][:10])
		}
	}
	num := func(rec []string, h string) (float64, bool) {
		s := rec[col[h]]
		if s == "" {
			return 0, false
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s %q: %v", h, s, err)
		}
		return v, true
	}
	var months []time.Time
	var share []float64
	var gpr []float64
	var base []bool
	for _, rec := range recs[1:] {
		m, err := time.Parse(time.DateOnly, rec[col["month"]])
		if err != nil {
			t.Fatalf("month %q: %v", rec[col["month"]], err)
		}
		if n := len(months); n > 0 && !m.Equal(Month.Next(months[n-1])) {
			t.Fatalf("month %s follows %s", m.Format(time.DateOnly), months[n-1].Format(time.DateOnly))
		}
		months = append(months, m)
		s, ok1 := num(rec, "SHARE_GPR")
		g, ok2 := num(rec, "GPR")
		if ok1 != ok2 {
			t.Fatalf("%s: SHARE_GPR and GPR not both present", rec[0])
		}
		if ok1 {
			share = append(share, s)
			gpr = append(gpr, g)
			base = append(base, m.Year() >= 1985 && m.Year() <= 2019)
		}
	}
	if !months[0].Equal(gprDay("1900-01-01")) {
		t.Errorf("first month %s, want 1900-01", months[0].Format(time.DateOnly))
	}
	if last := months[len(months)-1]; last.Before(gprDay("2024-01-01")) {
		t.Errorf("last month %s, want 2024 or later", last.Format(time.DateOnly))
	}
	if len(share) < 12*39 {
		t.Fatalf("only %d months with GPR", len(share))
	}
	got, mean, ok := Rebase(share, base)
	if !ok {
		t.Fatal("Rebase failed on the published shares")
	}
	worst := 0.0
	for i := range got {
		worst = max(worst, math.Abs(got[i]-gpr[i]))
	}
	t.Logf("%d months with GPR; base share mean %.3f%%; max |rebased - published| = %.4f", len(share), mean, worst)
	if worst > 0.5 {
		t.Errorf("rebased SHARE_GPR differs from the published GPR by up to %.3f points", worst)
	}
}
