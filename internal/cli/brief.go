package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/georisk/georisk/examples"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/claims"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/publish"
	"github.com/georisk/georisk/internal/store"
)

func briefCmd() *command {
	return &command{
		name:    "brief",
		args:    "(--dyad A-B | --topic WORDS | --profile FILE) [--since D --until D] [--format md|html|pdf] [-o FILE] [--publish [--slug S]]",
		summary: "write a brief: developments, analysis with a chart, key judgments, business implications, claim checks, sources",
		help: `Brief writes an analyst's brief on a dyad (--dyad CHN-NATO), a topic (--topic
words, a full-text query) or a client (--profile FILE) for the window: title,
date, reading time, summary, key developments with dates and sources, analysis
with a chart of events by week, key judgments in ICD 203 language with their
confidence, evidence, key assumptions and resolution question, business
implications, indicators to watch, claim-check notes and numbered sources with
their reliability grades. Every statement cites its sources, so the brief
passes "georisk lint".

With --dyad and no --profile, the judgments are about a firm based in the
second side (for a group, the United States when it is a member) with
operations in the first. --format pdf prints the HTML edition with headless
Chromium when one is installed, and draws a plainer PDF in pure Go otherwise.
The file is written atomically; without -o, Markdown and HTML go to stdout.

--publish also stores the brief in the database as a post of the
publication site that "georisk serve" shows at /briefs (and in its Atom
feed): title, date, summary, topics, reading time, the HTML body and the
Markdown. Its address is --slug, by default made from the subject and the
window (china-nato-2023-07-01-2023-08-31); publishing a slug again replaces
the post. With --publish and no -o, nothing is written to stdout.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			af := addAssessFlags(fs)
			dyad := fs.String("dyad", "", "the two sides: A-B (codes or names: CHN-NATO)")
			topic := fs.String("topic", "", "a full-text query selecting the documents")
			profile := fs.String("profile", "", "a client profile (YAML) for the judgments and implications")
			format := fs.String("format", "", "md, html or pdf (default: from -o's extension, else md)")
			out := fs.String("o", "", "output file (default stdout for md and html)")
			pub := fs.Bool("publish", false, "store the brief as a post of the publication site (georisk serve's /briefs)")
			slug := fs.String("slug", "", "the post's address with --publish (default: from the subject and window)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("brief: unexpected argument %q", args[0])}
				}
				if *dyad == "" && *topic == "" && *profile == "" {
					return &UsageError{"brief: give --dyad A-B, --topic WORDS or --profile FILE"}
				}
				f := *format
				if f == "" {
					f = "md"
					for _, ext := range []string{"html", "pdf", "md"} {
						if strings.HasSuffix(strings.ToLower(*out), "."+ext) {
							f = ext
						}
					}
				}
				if f != "md" && f != "html" && f != "pdf" {
					return &UsageError{fmt.Sprintf("brief: --format %q: want md, html or pdf", f)}
				}
				if *slug != "" && !*pub {
					return &UsageError{"brief: --slug needs --publish"}
				}
				if *slug != "" {
					if err := store.CheckSlug(*slug); err != nil {
						return &UsageError{"brief: --slug: " + err.Error()}
					}
				}
				if f == "pdf" && (*out == "" || *out == "-") {
					return &UsageError{"brief: a PDF needs -o FILE"}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				b, err := composeBrief(ctx, s, af, *dyad, *topic, *profile)
				if err != nil {
					return err
				}
				if *pub {
					if err := publishBrief(ctx, env, s, b, *slug); err != nil {
						return err
					}
					if *out == "" {
						return nil
					}
				}
				return writeBrief(ctx, env, b, f, *out)
			}
		},
	}
}

// briefStore is what a brief reads, and the ledger it records in.
type briefStore interface {
	assessStore
	store.Ledger
	Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error)
}

func composeBrief(ctx context.Context, s briefStore, af *assessFlags, dyad, topic, profileFile string) (*publish.Brief, error) {
	e, err := af.load()
	if err != nil {
		return nil, err
	}
	since, until, err := af.window(ctx, storeNewest{s})
	if err != nil {
		return nil, err
	}
	window := until.Sub(since)
	in := publish.Inputs{Since: since, Until: until, Now: time.Now().UTC(), Docs: map[int64]*event.Document{},
		Claims: map[int64][]claims.Claim{}, ActorName: e.dict.Name,
		Grade: func(d *event.Document) string { return e.sources.Of(d).String() }}
	var p *assess.Profile
	if profileFile != "" {
		if p, err = assess.ReadProfile(profileFile, e.dict, e.sectors, e.model); err != nil {
			return nil, err
		}
		in.Subject = p.Name
	}
	switch {
	case dyad != "":
		a, b, ok := strings.Cut(dyad, "-")
		if !ok || a == "" || b == "" {
			return nil, &UsageError{fmt.Sprintf("brief: --dyad %q: want A-B", dyad)}
		}
		ca, cb := resolveSide(e.dict, a), resolveSide(e.dict, b)
		in.Subject = e.dict.Name(ca) + "–" + e.dict.Name(cb)
		if in.Events, err = listAll(ctx, s, store.EventQuery{DyadA: ca, DyadB: cb, Since: since.Add(-window), Until: until}); err != nil {
			return nil, err
		}
		if p == nil {
			if p, err = dyadProfile(e.dict, ca, cb, until); err != nil {
				return nil, err
			}
		}
	case topic != "":
		in.Subject = topic
		hits, err := s.Search(ctx, store.SearchQuery{Text: topic, Since: since.Add(-window), Until: until, Limit: 300})
		if err != nil {
			return nil, fmt.Errorf("searching for %q: %w", topic, err)
		}
		for _, h := range hits {
			evs, err := listAll(ctx, s, store.EventQuery{DocID: h.Doc.ID})
			if err != nil {
				return nil, err
			}
			in.Events = append(in.Events, evs...)
		}
	default:
		side := []string{}
		for _, o := range p.Operations {
			if o.Country.Code != p.Headquarters.Code {
				side = append(side, o.Country.Code)
			}
		}
		for _, c := range side {
			evs, err := listAll(ctx, s, store.EventQuery{Actor: c, Since: since.Add(-window), Until: until})
			if err != nil {
				return nil, err
			}
			in.Events = append(in.Events, evs...)
		}
	}
	if p != nil {
		opt := assess.Options{Since: since, Until: until, Model: e.model, Sources: e.sources, Places: e.dict}
		if err := storeOptions(ctx, s, &opt); err != nil {
			return nil, err
		}
		a, err := assess.Assess(ctx, s, p, opt)
		if err != nil {
			return nil, err
		}
		if p.File != "" && !strings.HasPrefix(p.File, "(") {
			if err := recordJudgments(ctx, s, a); err != nil {
				return nil, err
			}
		}
		in.Assessment = a
		for _, j := range a.Judgments {
			for _, ev := range j.Evidence {
				if err := addDoc(ctx, s, in.Docs, ev.DocID); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, ev := range in.Events {
		if err := addDoc(ctx, s, in.Docs, ev.DocID); err != nil {
			return nil, err
		}
	}
	ref, err := claims.DefaultReference()
	if err != nil {
		return nil, err
	}
	for id, d := range in.Docs {
		if d.Published.Before(since.Add(-window)) || !d.Published.Before(until) {
			continue
		}
		if cs := ref.Check(claims.Find(d.Body, d.Published)); len(cs) > 0 {
			in.Claims[id] = cs
		}
	}
	return publish.Compose(in)
}

func resolveSide(d *actor.Dict, s string) string {
	if c, ok := d.Resolve(s); ok {
		return c
	}
	return strings.ToUpper(s)
}

// dyadProfile is the client a dyad brief speaks to: a firm based in the
// second side (the United States for a group it belongs to) with a site in
// the first and defence customers in the second.
func dyadProfile(d *actor.Dict, a, b string, on time.Time) (*assess.Profile, error) {
	if len(a) != 3 || strings.HasPrefix(a, "IGO") {
		return nil, &UsageError{fmt.Sprintf("brief: --dyad: the first side must be a country for the business judgments (got %s); give --profile for others", a)}
	}
	hq := b
	cust := assess.Place{Name: assess.Name{Value: d.Name(b)}, Code: b}
	if ms := d.Members(b, on); ms != nil {
		hq = ms[0]
		for _, m := range ms {
			if m == "USA" {
				hq = m
			}
		}
		cust.Group = true
	}
	p := &assess.Profile{
		Name:         fmt.Sprintf("a firm based in %s with operations in %s", assess.CountryName(d.Name(hq)), assess.CountryName(d.Name(a))),
		File:         "(dyad " + a + "-" + b + ")",
		Headquarters: assess.Place{Name: assess.Name{Value: d.Name(hq)}, Code: hq},
		Operations:   []assess.Operation{{Country: assess.Place{Name: assess.Name{Value: d.Name(a)}, Code: a}, Site: "a plant"}},
		Customers:    []assess.Party{{Name: "defence ministries of " + d.Name(b), Countries: []assess.Place{cust}, Sector: assess.Name{Value: "government-defence"}}},
		Products:     []assess.Product{{Name: "dual-use components", DualUse: true}},
	}
	return p, nil
}

func listAll(ctx context.Context, s assess.EventSource, q store.EventQuery) ([]event.Event, error) {
	const page = 5000
	var out []event.Event
	for off := 0; ; off += page {
		q.Limit, q.Offset = page, off
		evs, err := s.ListEvents(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("reading events: %w", err)
		}
		out = append(out, evs...)
		if len(evs) < page {
			return out, nil
		}
	}
}

func addDoc(ctx context.Context, s assess.EventSource, docs map[int64]*event.Document, id int64) error {
	if id == 0 || docs[id] != nil {
		return nil
	}
	d, err := s.Doc(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading document %d: %w", id, err)
	}
	docs[id] = &d
	return nil
}

func writeBrief(ctx context.Context, env *Env, b *publish.Brief, format, out string) error {
	render := func(w io.Writer) error {
		switch format {
		case "html":
			return publish.HTML(w, b)
		case "pdf":
			_, err := publish.PDF(ctx, w, b, publish.PDFOptions{Browser: env.Getenv("GEORISK_BROWSER"), Pure: env.Getenv("GEORISK_PDF_PURE") != ""})
			return err
		}
		return publish.Markdown(w, b)
	}
	if out == "" || out == "-" {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return err
		}
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	if err := publish.WriteFile(out, render); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %s (%s, %d min read, %d judgments, %d sources)\n", out, format, b.ReadingMinutes, len(b.Judgments), len(b.Sources))
	return nil
}

// demoAssess shows the assessment of the example US aerospace supplier over
// July–August 2023 and writes the CHN–NATO brief of that window beside the
// demo database.
func demoAssess(ctx context.Context, env *Env, s store.Store, db string) error {
	b, err := fs.ReadFile(examples.Profiles(), "us-aerospace-supplier.yaml")
	if err != nil {
		return err
	}
	model, err := assess.DefaultModel()
	if err != nil {
		return err
	}
	sectors, err := assess.DefaultSectors()
	if err != nil {
		return err
	}
	dict, err := actor.Load()
	if err != nil {
		return err
	}
	p, err := assess.ParseProfile("examples/profiles/us-aerospace-supplier.yaml", bytes.NewReader(b), dict, sectors, model)
	if err != nil {
		return err
	}
	since, until := time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)
	opt := assess.Options{Since: since, Until: until, Model: model, Places: dict}
	if err := storeOptions(ctx, s, &opt); err != nil {
		return err
	}
	a, err := assess.Assess(ctx, s, p, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nAssessment of the example client (georisk assess examples/profiles/us-aerospace-supplier.yaml --since 2023-07-01 --until 2023-09-01):\n")
	for _, x := range a.Risks {
		fmt.Fprintf(env.Stdout, "  %-42s exposure %3d\n", x.Name, x.Exposure)
	}
	if len(a.Judgments) > 0 {
		j := a.Judgments[0]
		fmt.Fprintf(env.Stdout, "  %s\n  %s\n", j.Text, j.ConfidenceText)
	}
	since, until = time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)
	sinceS, untilS, none := since.Format(time.DateOnly), until.Format(time.DateOnly), ""
	af := &assessFlags{since: &sinceS, until: &untilS, sources: &none, model: &none}
	br, err := composeBrief(ctx, s, af, "CHN-NATO", "", "")
	if err != nil {
		return err
	}
	out := strings.TrimSuffix(db, filepath.Ext(db)) + "-brief.html"
	if strings.Contains(db, "://") {
		out = filepath.Join(env.Dir, "georisk-demo-brief.html") // the database is a server
	}
	if err := publish.WriteFile(out, func(w io.Writer) error { return publish.HTML(w, br) }); err != nil {
		return err
	}
	if err := publishBrief(ctx, env, s, br, ""); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nBrief on China–NATO, July–August 2023: %s (georisk brief --dyad CHN-NATO --since 2023-07-01 --until 2023-09-01 -o brief.html)\n", out)
	return nil
}

// publishBrief stores a brief as a post of the publication site under
// slug (by default from its subject and window).
func publishBrief(ctx context.Context, env *Env, s store.Briefs, b *publish.Brief, slug string) error {
	post, err := briefPost(b, slug)
	if err != nil {
		return err
	}
	if err := s.PutBrief(ctx, post); err != nil {
		return fmt.Errorf("publishing the brief: %w", err)
	}
	fmt.Fprintf(env.Stderr, "published /briefs/%s (%s)\n", post.Slug, post.Title)
	return nil
}

// briefPost turns a brief into a stored post: the HTML edition's body
// without its title and byline (the site shows them), and the Markdown.
func briefPost(b *publish.Brief, slug string) (*store.Brief, error) {
	var page, md bytes.Buffer
	if err := publish.HTML(&page, b); err != nil {
		return nil, fmt.Errorf("rendering the brief: %w", err)
	}
	if err := publish.Markdown(&md, b); err != nil {
		return nil, fmt.Errorf("rendering the brief: %w", err)
	}
	body := page.String()
	if _, after, ok := strings.Cut(body, "<body>"); ok {
		body = after
	}
	body, _, _ = strings.Cut(body, "</body>")
	body = bylineRE.ReplaceAllString(body, "")
	if slug == "" {
		last := b.Until.AddDate(0, 0, -1)
		slug = slugify(b.Subject) + "-" + b.Since.Format(time.DateOnly) + "-" + last.Format(time.DateOnly)
	}
	var topics []string
	seen := map[string]bool{}
	add := func(t string) {
		t = strings.TrimSpace(t)
		if t != "" && !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			topics = append(topics, t)
		}
	}
	for _, side := range strings.Split(b.Subject, "–") {
		add(side)
	}
	for _, j := range b.Judgments {
		add(j.RiskName)
	}
	summary := strings.Join(b.Summary, " ")
	summary = strings.ReplaceAll(summary, "**", "")
	return &store.Brief{Slug: slug, Title: b.Title, Subject: b.Subject, Date: b.Date, Summary: summary, Topics: topics,
		ReadingMinutes: b.ReadingMinutes, HTML: strings.TrimSpace(body), Markdown: md.String()}, nil
}

// bylineRE matches the HTML edition's title and byline.
var bylineRE = regexp.MustCompile(`(?s)^\s*<h1>.*?</h1>\s*<p class="meta">.*?</p>`)

// slugify lower-cases s and keeps ASCII letters and digits, joining the
// runs with hyphens ("China–NATO" → "china-nato").
func slugify(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if sb.Len() == 0 {
		return "brief"
	}
	if sb.Len() > 120 {
		return strings.TrimRight(sb.String()[:120], "-")
	}
	return sb.String()
}
