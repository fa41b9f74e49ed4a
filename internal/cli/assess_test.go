package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedBrief = "../../../shared/fixtures/pamir-nato-china-2023-08-09.txt"

// TestAssessAndBriefs runs the assessment commands on the demo corpus as an
// analyst would: assess a profile, keep score in the ledger, check claims,
// write briefs and lint them.
func TestAssessAndBriefs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	seed := false
	if _, err := os.Stat(seedBrief); err == nil {
		if r := run(t, dir, "", "ingest", "--db", db, seedBrief); r.code != 0 {
			t.Fatalf("ingesting the seed brief: %s", r.stderr)
		}
		seed = true
	} else {
		t.Logf("the seed brief %s is absent: briefing on the bundled corpus alone", seedBrief)
	}
	profile := "../../examples/profiles/us-aerospace-supplier.yaml"
	window := []string{"--since", "2023-07-01", "--until", "2023-09-01"}

	t.Run("assess", func(t *testing.T) {
		r := run(t, dir, "", append([]string{"assess", "--db", db, "--json", profile}, window...)...)
		if r.code != 0 {
			t.Fatalf("assess: exit %d: %s", r.code, r.stderr)
		}
		var a struct {
			Client string
			Risks  []struct {
				Risk     string
				Exposure int
				Drivers  []struct {
					Evidence []struct {
						DocID    int64 `json:"doc_id"`
						Sentence string
					}
				}
			}
			Judgments []struct{ Text, Confidence string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
			t.Fatalf("assess --json: %v", err)
		}
		if a.Client != "Kestrel Aerostructures" || len(a.Risks) != 7 || len(a.Judgments) == 0 {
			t.Fatalf("assessment: client %q, %d risks, %d judgments", a.Client, len(a.Risks), len(a.Judgments))
		}
		if d := a.Risks[0].Drivers; len(d) == 0 || len(d[0].Evidence) == 0 || d[0].Evidence[0].DocID == 0 || d[0].Evidence[0].Sentence == "" {
			t.Errorf("the top risk's drivers are not linked to sentences and documents: %+v", a.Risks[0])
		}
		text := run(t, dir, "", append([]string{"assess", "--db", db, profile}, window...)...)
		if !strings.Contains(text.stdout, "We assess that Kestrel Aerostructures") || !strings.Contains(text.stdout, "confidence in this judgment") {
			t.Errorf("assess prints no judgment:\n%s", text.stdout)
		}
	})
	t.Run("screening", func(t *testing.T) {
		client := filepath.Join("testdata", "assess", "listed-client.yaml")
		list, _ := filepath.Abs(filepath.Join("testdata", "assess", "listed.csv"))
		// Without lists: said once, not an error.
		r := run(t, dir, "", append([]string{"assess", "--db", db, "--no-record", client}, window...)...)
		if r.code != 0 || strings.Count(r.stdout, "no restricted-party lists are loaded") != 1 {
			t.Fatalf("assess without lists: exit %d, want the no-lists note once:\n%s%s", r.code, r.stdout, r.stderr)
		}
		sdb := db
		if r := run(t, dir, "", "lists", "import", "--db", sdb, "--name", "testlist", "--date", "2024-05-01", "csv", list); r.code != 0 {
			t.Fatalf("lists import: %s", r.stderr)
		}
		if r := run(t, dir, "", "screen", "--db", sdb, "--docs"); r.code != 0 {
			t.Fatalf("screen --docs: %s", r.stderr)
		}
		r = run(t, dir, "", append([]string{"assess", "--db", sdb, "--no-record", "--json", client}, window...)...)
		if r.code != 0 {
			t.Fatalf("assess with a list: exit %d: %s", r.code, r.stderr)
		}
		var a struct {
			Risks []struct {
				Risk    string
				Drivers []struct {
					Rule string
					Hits []struct {
						Party, Role, List, ID, Name, Matched string
						ListVersion                          string `json:"list_version"`
						Score                                float64
						Why                                  []string
					}
					Evidence []struct {
						DocID  int64 `json:"doc_id"`
						Listed []struct {
							List, ID, Party string
							DocID           int64 `json:"doc_id"`
						}
					}
				}
			}
			Screening struct {
				Lists   []string
				Parties []string
				Note    string
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
			t.Fatalf("assess --json: %v", err)
		}
		if a.Screening.Note != "" || len(a.Screening.Lists) != 1 || !strings.Contains(a.Screening.Lists[0], "testlist (2024-05-01)") {
			t.Errorf("screening: %+v", a.Screening)
		}
		if strings.Contains(strings.Join(a.Screening.Parties, "|"), "defence ministries") {
			t.Errorf("a description of customers was screened as a party: %v", a.Screening.Parties)
		}
		found, docHit := false, false
		for _, x := range a.Risks {
			for _, d := range x.Drivers {
				for _, h := range d.Hits {
					if x.Risk == "sanctions" && d.Rule == "listed-party" && h.List == "testlist" && h.ID == "GR-001" &&
						h.Party == "Tianjin Huaxing Composites Co., Ltd." && h.Role == "counterparty" && h.Score >= 0.84 && len(h.Why) > 0 && h.ListVersion == "2024-05-01" {
						found = true
					}
				}
				for _, ev := range d.Evidence {
					for _, l := range ev.Listed {
						if l.ID == "GR-002" && l.DocID == ev.DocID {
							docHit = true
						}
					}
				}
			}
		}
		if !found {
			t.Errorf("the listed joint-venture partner is not a driver of sanctions and export controls:\n%s", r.stdout)
		}
		if !docHit {
			t.Errorf("the hits stored on evidence documents are not shown with the evidence")
		}
		text := run(t, dir, "", append([]string{"assess", "--db", sdb, "--no-record", client}, window...)...)
		for _, want := range []string{`listed-party (3.00, 1 list hit)`, `counterparty "Tianjin Huaxing Composites Co., Ltd." matches testlist entry GR-001`, "Listed parties named in the evidence"} {
			if !strings.Contains(text.stdout, want) {
				t.Errorf("assess lacks %q:\n%s", want, text.stdout)
			}
		}
		out := filepath.Join(dir, "client.md")
		if r := run(t, dir, "", append([]string{"brief", "--db", sdb, "--profile", client, "-o", out}, window...)...); r.code != 0 {
			t.Fatalf("brief --profile: %s", r.stderr)
		}
		b, _ := os.ReadFile(out)
		if !strings.Contains(string(b), "Restricted-party screening") || !strings.Contains(string(b), "GR-001") {
			t.Errorf("the profile's brief does not report the listed counterparty")
		}
		if l := run(t, dir, "", "lint", out); l.code != 0 {
			t.Errorf("lint finds problems in the profile's brief:\n%s", l.stdout)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.yaml")
		os.WriteFile(bad, []byte("name: X\nheadquarters: Atlantis\nsectors: [basketry]\nfoo: 1\n"), 0o644)
		r := run(t, dir, "", "assess", "--db", db, bad)
		for _, want := range []string{"bad.yaml:2:", "Atlantis", "bad.yaml:3:", "basketry", "bad.yaml:4:", `"foo"`} {
			if r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("bad profile: exit %d, stderr lacks %q:\n%s", r.code, want, r.stderr)
			}
		}
		r = run(t, dir, "", "assess", "--db", db, "--since", "2001-01-01", "--until", "2001-02-01", profile)
		if r.code != 1 || !strings.Contains(r.stderr, "no events involving China between 2001-01-01 and 2001-02-01") {
			t.Errorf("empty window: exit %d: %s", r.code, r.stderr)
		}
		r = run(t, dir, "", "ledger", "resolve", "--db", db, "9999", "yes")
		if r.code != 1 || !strings.Contains(r.stderr, "no forecast with ID 9999") {
			t.Errorf("resolving an unknown forecast: exit %d: %s", r.code, r.stderr)
		}
		out := filepath.Join(dir, "empty.md")
		r = run(t, dir, "", "brief", "--db", db, "--dyad", "CHN-NATO", "--since", "2001-01-01", "--until", "2001-02-01", "-o", out)
		if _, err := os.Stat(out); r.code != 1 || err == nil {
			t.Errorf("brief of an empty window: exit %d, file left: %v: %s", r.code, err == nil, r.stderr)
		}
	})
	t.Run("ledger", func(t *testing.T) {
		r := run(t, dir, "", "ledger", "--db", db, "--json")
		var l struct {
			Forecasts []struct {
				ID             int64
				Author, Term   string
				HasProbability bool
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || len(l.Forecasts) == 0 {
			t.Fatalf("ledger --json: %v (%d forecasts): %s", err, len(l.Forecasts), r.stderr)
		}
		authors := map[string]int{}
		for _, f := range l.Forecasts {
			authors[f.Author]++
		}
		if authors["georisk"] == 0 {
			t.Errorf("assess recorded no forecast: %v", authors)
		}
		if seed && authors["Pamir"] == 0 {
			t.Errorf("the seed's judgments did not enter the ledger as Pamir's: %v", authors)
		}
		again := run(t, dir, "", append([]string{"assess", "--db", db, profile}, window...)...)
		r2 := run(t, dir, "", "ledger", "--db", db, "--json")
		var l2 struct{ Forecasts []struct{ ID int64 } }
		json.Unmarshal([]byte(r2.stdout), &l2)
		if again.code != 0 || len(l2.Forecasts) != len(l.Forecasts) {
			t.Errorf("assessing again changed the ledger from %d to %d forecasts", len(l.Forecasts), len(l2.Forecasts))
		}
		id := l.Forecasts[0].ID
		if r := run(t, dir, "", "ledger", "resolve", "--db", db, "--note", "test", itoa(int(id)), "yes"); r.code != 0 {
			t.Fatalf("resolve: %s", r.stderr)
		}
		for _, f := range l.Forecasts {
			if f.Author == "georisk" && f.ID != id {
				if r := run(t, dir, "", "ledger", "resolve", "--db", db, itoa(int(f.ID)), "no"); r.code != 0 {
					t.Fatalf("resolve: %s", r.stderr)
				}
				break
			}
		}
		svg, png := filepath.Join(dir, "calibration.svg"), filepath.Join(dir, "calibration.png")
		if r := run(t, dir, "", "ledger", "--db", db, "--plot", svg); r.code != 0 {
			t.Errorf("ledger --plot: %s", r.stderr)
		}
		if b, err := os.ReadFile(svg); err != nil || !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), "perfect calibration") || !strings.Contains(string(b), "georisk (") {
			t.Errorf("the calibration chart lacks the diagonal or georisk's line: %v", err)
		}
		if r := run(t, dir, "", "ledger", "--db", db, "--plot", png); r.code != 0 {
			t.Errorf("ledger --plot png: %s", r.stderr)
		}
		if b, _ := os.ReadFile(png); !strings.HasPrefix(string(b), "\x89PNG") {
			t.Errorf("calibration.png is not a PNG")
		}
		if r := run(t, dir, "", "ledger", "--db", db, "--plot", "x.gif"); r.code != 2 {
			t.Errorf("ledger --plot x.gif: exit %d, want a usage error", r.code)
		}
		var tables struct {
			ByAuthor []struct {
				Group       string
				Resolved    int
				Calibration []struct{ Term string }
			} `json:"by_author"`
			ByTopic    []struct{ Group string } `json:"by_topic"`
			ByTopicAll []struct{ Group string } `json:"by_topic_all"`
		}
		json.Unmarshal([]byte(run(t, dir, "", "ledger", "--db", db, "--json").stdout), &tables)
		georisk := false
		for _, s := range tables.ByAuthor {
			georisk = georisk || s.Group == "georisk" && s.Resolved >= 1 && len(s.Calibration) >= 1
		}
		if !georisk || len(tables.ByTopic) == 0 || len(tables.ByTopicAll) == 0 {
			t.Errorf("ledger --json lacks the per-author and per-topic tables: %+v", tables)
		}
		scores := run(t, dir, "", "ledger", "--db", db)
		if !strings.Contains(scores.stdout, "Brier") || !strings.Contains(scores.stdout, "resolved yes") {
			t.Errorf("ledger after a resolution:\n%s", scores.stdout)
		}
	})
	t.Run("claims", func(t *testing.T) {
		f := filepath.Join(dir, "claim.txt")
		os.WriteFile(f, []byte("12 July 2023\n\nNATO leaders met. As of 2023, only 20 out of 32 members meet the 2% goal. In 2031, 30 allies will meet the 2% goal.\n"), 0o644)
		r := run(t, dir, "", "claims", "--json", f)
		var cs []struct {
			Table, Status, Reference, Source string
			Value                            float64
		}
		if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
			t.Fatalf("claims --json: %v: %s", err, r.stderr)
		}
		got := map[string]string{}
		for _, c := range cs {
			got[c.Table+"="+itoa(int(c.Value))] = c.Status
		}
		want := map[string]string{"nato.members=32": "contradicted", "nato.allies_at_2pct=20": "contradicted", "nato.allies_at_2pct=30": "unverifiable"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("claim %s: %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		if seed {
			r := run(t, dir, "", "claims", seedBrief)
			if !strings.Contains(r.stdout, "CONTRADICTED") || !strings.Contains(r.stdout, "revised to 10") {
				t.Errorf("claims on the seed:\n%s", r.stdout)
			}
		}
	})
	t.Run("brief", func(t *testing.T) {
		for _, format := range []string{"md", "html", "pdf"} {
			out := filepath.Join(dir, "brief."+format)
			r := run(t, dir, "", append([]string{"brief", "--db", db, "--dyad", "CHN-NATO", "-o", out}, window...)...)
			if r.code != 0 {
				t.Fatalf("brief %s: exit %d: %s", format, r.code, r.stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if format == "pdf" {
				if !strings.HasPrefix(string(b), "%PDF-") {
					t.Errorf("brief.pdf is not a PDF: %q", b[:min(len(b), 20)])
				}
				continue
			}
			for _, want := range []string{"Key developments", "Key judgments", "We assess that", "confidence in this judgment", "Business implications", "Indicators to watch", "Claim checks", "Sources", "min read"} {
				if !strings.Contains(string(b), want) {
					t.Errorf("brief.%s lacks %q", format, want)
				}
			}
			if format == "md" && (!strings.Contains(string(b), "a firm based in the United States with operations in China") || strings.Contains(string(b), "based in United")) {
				t.Errorf("the dyad brief does not name its client with the country's article")
			}
			if format == "html" && !strings.Contains(string(b), "<svg") {
				t.Errorf("brief.html has no chart")
			}
			if l := run(t, dir, "", "lint", out); l.code != 0 {
				t.Errorf("georisk lint finds problems in its own brief.%s:\n%s", format, l.stdout)
			}
		}
		if seed {
			if l := run(t, dir, "", "lint", seedBrief); l.code != 1 || !strings.Contains(l.stdout, `"may"`) || !strings.Contains(l.stdout, `"certain"`) {
				t.Errorf("lint on the seed: exit %d\n%s", l.code, l.stdout)
			}
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("a temporary file was left behind: %s", e.Name())
			}
		}
	})
}
