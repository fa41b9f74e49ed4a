package web

import (
	"encoding/xml"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

type briefJSON struct {
	Slug           string   `json:"slug"`
	Title          string   `json:"title"`
	Subject        string   `json:"subject"`
	Date           string   `json:"date"`
	Summary        string   `json:"summary"`
	Topics         []string `json:"topics"`
	ReadingMinutes int      `json:"reading_minutes"`
	URL            string   `json:"url"`
	Published      string   `json:"published"`
	HTML           string   `json:"html,omitempty"`
	Markdown       string   `json:"markdown,omitempty"`
}

func toBriefJSON(b store.Brief) briefJSON {
	t := b.Topics
	if t == nil {
		t = []string{}
	}
	return briefJSON{Slug: b.Slug, Title: b.Title, Subject: b.Subject, Date: b.Date.Format(time.DateOnly), Summary: b.Summary,
		Topics: t, ReadingMinutes: b.ReadingMinutes, URL: "/briefs/" + b.Slug, Published: b.Published.Format(time.RFC3339),
		HTML: b.HTML, Markdown: b.Markdown}
}

// briefQuery reads topic, limit and offset.
func briefQuery(r *http.Request) (store.BriefQuery, error) {
	q := store.BriefQuery{Topic: strings.TrimSpace(r.URL.Query().Get("topic"))}
	var err error
	if q.Limit, err = intParam(r, "limit", 50, 1000); err != nil {
		return q, err
	}
	q.Offset, err = intParam(r, "offset", 0, 1_000_000)
	return q, err
}

// brief reads the {slug} path value: a malformed slug is a 400, an unknown
// one a 404.
func (s *Server) brief(r *http.Request) (store.Brief, error) {
	slug := r.PathValue("slug")
	if err := store.CheckSlug(slug); err != nil {
		return store.Brief{}, badParam("slug", "%v", err)
	}
	b, err := s.opt.Store.Brief(r.Context(), slug)
	if isNotFound(err) {
		return b, notFound("no brief %q", slug)
	}
	return b, err
}

func (s *Server) briefsAPI(w http.ResponseWriter, r *http.Request) error {
	q, err := briefQuery(r)
	if err != nil {
		return err
	}
	bs, err := s.opt.Store.ListBriefs(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]briefJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, toBriefJSON(b))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) briefAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := s.brief(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toBriefJSON(b))
	return nil
}

// briefsPage lists the posts, newest first, with a topic filter and the
// topics of the latest posts to pick from.
func (s *Server) briefsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := briefQuery(r)
	if err != nil {
		return err
	}
	bs, err := s.opt.Store.ListBriefs(r.Context(), q)
	if err != nil {
		return err
	}
	latest, err := s.opt.Store.ListBriefs(r.Context(), store.BriefQuery{Limit: 100})
	if err != nil {
		return err
	}
	var topics []string
	seen := map[string]bool{}
	for _, b := range latest {
		for _, t := range b.Topics {
			if k := strings.ToLower(t); !seen[k] {
				seen[k] = true
				topics = append(topics, t)
			}
		}
	}
	s.render(w, r, http.StatusOK, "briefs", map[string]any{"Title": "Briefs", "Briefs": bs, "Topic": q.Topic,
		"Topics": topics, "Latest": latest[:min(len(latest), 5)]})
	return nil
}

// briefPage shows one post. Its HTML is georisk's own rendering (no
// scripts, no styles: the page's CSP applies to it like any other).
func (s *Server) briefPage(w http.ResponseWriter, r *http.Request) error {
	b, err := s.brief(r)
	if err != nil {
		return err
	}
	latest, err := s.opt.Store.ListBriefs(r.Context(), store.BriefQuery{Limit: 6})
	if err != nil {
		return err
	}
	others := latest[:0:0]
	for _, l := range latest {
		if l.Slug != b.Slug && len(others) < 5 {
			others = append(others, l)
		}
	}
	s.render(w, r, http.StatusOK, "brief", map[string]any{"Title": b.Title, "Brief": b,
		"Body": template.HTML(b.HTML), "Latest": others}) // our own HTML, stored by "georisk brief --publish"
	return nil
}

// The Atom feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string         `xml:"id"`
	Title     string         `xml:"title"`
	Updated   string         `xml:"updated"`
	Published string         `xml:"published"`
	Links     []atomLink     `xml:"link"`
	Summary   atomText       `xml:"summary"`
	Content   atomText       `xml:"content"`
	Category  []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// baseURL is the scheme and host the request came to, for the feed's
// absolute links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) briefsFeed(w http.ResponseWriter, r *http.Request) error {
	q, err := briefQuery(r)
	if err != nil {
		return err
	}
	if q.Limit == 50 && r.URL.Query().Get("limit") == "" {
		q.Limit = 20
	}
	bs, err := s.opt.Store.ListBriefs(r.Context(), q)
	if err != nil {
		return err
	}
	base := baseURL(r)
	self := base + "/briefs/feed.atom"
	if q.Topic != "" {
		self += "?topic=" + url.QueryEscape(q.Topic)
	}
	f := atomFeed{ID: self, Title: "georisk briefs", Author: atomPerson{Name: "georisk"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + "/briefs"}}}
	var updated time.Time
	for _, b := range bs {
		full, err := s.opt.Store.Brief(r.Context(), b.Slug)
		if err != nil {
			return err
		}
		if b.Published.After(updated) {
			updated = b.Published
		}
		e := atomEntry{ID: base + "/briefs/" + b.Slug, Title: b.Title, Updated: b.Published.UTC().Format(time.RFC3339),
			Published: b.Date.UTC().Format(time.RFC3339), Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/briefs/" + b.Slug}},
			Summary: atomText{Type: "text", Body: b.Summary}, Content: atomText{Type: "html", Body: full.HTML}}
		for _, t := range b.Topics {
			e.Category = append(e.Category, atomCategory{Term: t})
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = s.started
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(xml.Header))
	w.Write(out)
	return nil
}
