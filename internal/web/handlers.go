package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/web/sanitize"
)

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// sanitized is an original page ready for display: HTML through the
// allow-list, anything else as escaped text.
func sanitized(raw, typ string) template.HTML {
	if strings.Contains(typ, "html") {
		return template.HTML(sanitize.HTML(raw)) // the allow-list output is safe
	}
	return template.HTML("<pre>" + template.HTMLEscapeString(raw) + "</pre>")
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.opt.Store.Stats(ctx)
	if err != nil {
		return err
	}
	evs, err := s.opt.Store.ListEvents(ctx, store.EventQuery{Origin: event.OriginCoded, Limit: 12})
	if err != nil {
		return err
	}
	sents, err := s.sentences(ctx, evs)
	if err != nil {
		return err
	}
	docs, err := s.opt.Store.ListDocs(ctx, store.DocQuery{Limit: 8})
	if err != nil {
		return err
	}
	js, err := s.opt.Store.ListJudgments(ctx, store.TextQuery{Limit: 6})
	if err != nil {
		return err
	}
	alerts, err := s.opt.Store.ListAlerts(ctx, store.AlertQuery{Limit: 5})
	if err != nil {
		return err
	}
	briefs, err := s.opt.Store.ListBriefs(ctx, store.BriefQuery{Limit: 5})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dashboard", map[string]any{"Title": "Dashboard", "Stats": st, "Watch": s.opt.Watch,
		"Events": s.eventsJSON(evs, sents), "Docs": docs, "Judgments": js, "Alerts": alerts, "Briefs": briefs})
	return nil
}

func (s *Server) eventsJSON(evs []event.Event, sents map[int64]string) []eventJSON {
	out := make([]eventJSON, 0, len(evs))
	for i := range evs {
		out = append(out, s.eventJSON(&evs[i], sents))
	}
	return out
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.eventQuery(r, 100)
	if err != nil {
		return err
	}
	evs, err := s.opt.Store.ListEventsIndexed(r.Context(), q)
	if err != nil {
		return err
	}
	sents, err := s.sentences(r.Context(), evs)
	if err != nil {
		return err
	}
	next := ""
	if len(evs) == q.Limit {
		v := cloneValues(r.URL.Query())
		v.Set("offset", strconv.Itoa(q.Offset+q.Limit))
		next = "/events?" + v.Encode()
	}
	s.render(w, r, http.StatusOK, "events", map[string]any{"Title": "Events", "Events": s.eventsJSON(evs, sents),
		"Q": r.URL.Query(), "Next": next, "Offset": q.Offset})
	return nil
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := docQuery(r)
	if err != nil {
		return err
	}
	docs, err := s.opt.Store.ListDocs(r.Context(), q)
	if err != nil {
		return err
	}
	next := ""
	if len(docs) == q.Limit {
		v := cloneValues(r.URL.Query())
		v.Set("offset", strconv.Itoa(q.Offset+q.Limit))
		next = "/documents?" + v.Encode()
	}
	s.render(w, r, http.StatusOK, "documents", map[string]any{"Title": "Documents", "Docs": docs, "Q": r.URL.Query(), "Next": next})
	return nil
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q, actor, code, err := s.searchQuery(r)
	if err != nil {
		return err
	}
	var hits []store.Hit
	if q.Text != "" {
		if hits, err = s.search(r.Context(), q, actor, code); err != nil {
			return searchErr(err)
		}
	}
	s.render(w, r, http.StatusOK, "search", map[string]any{"Title": "Search", "Hits": hits, "Q": r.URL.Query(), "Asked": q.Text != ""})
	return nil
}

type counterpart struct {
	Code          string  `json:"code"`
	Name          string  `json:"name"`
	Events        int     `json:"events"`
	Cooperation   int     `json:"cooperation"`
	Conflict      int     `json:"conflict"`
	GoldsteinMean float64 `json:"goldstein_mean"`
	// CoopWidth and ConflictWidth are the bar widths on the page, in percent.
	CoopWidth     int `json:"-"`
	ConflictWidth int `json:"-"`
}

type actorView struct {
	Code         string        `json:"code"`
	Name         string        `json:"name"`
	Scanned      int           `json:"scanned"` // events looked at (the newest, at most 2000)
	Counterparts []counterpart `json:"counterparts"`
	Recent       []eventJSON   `json:"recent"`
	Quotes       []quoteJSON   `json:"quotes"`
}

// actorView gathers an actor's counterparts (its network of cooperation
// and conflict) from its newest 2000 events, with its latest events and
// quotes.
func (s *Server) actorView(ctx context.Context, code string) (*actorView, error) {
	evs, err := s.opt.Store.ListEventsIndexed(ctx, store.EventQuery{Actor: code, Limit: 2000})
	if err != nil {
		return nil, err
	}
	v := &actorView{Code: code, Name: s.name(code), Scanned: len(evs), Counterparts: []counterpart{}, Quotes: []quoteJSON{}}
	by := map[string]*counterpart{}
	gs := map[string]float64{}
	for i := range evs {
		e := &evs[i]
		other := e.Target.Code
		if !strings.HasPrefix(e.Source.Code, code) && e.Source.Country != code {
			other = e.Source.Code
		}
		if other == "" {
			continue
		}
		c := by[other]
		if c == nil {
			c = &counterpart{Code: other, Name: s.name(other)}
			by[other] = c
		}
		c.Events++
		switch e.Quad {
		case 1, 2:
			c.Cooperation++
		case 3, 4:
			c.Conflict++
		}
		gs[other] += e.Goldstein
	}
	maxN := 1
	for k, c := range by {
		c.GoldsteinMean = gs[k] / float64(c.Events)
		maxN = max(maxN, c.Events)
		v.Counterparts = append(v.Counterparts, *c)
	}
	sort.Slice(v.Counterparts, func(i, j int) bool {
		a, b := v.Counterparts[i], v.Counterparts[j]
		return a.Events > b.Events || a.Events == b.Events && a.Code < b.Code
	})
	if len(v.Counterparts) > 30 {
		v.Counterparts = v.Counterparts[:30]
	}
	for i := range v.Counterparts {
		c := &v.Counterparts[i]
		c.CoopWidth, c.ConflictWidth = 100*c.Cooperation/maxN, 100*c.Conflict/maxN
	}
	recent := evs[:min(len(evs), 15)]
	sents, err := s.sentences(ctx, recent)
	if err != nil {
		return nil, err
	}
	v.Recent = s.eventsJSON(recent, sents)
	qs, err := s.opt.Store.ListQuotes(ctx, store.TextQuery{Who: code, Limit: 10})
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		v.Quotes = append(v.Quotes, quoteJSON{Speaker: s.actorJSON(q.Speaker), SpeakerText: q.SpeakerText, Text: q.Text})
	}
	return v, nil
}

func (s *Server) actorCode(r *http.Request) (string, error) {
	code, err := s.actor("code", r.PathValue("code"))
	if err != nil {
		return "", &httpError{Code: http.StatusNotFound, Msg: err.(*httpError).Msg}
	}
	return code, nil
}

func (s *Server) actorAPI(w http.ResponseWriter, r *http.Request) error {
	code, err := s.actorCode(r)
	if err != nil {
		return err
	}
	v, err := s.actorView(r.Context(), code)
	if err != nil {
		return err
	}
	if v.Scanned == 0 && len(v.Quotes) == 0 {
		return notFound("no events or quotes of actor %s", code)
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) actorPage(w http.ResponseWriter, r *http.Request) error {
	code, err := s.actorCode(r)
	if err != nil {
		return err
	}
	v, err := s.actorView(r.Context(), code)
	if err != nil {
		return err
	}
	if v.Scanned == 0 && len(v.Quotes) == 0 {
		return notFound("georisk has no events or quotes of actor %s", code)
	}
	s.render(w, r, http.StatusOK, "actor", map[string]any{"Title": v.Name, "A": v})
	return nil
}

func (s *Server) ingestPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "ingest", map[string]any{"Title": "Add an article", "CSRF": s.csrfToken(w, r),
		"LoggedIn": s.tokenOK(r), "Enabled": s.opt.Token != ""})
	return nil
}

// ingestForm stores an article pasted into the form. It needs the CSRF
// token and the API token (typed into the form or from the login cookie).
func (s *Server) ingestForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &httpError{Code: http.StatusBadRequest, Msg: "the form could not be read: " + err.Error()}
	}
	if err := s.checkCSRF(r); err != nil {
		return err
	}
	if s.opt.Token == "" {
		return &httpError{Code: http.StatusForbidden, Msg: "writes are disabled: the server has no API token"}
	}
	if !s.tokenOK(r) {
		if r.PostFormValue("token") == "" || !tokenEqual(r.PostFormValue("token"), s.opt.Token) {
			return &httpError{Code: http.StatusUnauthorized, Msg: "missing or wrong API token"}
		}
	}
	req := postRequest{URL: strings.TrimSpace(r.PostFormValue("url")), Text: r.PostFormValue("text"),
		Title: strings.TrimSpace(r.PostFormValue("title")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Source: strings.TrimSpace(r.PostFormValue("source"))}
	res, err := s.ingest(r.Context(), req)
	if err != nil {
		return err
	}
	if res.id > 0 {
		http.Redirect(w, r, "/documents/"+strconv.FormatInt(res.id, 10), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusAccepted, "ingest", map[string]any{"Title": "Add an article", "CSRF": s.csrfToken(w, r),
		"Enabled": true, "Queued": true})
	return nil
}
