package analyze_test

// The analytics tests as scripts, after Prometheus's promqltest: each
// testdata/*.txt file loads events into a fresh SQLite store and evaluates
// series, index and alert queries against expected tables. A series or
// index is evaluated twice, listing events one by one and from the daily
// rollups, and both must give the table (stories and sources only by
// listing: rollups do not keep them).
//
//	load
//	  DATE[..LAST] [xN] ORIGIN SOURCE TARGET CODE qQUAD GOLDSTEIN [doc=D story=S]
//	eval series|index|alerts key=value...
//	  bucket COLUMN...
//	  YYYY-MM-DD VALUE...

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
	"github.com/georisk/georisk/internal/watch"
)

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runScript(t, f) })
	}
}

type scriptLine struct {
	n    int
	text string
}

type script struct {
	t       *testing.T
	file    string
	st      *sqlite.Store
	stories map[int64]int64
	docs    map[int64]bool
	nextID  int
}

func runScript(t *testing.T, file string) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []scriptLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		s := sc.Text()
		if i := strings.Index(s, "#"); i >= 0 {
			s = s[:i]
		}
		if strings.TrimSpace(s) != "" {
			lines = append(lines, scriptLine{n, s})
		}
	}
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &script{t: t, file: file, st: st, stories: map[int64]int64{}, docs: map[int64]bool{}}
	for i := 0; i < len(lines); {
		l := lines[i]
		cmd := strings.Fields(l.text)
		// the block: the indented lines that follow
		j := i + 1
		for j < len(lines) && (strings.HasPrefix(lines[j].text, " ") || strings.HasPrefix(lines[j].text, "\t")) {
			j++
		}
		block := lines[i+1 : j]
		switch cmd[0] {
		case "load":
			s.load(block)
		case "eval":
			if len(cmd) < 2 {
				t.Fatalf("%s:%d: eval what?", file, l.n)
			}
			s.eval(l, cmd[1], cmd[2:], block)
		default:
			t.Fatalf("%s:%d: unknown command %q", file, l.n, cmd[0])
		}
		i = j
	}
}

func (s *script) fatalf(l scriptLine, format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("%s:%d: %s", s.file, l.n, fmt.Sprintf(format, args...))
}

func day(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

func (s *script) load(block []scriptLine) {
	ctx := s.t.Context()
	byDoc := map[int64][]*event.Event{}
	var imported []*event.Event
	for _, l := range block {
		f := strings.Fields(l.text)
		if len(f) < 7 {
			s.fatalf(l, "want DATE [xN] ORIGIN SOURCE TARGET CODE qQUAD GOLDSTEIN")
		}
		first, last, _ := strings.Cut(f[0], "..")
		d0, err := day(first)
		if err != nil {
			s.fatalf(l, "date: %v", err)
		}
		d1 := d0
		if last != "" {
			if d1, err = day(last); err != nil {
				s.fatalf(l, "date: %v", err)
			}
		}
		f = f[1:]
		n := 1
		if strings.HasPrefix(f[0], "x") {
			if n, err = strconv.Atoi(f[0][1:]); err != nil {
				s.fatalf(l, "count: %v", err)
			}
			f = f[1:]
		}
		quad, err1 := strconv.Atoi(strings.TrimPrefix(f[4], "q"))
		gs, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			s.fatalf(l, "quad or Goldstein: %v %v", err1, err2)
		}
		var doc, story int64
		for _, kv := range f[6:] {
			k, v, _ := strings.Cut(kv, "=")
			x, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				s.fatalf(l, "%s: %v", kv, err)
			}
			switch k {
			case "doc":
				doc = x
			case "story":
				story = x
			default:
				s.fatalf(l, "unknown attribute %q", k)
			}
		}
		for d := d0; !d.After(d1); d = d.AddDate(0, 0, 1) {
			for range n {
				s.nextID++
				e := &event.Event{Origin: f[0], OriginID: fmt.Sprint(s.nextID), Date: d,
					Source: event.Actor{Code: f[1]}, Target: event.Actor{Code: f[2]},
					Code: f[3], Root: f[3][:2], Quad: quad, Goldstein: gs}
				if e.Origin == event.OriginCoded {
					if doc == 0 {
						s.fatalf(l, "a coded event needs doc=")
					}
					s.stories[doc] = story
					byDoc[doc] = append(byDoc[doc], e)
					continue
				}
				imported = append(imported, e)
			}
		}
	}
	if _, err := s.st.PutEvents(ctx, imported); err != nil {
		s.t.Fatal(err)
	}
	// Coded events belong to stored documents: one per doc= number, stored
	// in number order.
	ids := make([]int64, 0, len(byDoc))
	for id := range byDoc {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		evs := byDoc[id]
		if !s.docs[id] {
			d := &event.Document{Key: fmt.Sprint("doc-", id), Title: fmt.Sprint("doc ", id), Body: fmt.Sprint("Document number ", id, " of the script."),
				Published: evs[0].Date, Source: "script", Format: "text"}
			d.Raw = []byte(d.Body)
			res, err := s.st.PutDocs(ctx, []*event.Document{d})
			if err != nil {
				s.t.Fatal(err)
			}
			if res[0].ID != id {
				s.t.Fatalf("%s: documents must be numbered 1, 2, … in order of first use (doc=%d stored as %d)", s.file, id, res[0].ID)
			}
			s.docs[id] = true
		}
		if err := s.st.PutCoded(ctx, []store.CodedDoc{{DocID: id, Version: "script", Events: evs}}); err != nil {
			s.t.Fatal(err)
		}
	}
}

func (s *script) storyOf(_ context.Context, doc int64) (int64, string, error) {
	if st, ok := s.stories[doc]; ok && st != 0 {
		return st, "", nil
	}
	return doc, "", nil
}

type resolver struct{}

func (resolver) Resolve(name string) (string, bool) { return strings.ToUpper(name), true }
func (resolver) Members(string, time.Time) []string { return nil }

func (s *script) eval(l scriptLine, what string, args []string, block []scriptLine) {
	ctx := s.t.Context()
	opts := map[string]string{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			s.fatalf(l, "argument %q: want key=value", a)
		}
		opts[k] = v
	}
	need := func(k string) time.Time {
		d, err := day(opts[k])
		if err != nil {
			s.fatalf(l, "%s: %v", k, err)
		}
		return d
	}
	q := analyze.SeriesQuery{Since: need("since"), Until: need("until"), StoryOf: s.storyOf}
	if by, ok := opts["by"]; ok {
		iv, err := analyze.ParseInterval(by)
		if err != nil {
			s.fatalf(l, "%v", err)
		}
		q.By = iv
	}
	if c := opts["codes"]; c != "" {
		q.Codes = strings.Split(c, ",")
	}
	if a := opts["actor"]; a != "" {
		q.A = strings.Split(a, ",")
	}
	if d := opts["dyad"]; d != "" {
		a, b, directed := strings.Cut(d, "->")
		if !directed {
			a, b, _ = strings.Cut(d, "-")
		}
		q.A, q.B, q.Directed = strings.Split(a, ","), strings.Split(b, ","), directed
	}
	if len(block) == 0 {
		s.fatalf(l, "eval without an expected table")
	}
	header := strings.Fields(block[0].text)
	want := block[1:]
	switch what {
	case "series":
		for _, rollups := range []bool{false, true} {
			qq := q
			if rollups {
				qq.Rollups = s.st
			}
			points, err := analyze.Series(ctx, s.st, qq)
			if err != nil {
				s.fatalf(l, "%v", err)
			}
			got := make([]map[string]float64, len(points))
			for i, p := range points {
				got[i] = map[string]float64{"events": float64(p.Events), "rows": float64(p.Rows),
					"q1": float64(p.Quad[1]), "q2": float64(p.Quad[2]), "q3": float64(p.Quad[3]), "q4": float64(p.Quad[4]),
					"gs_sum": p.GoldsteinSum, "gs_mean": p.GoldsteinMean, "conflict": p.ConflictShare,
					"stories": float64(p.Stories), "sources": float64(p.Sources)}
				if rollups {
					delete(got[i], "stories")
					delete(got[i], "sources")
				}
			}
			s.compare(l, fmt.Sprintf("rollups=%v", rollups), header, want, starts(points), got)
		}
	case "index":
		var base analyze.Baseline
		if opts["baseline_until"] != "" {
			base.Until = need("baseline_until")
		}
		for _, rollups := range []bool{false, true} {
			qq := q
			if rollups {
				qq.Rollups = s.st
			}
			points, err := analyze.Series(ctx, s.st, qq)
			if err != nil {
				s.fatalf(l, "%v", err)
			}
			totals, err := analyze.Totals(ctx, s.st, qq)
			if err != nil {
				s.fatalf(l, "%v", err)
			}
			tps := analyze.Tension(points, base, analyze.TensionOptions{Totals: totals})
			got := make([]map[string]float64, len(tps))
			for i, tp := range tps {
				got[i] = map[string]float64{"events": float64(tp.Events), "total": float64(tp.Total), "index": tp.Index}
				for _, in := range tp.Inputs {
					got[i][in.Name] = in.Value
				}
			}
			s.compare(l, fmt.Sprintf("rollups=%v", rollups), header, want, starts(points), got)
		}
	case "alerts":
		w := watch.Watch{Name: "script", Dyad: opts["dyad"], Actor: opts["actor"], Metric: opts["metric"], By: opts["by"]}
		if d := opts["detectors"]; d != "" {
			w.Detectors = strings.Split(d, ",")
		}
		if c := opts["codes"]; c != "" {
			w.Codes = strings.Split(c, ",")
		}
		res, err := watch.Evaluate(ctx, s.st, resolver{}, []watch.Watch{w}, watch.Options{Since: q.Since, Until: q.Until, StoryOf: s.storyOf})
		if err != nil {
			s.fatalf(l, "%v", err)
		}
		if res[0].Err != nil {
			s.fatalf(l, "%v", res[0].Err)
		}
		var ds []time.Time
		var got []map[string]float64
		var methods []string
		for _, a := range res[0].Alerts {
			ds = append(ds, a.Start)
			got = append(got, map[string]float64{"value": a.Value, "baseline": a.Baseline, "score": a.Score,
				"severity": float64(store.SeverityRank(a.Severity))})
			methods = append(methods, a.Detector)
		}
		// severity and detector are words: turn the expected ones into the
		// same encoding.
		for i, h := range header {
			if h == "severity" || h == "detector" {
				for k := range want {
					f := strings.Fields(want[k].text)
					if i < len(f) {
						if h == "severity" {
							f[i] = strconv.Itoa(store.SeverityRank(f[i]))
						} else if k < len(methods) && f[i] == methods[k] {
							f[i] = "1"
						} else {
							f[i] = "0"
						}
						want[k].text = "  " + strings.Join(f, " ")
					}
				}
				for k := range got {
					if h == "detector" {
						got[k]["detector"] = 1
					}
				}
			}
		}
		s.compare(l, "", header, want, ds, got)
	default:
		s.fatalf(l, "unknown eval %q: want series, index or alerts", what)
	}
}

func starts(ps []analyze.Point) []time.Time {
	out := make([]time.Time, len(ps))
	for i, p := range ps {
		out[i] = p.Start
	}
	return out
}

// compare checks got (one map per bucket, keyed by column) against the
// expected rows: every expected bucket must be there with its values, and
// no other bucket may have a non-zero value in the compared columns.
func (s *script) compare(l scriptLine, how string, header []string, want []scriptLine, buckets []time.Time, got []map[string]float64) {
	s.t.Helper()
	if len(header) == 0 || header[0] != "bucket" {
		s.fatalf(l, "the table header must start with bucket")
	}
	seen := map[int]bool{}
	for _, w := range want {
		f := strings.Fields(w.text)
		if len(f) != len(header) {
			s.fatalf(w, "%d values for %d columns", len(f), len(header))
		}
		d, err := day(f[0])
		if err != nil {
			s.fatalf(w, "%v", err)
		}
		i := -1
		for k, b := range buckets {
			if b.Equal(d) && !seen[k] {
				i = k
				break
			}
		}
		if i < 0 {
			s.t.Errorf("%s:%d: %s: no bucket %s in the result", s.file, w.n, how, f[0])
			continue
		}
		seen[i] = true
		for c, col := range header[1:] {
			v, err := strconv.ParseFloat(f[c+1], 64)
			if err != nil {
				s.fatalf(w, "%s: %v", col, err)
			}
			g, ok := got[i][col]
			if !ok {
				if _, known := got[i]["events"]; col == "stories" || col == "sources" || !known && len(got[i]) > 0 {
					continue // not given by this path (stories from rollups)
				}
				s.fatalf(w, "unknown column %q", col)
			}
			// expected values are written to 3 decimals
			if math.Abs(g-v) > 6e-4+1e-9*math.Abs(v) {
				s.t.Errorf("%s:%d: %s: %s %s = %g, want %g", s.file, w.n, how, f[0], col, g, v)
			}
		}
	}
	// Buckets the table leaves out are allowed only for series and index
	// (where they exist but are not checked); an alert not in the table is
	// an error.
	if header[0] == "bucket" && len(want) < len(got) && len(buckets) == len(got) && how == "" {
		for k := range got {
			if !seen[k] {
				s.t.Errorf("%s:%d: unexpected result for %s: %v", s.file, l.n, buckets[k].Format(time.DateOnly), got[k])
			}
		}
	}
}
