package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/code"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/source/acled/country"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// Articles in our own words, enough for every page to have something.
var articles = []string{
	`{"title": "China denounces NATO communique", "date": "2023-07-13", "source": "Harbour Post",
	  "text": "China on 12 July denounced the NATO communique issued at the Vilnius summit. The Chinese Foreign Ministry said the alliance was spreading Cold War thinking. \"NATO should stop reaching into the Asia-Pacific,\" a ministry spokesperson said. Analysts at Pamir assess that Beijing will likely step up its criticism."}`,
	`{"title": "Japan and France hold first fighter drill", "date": "2023-07-26", "source": "Test Wire",
	  "text": "Japan and France began their first joint fighter exercise on Wednesday, with French jets flying from a base in Kyushu alongside Japanese aircraft. Japan praised France for the visit."}`,
	`{"title": "China accuses NATO over Tokyo office", "date": "2023-06-08", "source": "Pacific Wire",
	  "text": "China accused NATO of stirring tension in Asia after reports that the alliance planned a liaison office in Tokyo. Beijing warned NATO against expanding eastward."}`,
}

type fixture struct {
	srv   *httptest.Server
	store *sqlite.Store
	h     *Server
}

// newFixture serves a fresh SQLite store holding the articles above, coded
// by the real coder and dictionaries.
func newFixture(t *testing.T, mod func(*Options)) *fixture {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dict, err := actor.Load()
	if err != nil {
		t.Fatal(err)
	}
	find := func(sentence string, date time.Time, dst []code.ActorMatch) []code.ActorMatch {
		for _, m := range dict.Find(sentence, date, nil) {
			dst = append(dst, code.ActorMatch{Start: m.Start, End: m.End, Code: m.Code, Country: m.Country, Name: m.Name, Kind: code.ActorKind(m.Kind)})
		}
		return dst
	}
	coder, err := code.New(code.Options{Actors: find})
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Store: s, Token: "sekrit", Build: ingest.Build, Names: dict.Name, Resolve: dict.Resolve,
		Countries: country.Load().ByNumeric,
		Code: func(d *event.Document) store.CodedDoc {
			r := coder.Code(code.Doc{ID: d.Key, DocID: d.ID, Body: d.Body, Published: d.Published})
			out := store.CodedDoc{DocID: d.ID, Version: "test"}
			for i := range r.Events {
				out.Events = append(out.Events, &r.Events[i])
			}
			for i := range r.Quotes {
				out.Quotes = append(out.Quotes, &r.Quotes[i])
			}
			for i := range r.Judgments {
				out.Judgments = append(out.Judgments, &r.Judgments[i])
			}
			return out
		},
		FindActors: func(sentence string, date time.Time) []ActorSpan {
			var out []ActorSpan
			for _, m := range dict.Find(sentence, date, nil) {
				out = append(out, ActorSpan{Start: m.Start, End: m.End, Code: m.Code, Name: m.Name})
			}
			return out
		}}
	if mod != nil {
		mod(&opt)
	}
	h, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	for _, a := range articles {
		if c, body := do(t, "POST", srv.URL+"/api/documents", "sekrit", a); c != 201 {
			t.Fatalf("storing a test article: %d %s", c, body)
		}
	}
	day := time.Date(2023, 7, 10, 0, 0, 0, 0, time.UTC)
	if _, err := s.PutAlerts(t.Context(), []*store.Alert{{Rule: "china-nato", Series: "CHN->IGOWSTNAT conflict events", Start: day, End: day.AddDate(0, 0, 7),
		Detector: "poisson", Severity: "high", Direction: 1, Value: 4, Baseline: 0.5, Score: 3.1, Summary: "4 conflict events against 0.5 expected",
		Evidence: []store.Evidence{{DocID: 1, SentStart: 0, SentEnd: 60, Code: "111", Source: "CHN", Target: "IGOWSTNAT", Text: "China on 12 July denounced the NATO communique"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutForecasts(t.Context(), []*store.Forecast{{Key: "doc:1:200", Author: "Pamir", Topic: "China", Question: "Will Beijing step up its criticism?",
		Text: "Beijing will likely step up its criticism.", Term: "likely", Probability: 0.7, HasProbability: true, Made: day, DocID: 1}}); err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, store: s, h: h}
}

func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var inlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>`)

func TestPages(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name, path string
		contains   []string
	}{
		{"dashboard", "/", []string{"Watched dyads", "China – NATO", `data-src="/api/tension?dyad=CHN-IGOWSTNAT&amp;by=week"`, "China denounces NATO communique"}},
		{"events", "/events?actor=China", []string{"China", "NATO", `href="/documents/1#s-`}},
		{"events by dyad", "/events?dyad=China-NATO&quad=3", []string{"NATO"}},
		{"documents", "/documents", []string{"Japan and France hold first fighter drill"}},
		{"document", "/documents/1", []string{`<mark class="actor"`, `<mark class="trigger`, `<mark class="judgment"`, `id="s-0"`, "likely"}},
		{"actor", "/actors/CHN", []string{"China", "Counterparts", `href="/actors/IGOWSTNAT"`, `data-src="/api/series?actor=CHN&amp;by=month"`}},
		{"actor by name", "/actors/NATO", []string{"NATO"}},
		{"search", "/search?q=liaison+office", []string{"China accuses NATO over Tokyo office", "«"}},
		{"search by actor", "/search?q=NATO&actor=JPN", []string{"Nothing matches"}},
		{"map", "/map", []string{`<svg class="map"`, `data-code="CHN"`, `href="/events?actor=CHN"`}},
		{"ingest form", "/ingest", []string{`name="csrf"`, `name="token"`}},
		{"alerts", "/alerts?severity=medium", []string{"CHN-&gt;IGOWSTNAT conflict events", `href="/documents/1#s-0"`, "China on 12 July denounced"}},
		{"ledger", "/ledger", []string{"Will Beijing step up its criticism?", "None is resolved yet", "70%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, f.srv.URL+tt.path)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s = %d\n%s", tt.path, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			checkSecurityHeaders(t, resp.Header)
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s lacks %q", tt.path, want)
				}
			}
			for _, tag := range inlineScript.FindAllString(body, -1) {
				if !strings.Contains(tag, ` src="/static/`) {
					t.Errorf("GET %s has an inline script %s: the CSP forbids it", tt.path, tag)
				}
			}
			// Every asset the page names is served.
			for _, m := range regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1) {
				if r, _ := get(t, f.srv.URL+m[1]); r.StatusCode != 200 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
					t.Errorf("asset %s = %d, Cache-Control %q", m[1], r.StatusCode, r.Header.Get("Cache-Control"))
				}
			}
		})
	}
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows unsafe code: %q", csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
}

func TestAPIReads(t *testing.T) {
	f := newFixture(t, nil)
	t.Run("events with sentences", func(t *testing.T) {
		_, body := get(t, f.srv.URL+"/api/events?dyad=CHN-NATO&sentences=1")
		var evs []eventJSON
		if err := json.Unmarshal([]byte(body), &evs); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		if len(evs) == 0 {
			t.Fatal("no China–NATO events")
		}
		for _, e := range evs {
			if e.Sentence == "" || e.Evidence == nil || !strings.Contains(strings.ToLower(e.Sentence), strings.ToLower(e.Evidence.Trigger)) {
				t.Errorf("event %d: sentence %q lacks its trigger %+v", e.ID, e.Sentence, e.Evidence)
			}
			if !(strings.HasPrefix(e.Source.Code, "CHN") && e.Target.Code == "IGOWSTNAT" || e.Source.Code == "IGOWSTNAT" && strings.HasPrefix(e.Target.Code, "CHN")) {
				t.Errorf("event %d is %s→%s, not China–NATO", e.ID, e.Source.Code, e.Target.Code)
			}
		}
	})
	t.Run("explain", func(t *testing.T) {
		_, body := get(t, f.srv.URL+"/api/documents/1/explain")
		var x explained
		if err := json.Unmarshal([]byte(body), &x); err != nil {
			t.Fatal(err)
		}
		var events, quotes, judgments int
		for _, s := range x.Sentences {
			events += len(s.Events)
			quotes += len(s.Quotes)
			judgments += len(s.Judgments)
		}
		if events == 0 || events != x.Events || quotes != x.Quotes || judgments != x.Judgments || judgments == 0 {
			t.Errorf("sentences hold %d events, %d quotes, %d judgments; document %d, %d, %d", events, quotes, judgments, x.Events, x.Quotes, x.Judgments)
		}
	})
	t.Run("tension", func(t *testing.T) {
		_, body := get(t, f.srv.URL+"/api/tension?dyad=China-NATO&by=week")
		var ps []tensionJSON
		if err := json.Unmarshal([]byte(body), &ps); err != nil || len(ps) == 0 {
			t.Fatalf("%v: %s", err, body)
		}
		n := 0
		for _, p := range ps {
			n += p.Events
			if len(p.Inputs) != 3 {
				t.Errorf("bucket %s has %d inputs", p.Start, len(p.Inputs))
			}
		}
		evs, _ := f.store.ListEvents(t.Context(), store.EventQuery{DyadA: "CHN", DyadB: "IGOWSTNAT", Limit: 1000})
		if n == 0 || n > len(evs) {
			t.Errorf("tension counts %d events; the store has %d", n, len(evs))
		}
	})
	t.Run("series, gpr, map, actor, dyads, search", func(t *testing.T) {
		for path, want := range map[string]string{
			"/api/series?actor=JPN&by=month":  `"events":`,
			"/api/gpr?by=month":               `"gpr":`,
			"/api/map":                        `"code":"CHN"`,
			"/api/actors/CHN":                 `"counterparts":[{"code":"IGOWSTNAT"`,
			"/api/dyads":                      `"key":"CHN-IGOWSTNAT"`,
			"/api/search?q=Kyushu":            `"title":"Japan and France hold first fighter drill"`,
			"/api/series?dyad=CHN-ZZZ&by=day": `[]`,
			"/api/alerts?rule=china-nato":     `"evidence":[{"doc_id":1`,
			"/api/forecasts?status=open":      `"probability":0.7`,
		} {
			if resp, body := get(t, f.srv.URL+path); resp.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("GET %s = %d %s; want it to contain %s", path, resp.StatusCode, body, want)
			}
		}
	})
}

func TestBadInput(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.MaxBodyBytes = 4096 })
	tests := []struct {
		name, method, path, token, body string
		code                            int
		contains                        string
		html                            bool
	}{
		{"unknown document page", "GET", "/documents/999", "", "", 404, "no document 999", true},
		{"unknown document API", "GET", "/api/documents/999", "", "", 404, `{"error":"no document 999"}`, false},
		{"unknown explain", "GET", "/api/documents/999/explain", "", "", 404, "no document 999", false},
		{"bad document id", "GET", "/documents/abc", "", "", 400, "positive number", true},
		{"unknown actor", "GET", "/actors/Atlantis!", "", "", 404, "neither an actor code", true},
		{"actor without events", "GET", "/api/actors/ZZZ", "", "", 404, "no events or quotes of actor ZZZ", false},
		{"unknown page", "GET", "/no/such/page", "", "", 404, "no page at /no/such/page", true},
		{"unknown API", "GET", "/api/nothing", "", "", 404, `"error"`, false},
		{"bad quad", "GET", "/api/events?quad=9", "", "", 400, "quad: at most 4", false},
		{"bad since", "GET", "/api/events?since=yesterday", "", "", 400, `since: want a date YYYY-MM-DD, got \"yesterday\"`, false},
		{"bad range", "GET", "/api/events?since=2023-02-01&until=2023-01-01", "", "", 400, "until: must be after since", false},
		{"bad limit", "GET", "/api/events?limit=lots", "", "", 400, "limit: want a non-negative integer", false},
		{"bad code", "GET", "/events?code=abc", "", "", 400, "code: want a CAMEO code", true},
		{"bad root", "GET", "/api/events?root=1", "", "", 400, "root: want a two-digit", false},
		{"bad dyad", "GET", "/api/events?dyad=China", "", "", 400, "dyad: want A-B", false},
		{"tension without dyad", "GET", "/api/tension", "", "", 400, "dyad: give dyad=A-B", false},
		{"bad severity", "GET", "/api/alerts?severity=dire", "", "", 400, "severity: want low, medium or high", false},
		{"bad status", "GET", "/ledger?status=maybe", "", "", 400, "status: want open, resolved or all", true},
		{"bad by", "GET", "/api/series?actor=CHN&by=year", "", "", 400, "by: want day, week or month", false},
		{"search without q", "GET", "/api/search", "", "", 400, "q: give the words", false},
		{"bad search syntax", "GET", "/api/search?q=%22unclosed", "", "", 400, "q: the search syntax is wrong", false},
		{"no token", "POST", "/api/documents", "", articles[1], 401, "missing or wrong API token", false},
		{"wrong token", "POST", "/api/documents", "nope", articles[1], 401, "missing or wrong API token", false},
		{"too large", "POST", "/api/documents", "sekrit", `{"text": "` + strings.Repeat("x", 5000) + `"}`, 413, "larger than 4096 bytes", false},
		{"bad date", "POST", "/api/documents", "sekrit", `{"text": "China warned Japan.", "date": "July"}`, 400, "date: want YYYY-MM-DD", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), tt.method, f.srv.URL+tt.path, strings.NewReader(tt.body))
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.code || !strings.Contains(string(b), tt.contains) {
				t.Errorf("%s %s = %d %s; want %d containing %q", tt.method, tt.path, resp.StatusCode, b, tt.code, tt.contains)
			}
			if isHTML := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"); isHTML != tt.html {
				t.Errorf("%s %s: Content-Type %q, want HTML %v", tt.method, tt.path, resp.Header.Get("Content-Type"), tt.html)
			}
			checkSecurityHeaders(t, resp.Header)
		})
	}
}

// TestStoreGone closes the database under the server: requests get 503 and
// the server goes on answering.
func TestStoreGone(t *testing.T) {
	f := newFixture(t, nil)
	f.store.Close()
	for _, path := range []string{"/healthz", "/api/events", "/api/documents/1", "/", "/events", "/api/tension?dyad=CHN-USA"} {
		resp, body := get(t, f.srv.URL+path)
		if resp.StatusCode != 503 || !strings.Contains(body, "unavailable") {
			t.Errorf("GET %s with the store closed = %d %s; want 503", path, resp.StatusCode, body)
		}
		if path != "/healthz" && resp.Header.Get("Retry-After") == "" {
			t.Errorf("GET %s: no Retry-After", path)
		}
	}
	if resp, _ := get(t, f.srv.URL+"/api/openapi.json"); resp.StatusCode != 200 {
		t.Errorf("the server stopped answering: %d", resp.StatusCode)
	}
}

func TestCSRF(t *testing.T) {
	f := newFixture(t, nil)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(f.srv.URL + "/ingest")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no CSRF token in the form:\n%s", b)
	}
	form := url.Values{"title": {"Tokyo protests Chinese drills"}, "date": {"2023-08-01"}, "source": {"Form Wire"},
		"text": {"Japan protested to China on Tuesday over military drills near its islands."}, "token": {"sekrit"}}
	post := func(c *http.Client, v url.Values, hdr map[string]string) *http.Response {
		req, _ := http.NewRequestWithContext(t.Context(), "POST", f.srv.URL+"/ingest", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, x := range hdr {
			req.Header.Set(k, x)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := post(c, form, nil); r.StatusCode != 403 {
		t.Errorf("a form without its CSRF token = %d, want 403", r.StatusCode)
	}
	forged := cloneValues(form)
	forged.Set("csrf", "forged")
	if r := post(c, forged, nil); r.StatusCode != 403 {
		t.Errorf("a form with a forged CSRF token = %d, want 403", r.StatusCode)
	}
	good := cloneValues(form)
	good.Set("csrf", m[1])
	if r := post(http.DefaultClient, good, nil); r.StatusCode != 403 {
		t.Errorf("a token without its cookie = %d, want 403", r.StatusCode)
	}
	if r := post(c, good, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}); r.StatusCode != 403 {
		t.Errorf("a cross-site post = %d, want 403", r.StatusCode)
	}
	wrongTok := cloneValues(good)
	wrongTok.Set("token", "guess")
	if r := post(c, wrongTok, nil); r.StatusCode != 401 {
		t.Errorf("a form with a wrong API token = %d, want 401", r.StatusCode)
	}
	r := post(c, good, nil)
	if r.StatusCode != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/documents/") {
		t.Fatalf("a good form = %d → %q, want 303 to the document", r.StatusCode, r.Header.Get("Location"))
	}
	if _, body := get(t, f.srv.URL+r.Header.Get("Location")); !strings.Contains(body, "Tokyo protests Chinese drills") || !strings.Contains(body, `<mark class="trigger`) {
		t.Errorf("the stored document's page lacks its title or coded event")
	}
}

func TestProtectReads(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.ProtectReads = true })
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]int{"/healthz": 200, "/api/openapi.json": 200, "/api/events": 401, "/metrics": 401, "/": 303, "/documents/1": 303} {
		resp, err := c.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s without a token = %d, want %d", path, resp.StatusCode, want)
		}
	}
	if code, body := do(t, "GET", f.srv.URL+"/api/events", "sekrit", ""); code != 200 {
		t.Errorf("GET /api/events with the token = %d %s", code, body)
	}
}

func TestOpenAPI(t *testing.T) {
	f := newFixture(t, nil)
	_, body := get(t, f.srv.URL+"/api/openapi.json")
	var spec struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &spec); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Errorf("openapi %q", spec.OpenAPI)
	}
	// Every API endpoint the server routes is documented, with its method.
	n := 0
	for _, rt := range f.h.routes() {
		if !isAPI(rt.path) {
			continue
		}
		n++
		if _, ok := spec.Paths[rt.path][strings.ToLower(rt.method)]; !ok {
			t.Errorf("%s %s is not in the OpenAPI document", rt.method, rt.path)
		}
	}
	if n < 14 {
		t.Errorf("only %d API routes", n)
	}
	// Every schema reference resolves.
	for _, ref := range regexp.MustCompile(`"\$ref":"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(body, -1) {
		if _, ok := spec.Components.Schemas[ref[1]]; !ok {
			t.Errorf("dangling schema reference %s", ref[1])
		}
	}
	if _, ok := spec.Paths["/api/documents"]["post"]["security"]; !ok {
		t.Error("POST /api/documents does not declare its bearer token")
	}
}

func TestOriginalSanitized(t *testing.T) {
	f := newFixture(t, nil)
	page := `{"title": "Seoul summit", "date": "2023-08-18", "html": "<html><head><title>x</title><script>alert(1)</script></head><body><article><h1>Seoul summit</h1><p onclick=\"steal()\">South Korea and Japan agreed to hold regular talks, officials in Seoul said on Friday after a summit with the United States.</p><img src=\"https://tracker.example/p.gif\"><p>More <a href=\"javascript:alert(2)\">here</a>.</p></article></body></html>"}`
	c, body := do(t, "POST", f.srv.URL+"/api/documents", "sekrit", page)
	if c != 201 {
		t.Fatalf("%d %s", c, body)
	}
	var res struct{ ID int64 }
	json.Unmarshal([]byte(body), &res)
	resp, html := get(t, f.srv.URL+"/documents/"+strconv.FormatInt(res.ID, 10)+"/original")
	if resp.StatusCode != 200 || !strings.Contains(html, "regular talks") {
		t.Fatalf("original page = %d\n%s", resp.StatusCode, html)
	}
	for _, bad := range []string{"alert(1)", "steal()", "tracker.example", "javascript:"} {
		if strings.Contains(html, bad) {
			t.Errorf("the original page keeps %q", bad)
		}
	}
}

func TestTemplatesFailFast(t *testing.T) {
	as, err := loadAssets(assetFS)
	if err != nil {
		t.Fatal(err)
	}
	good := fstest.MapFS{
		"templates/_layout.html": {Data: []byte(`{{define "layout"}}<main>{{template "content" .}}</main>{{end}}`)},
		"templates/a.html":       {Data: []byte(`{{define "content"}}ok{{end}}`)},
	}
	if _, err := parsePages(good, as); err != nil {
		t.Fatalf("a good template set: %v", err)
	}
	for name, fs := range map[string]fstest.MapFS{
		"syntax":      {"templates/_layout.html": good["templates/_layout.html"], "templates/a.html": {Data: []byte(`{{define "content"}}{{if}}{{end}}`)}},
		"no layout":   {"templates/a.html": good["templates/a.html"]},
		"no content":  {"templates/_layout.html": good["templates/_layout.html"], "templates/a.html": {Data: []byte(`plain`)}},
		"unknown fn":  {"templates/_layout.html": good["templates/_layout.html"], "templates/a.html": {Data: []byte(`{{define "content"}}{{nosuch .}}{{end}}`)}},
		"bad partial": {"templates/_layout.html": {Data: []byte(`{{define "layout"}}{{end}`)}, "templates/a.html": good["templates/a.html"]},
	} {
		if _, err := parsePages(fs, as); err == nil {
			t.Errorf("%s: parsePages accepted a broken template set", name)
		}
	}
	// The embedded templates render with an unknown asset name failing.
	if _, err := as.url("nosuch.js"); err == nil {
		t.Error("an unknown asset has a URL")
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"GEORISK_ADDR": "127.0.0.1:9999", "GEORISK_WATCH": "China-NATO,CHN-USA"}
	c, err := ParseConfig(strings.NewReader(`{"addr": "0.0.0.0:80", "token": "s3cret", "request_timeout": "5s"}`), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.Token != "s3cret" || time.Duration(c.RequestTimeout) != 5*time.Second || len(c.Watch) != 2 || c.MaxBodyBytes != 8<<20 {
		t.Errorf("config %+v: the environment overrides the file, the file the defaults", c)
	}
	if red := c.Redacted(); strings.Contains(red, "s3cret") || !strings.Contains(red, "redacted") {
		t.Errorf("the config dump shows the token:\n%s", red)
	}
	for in, want := range map[string]string{
		`{"adress": "x"}`:         "unknown field",
		`{"addr": "nowhere"}`:     "want HOST:PORT",
		`{"request_timeout": 5}`:  "duration",
		`{"protect_reads": true}`: "needs an API token",
		`{"watch": ["CHN"]}`:      "want A-B",
		`{"max_body_bytes": 10}`:  "at least 1024",
	} {
		_, err := ParseConfig(strings.NewReader(in), func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseConfig(%s) = %v, want an error with %q", in, err, want)
		}
	}
}
