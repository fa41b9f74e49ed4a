package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/claims"
	"github.com/georisk/georisk/internal/store"
)

// fakeAssessor offers one profile, "kestrel", with a fixed assessment.
type fakeAssessor struct{}

func (fakeAssessor) Profiles(context.Context) ([]ProfileInfo, error) {
	return []ProfileInfo{{Name: "kestrel", Client: "Kestrel Aerostructures", File: "kestrel.yaml"}}, nil
}

func (fakeAssessor) Assess(_ context.Context, name string, since, until time.Time) (*assess.Assessment, error) {
	if name != "kestrel" {
		return nil, fmt.Errorf("profile %q: %w", name, store.ErrNotFound)
	}
	if since.IsZero() {
		since = time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC)
	}
	ev := assess.Evidence{Date: time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC), Source: "CHN", Target: "IGOWSTNAT", Code: "111",
		Sentence: "China on 12 July denounced the NATO communique", DocID: 1, Outlet: "Harbour Post", Grade: "F"}
	return &assess.Assessment{Client: "Kestrel Aerostructures", Since: since, Until: since.AddDate(0, 2, 0), HostNames: []string{"China"}, Events: 3,
		Risks: []assess.Exposure{{Risk: "coercion", Name: "economic coercion", Exposure: 64, Material: true,
			Drivers: []assess.Driver{{Rule: "diplomatic-pressure", Name: "diplomatic pressure on the client's side", Weight: 1.5, Evidence: []assess.Evidence{ev}}}}},
		Judgments: []assess.Judgment{{RiskName: "economic coercion", Text: "We assess that Kestrel is likely (55–80%) to face economic coercion by China.",
			Term: "likely", Low: 55, High: 80, Confidence: "low", ConfidenceText: "We have low confidence in this judgment.", Evidence: []assess.Evidence{ev}}},
		Screening: assess.Screening{Hits: []assess.ListHit{{Party: "Harbin Aero Parts", Role: "supplier", List: "Entity List", EntryID: "E1", Name: "Harbin Aero Parts Co", Score: 0.97}}}}, nil
}

func publishFixture(t *testing.T) *fixture {
	t.Helper()
	ref, err := claims.DefaultReference()
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, func(o *Options) {
		o.Assessor = fakeAssessor{}
		o.CheckClaims = func(body string, at time.Time) []claims.Claim { return ref.Check(claims.Find(body, at)) }
	})
	for _, b := range []*store.Brief{
		{Slug: "china-nato-2023-07", Title: "China–NATO: developments and business risk, July 2023", Subject: "China–NATO",
			Date: time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC), Summary: "China's criticism of NATO rose after Vilnius [1].", Topics: []string{"China", "NATO"}, ReadingMinutes: 5,
			HTML:     `<h2>Summary</h2><p>China’s criticism rose [1].</p><figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg><figcaption>Events by week</figcaption></figure><h2>Sources</h2><ol><li>Harbour Post</li></ol>`,
			Markdown: "## Summary\n"},
		{Slug: "china-japan-2023-07", Title: "China–Japan in July 2023", Subject: "China–Japan",
			Date: time.Date(2023, 7, 31, 0, 0, 0, 0, time.UTC), Summary: "Quiet.", Topics: []string{"China", "Japan"}, ReadingMinutes: 3, HTML: "<p>Quiet.</p>"},
	} {
		if err := f.store.PutBrief(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	body := `{"title": "Allies and the target", "date": "2023-08-09", "source": "Test Wire", "text": "As of 2023, only 20 out of 32 NATO members do meet the 2% criteria, the commentary on the alliance said."}`
	if c, out := do(t, "POST", f.srv.URL+"/api/documents", "sekrit", body); c != 201 {
		t.Fatalf("storing the claim article: %d %s", c, out)
	}
	return f
}

func TestPublicationAndAssessmentPages(t *testing.T) {
	f := publishFixture(t)
	tests := []struct {
		path     string
		contains []string
	}{
		{"/", []string{"Latest posts", `href="/briefs/china-nato-2023-07"`}},
		{"/briefs", []string{"China–NATO: developments", "5 min read", "2023-08-01", `href="/briefs?topic=Japan"`, "Latest posts", "Atom feed"}},
		{"/briefs?topic=japan", []string{"China–Japan in July 2023"}},
		{"/briefs/china-nato-2023-07", []string{"China’s criticism rose [1]", "<svg", "Events by week", "Sources", `href="/briefs/china-japan-2023-07"`}},
		{"/assess", []string{`href="/assess/kestrel"`, "Kestrel Aerostructures"}},
		{"/assess/kestrel?since=2023-07-01&until=2023-09-01", []string{"economic coercion", "We assess that Kestrel is likely (55–80%)", "low confidence",
			`href="/documents/1"`, "China on 12 July denounced", "Harbin Aero Parts", "Entity List", "bar w6"}},
		{"/ledger", []string{"Pamir"}},
	}
	for _, tt := range tests {
		resp, body := get(t, f.srv.URL+tt.path)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d\n%.300s", tt.path, resp.StatusCode, body)
			continue
		}
		checkSecurityHeaders(t, resp.Header)
		for _, want := range tt.contains {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", tt.path, want)
			}
		}
		if inlineScript.MatchString(strings.ReplaceAll(body, `<script defer src=`, "")) || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
			t.Errorf("GET %s has inline script or style", tt.path)
		}
	}
	if _, body := get(t, f.srv.URL+"/briefs?topic=japan"); strings.Contains(body, `<a href="/briefs/china-nato-2023-07">China–NATO`) && strings.Contains(body, `<article class="post">
<h2><a href="/briefs/china-nato`) {
		t.Error("the topic filter lists a brief without the topic")
	}
	// The contradicted claim shows on its document's page.
	docs, _ := f.store.ListDocs(t.Context(), store.DocQuery{Source: "Test Wire", Limit: 10})
	var id int64
	for _, d := range docs {
		if d.Title == "Allies and the target" {
			id = d.ID
		}
	}
	if _, body := get(t, fmt.Sprintf("%s/documents/%d", f.srv.URL, id)); !strings.Contains(body, "Claim checks") || !strings.Contains(body, `class="contradicted"`) {
		t.Errorf("document %d's page lacks its contradicted claim", id)
	}
	var cs []claims.Claim
	if _, body := get(t, fmt.Sprintf("%s/api/documents/%d/claims", f.srv.URL, id)); json.Unmarshal([]byte(body), &cs) != nil || len(cs) == 0 || cs[0].Status != claims.Contradicted {
		t.Errorf("claims API: %s", body)
	}
}

func TestCalibrationChart(t *testing.T) {
	f := publishFixture(t)
	if _, body := get(t, f.srv.URL+"/ledger"); strings.Contains(body, "<svg") {
		t.Error("the ledger draws a calibration chart with nothing resolved")
	}
	fs, _ := f.store.Forecasts(t.Context(), store.ForecastQuery{})
	if err := f.store.ResolveForecast(t.Context(), fs[0].ID, store.Resolution{Outcome: true, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, f.srv.URL+"/ledger")
	if !strings.Contains(body, "<svg") || !strings.Contains(body, "perfect calibration") || !strings.Contains(body, "0.09") {
		t.Errorf("the ledger lacks its calibration chart or Brier score (0.7 that happened: 0.09)")
	}
	var scores []assess.Score
	if _, body := get(t, f.srv.URL+"/api/calibration"); json.Unmarshal([]byte(body), &scores) != nil || len(scores) != 1 || scores[0].Resolved != 1 {
		t.Errorf("calibration API: %s", body)
	}
}

func TestPublicationAPI(t *testing.T) {
	f := publishFixture(t)
	var list []briefJSON
	if _, body := get(t, f.srv.URL+"/api/briefs"); json.Unmarshal([]byte(body), &list) != nil || len(list) != 2 || list[0].Slug != "china-nato-2023-07" || list[0].HTML != "" {
		t.Errorf("GET /api/briefs: %s", body)
	}
	if _, body := get(t, f.srv.URL+"/api/briefs?topic=Japan&limit=5"); json.Unmarshal([]byte(body), &list) != nil || len(list) != 1 || list[0].Slug != "china-japan-2023-07" {
		t.Errorf("GET /api/briefs?topic=Japan: %s", body)
	}
	var one briefJSON
	if _, body := get(t, f.srv.URL+"/api/briefs/china-nato-2023-07"); json.Unmarshal([]byte(body), &one) != nil || !strings.Contains(one.HTML, "<svg") || one.Markdown == "" {
		t.Errorf("GET /api/briefs/china-nato-2023-07: %s", body)
	}
	var ps []ProfileInfo
	if _, body := get(t, f.srv.URL+"/api/profiles"); json.Unmarshal([]byte(body), &ps) != nil || len(ps) != 1 {
		t.Errorf("GET /api/profiles: %s", body)
	}
	var a struct {
		Client string
		Risks  []struct {
			Drivers []struct {
				Evidence []struct {
					DocID    int64 `json:"doc_id"`
					Sentence string
				}
			}
		}
		Judgments []struct{ Text, Confidence string }
	}
	if _, body := get(t, f.srv.URL+"/api/assessments/kestrel"); json.Unmarshal([]byte(body), &a) != nil || a.Client != "Kestrel Aerostructures" ||
		len(a.Risks) != 1 || a.Risks[0].Drivers[0].Evidence[0].DocID != 1 || len(a.Judgments) != 1 {
		t.Errorf("GET /api/assessments/kestrel: %s", body)
	}
	// Bad input: unknown slugs and profiles are 404s, malformed ones and parameters 400s naming them.
	for _, c := range []struct {
		path string
		code int
		msg  string
	}{
		{"/briefs/no-such-brief", 404, "no-such-brief"},
		{"/api/briefs/no-such-brief", 404, "no-such-brief"},
		{"/api/briefs/Bad_Slug", 400, "slug"},
		{"/api/briefs?limit=x", 400, "limit"},
		{"/briefs?offset=-1", 400, "offset"},
		{"/briefs/feed.atom?limit=-1", 400, "limit"},
		{"/assess/nobody", 404, "nobody"},
		{"/api/assessments/nobody", 404, "nobody"},
		{"/api/assessments/kestrel?since=July", 400, "since"},
		{"/assess/kestrel?since=2023-09-01&until=2023-07-01", 400, "until"},
		{"/api/documents/999/claims", 404, "999"},
		{"/api/calibration?status=maybe", 400, "status"},
	} {
		resp, body := get(t, f.srv.URL+c.path)
		if resp.StatusCode != c.code || !strings.Contains(body, c.msg) {
			t.Errorf("GET %s: %d %.200s; want %d naming %q", c.path, resp.StatusCode, body, c.code, c.msg)
		}
	}
}

// TestAtomFeed parses the feed and checks the elements RFC 4287 requires.
func TestAtomFeed(t *testing.T) {
	f := publishFixture(t)
	resp, body := get(t, f.srv.URL+"/briefs/feed.atom")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Summary string `xml:"summary"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
			Category []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("the feed is not Atom XML: %v\n%.300s", err, body)
	}
	if feed.ID == "" || feed.Title == "" || len(feed.Author) == 0 || feed.Author[0].Name == "" {
		t.Errorf("feed lacks id, title or author: %+v", feed)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q: %v", feed.Updated, err)
	}
	self := false
	for _, l := range feed.Links {
		self = self || l.Rel == "self" && strings.HasSuffix(l.Href, "/briefs/feed.atom")
	}
	if !self {
		t.Error("feed has no self link")
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("feed has %d entries; want 2", len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.ID == "" || e.Title == "" || len(e.Link) == 0 || !strings.HasPrefix(e.Link[0].Href, "http") {
			t.Errorf("entry lacks id, title, updated or an absolute link: %+v", e)
		}
	}
	e := feed.Entries[0]
	if e.Title != "China–NATO: developments and business risk, July 2023" || e.Content.Type != "html" || !strings.Contains(e.Content.Body, "<svg") || len(e.Category) != 2 {
		t.Errorf("first entry: %+v", e)
	}
	if _, body := get(t, f.srv.URL+"/briefs/feed.atom?topic=Japan"); strings.Count(body, "<entry>") != 1 {
		t.Errorf("the Japan feed has %d entries; want 1", strings.Count(body, "<entry>"))
	}
}
