package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
)

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.opt.Store.ListDocs(r.Context(), store.DocQuery{Limit: 1}); err != nil {
		return &httpError{Code: http.StatusServiceUnavailable, Msg: "store unavailable", Err: err}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
	return nil
}

// metrics writes the Prometheus text exposition format.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) error {
	st, err := s.opt.Store.Stats(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprintf(w, "# HELP georisk_documents Documents stored.\n# TYPE georisk_documents gauge\ngeorisk_documents %d\n", st.Documents)
	fmt.Fprintf(w, "# HELP georisk_stories Distinct stories stored.\n# TYPE georisk_stories gauge\ngeorisk_stories %d\n", st.Stories)
	fmt.Fprintf(w, "# HELP georisk_events Events stored, by origin.\n# TYPE georisk_events gauge\n")
	for origin, n := range st.Origins {
		fmt.Fprintf(w, "georisk_events{origin=%q} %d\n", origin, n)
	}
	fmt.Fprintf(w, "# HELP georisk_http_requests_total HTTP requests served, by status class.\n# TYPE georisk_http_requests_total counter\n")
	for c := 1; c <= 5; c++ {
		fmt.Fprintf(w, "georisk_http_requests_total{code=\"%dxx\"} %d\n", c, s.requests[c].Load())
	}
	fmt.Fprintf(w, "# HELP georisk_api_documents_total Documents received by the API, stored here or queued.\n# TYPE georisk_api_documents_total counter\n")
	fmt.Fprintf(w, "georisk_api_documents_total{outcome=\"stored\"} %d\ngeorisk_api_documents_total{outcome=\"queued\"} %d\n", s.ingested.Load(), s.queued.Load())
	fmt.Fprintf(w, "# HELP georisk_uptime_seconds Seconds since the server started.\n# TYPE georisk_uptime_seconds gauge\ngeorisk_uptime_seconds %.0f\n", time.Since(s.started).Seconds())
	return nil
}

func (s *Server) listDocs(w http.ResponseWriter, r *http.Request) error {
	q, err := docQuery(r)
	if err != nil {
		return err
	}
	docs, err := s.opt.Store.ListDocs(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]docJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, toJSON(d))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func docQuery(r *http.Request) (store.DocQuery, error) {
	var q store.DocQuery
	var err error
	if q.Limit, err = intParam(r, "limit", 50, 1000); err != nil {
		return q, err
	}
	if q.Offset, err = intParam(r, "offset", 0, 1_000_000); err != nil {
		return q, err
	}
	if q.Since, q.Until, err = dayRangeParams(r); err != nil {
		return q, err
	}
	q.Source = r.URL.Query().Get("source")
	return q, nil
}

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) error {
	d, err := s.doc(r)
	if err != nil {
		return err
	}
	j := toJSON(d)
	j.Body = d.Body
	writeJSON(w, http.StatusOK, j)
	return nil
}

// doc loads the document named by the path's id.
func (s *Server) doc(r *http.Request) (event.Document, error) {
	id, err := idParam(r, "document")
	if err != nil {
		return event.Document{}, err
	}
	d, err := s.opt.Store.Doc(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return d, notFound("no document %d", id)
	}
	return d, err
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	q, err := s.eventQuery(r, 50)
	if err != nil {
		return err
	}
	evs, err := s.opt.Store.ListEventsIndexed(r.Context(), q)
	if err != nil {
		return err
	}
	var sents map[int64]string
	if r.URL.Query().Get("sentences") == "1" {
		if sents, err = s.sentences(r.Context(), evs); err != nil {
			return err
		}
	}
	out := make([]eventJSON, 0, len(evs))
	for i := range evs {
		out = append(out, s.eventJSON(&evs[i], sents))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// sentences returns the text of the sentence each coded event was found
// in, by event ID, reading each document once.
func (s *Server) sentences(ctx context.Context, evs []event.Event) (map[int64]string, error) {
	out := map[int64]string{}
	bodies := map[int64]string{}
	for _, e := range evs {
		if e.DocID == 0 {
			continue
		}
		body, ok := bodies[e.DocID]
		if !ok {
			if len(bodies) >= 200 {
				continue
			}
			d, err := s.opt.Store.Doc(ctx, e.DocID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			body = d.Body
			bodies[e.DocID] = body
		}
		sp := e.Evidence.Sentence
		if sp.Start >= 0 && sp.Start < sp.End && sp.End <= len(body) {
			out[e.ID] = strings.Join(strings.Fields(body[sp.Start:sp.End]), " ")
		}
	}
	return out, nil
}

type actorJSON struct {
	Code    string `json:"code,omitempty"`
	Name    string `json:"name,omitempty"`
	Country string `json:"country,omitempty"`
	Raw     string `json:"raw,omitempty"`
}

type eventJSON struct {
	ID         int64     `json:"id"`
	Origin     string    `json:"origin"`
	OriginID   string    `json:"origin_id"`
	Date       string    `json:"date"`
	Source     actorJSON `json:"source"`
	Target     actorJSON `json:"target"`
	Code       string    `json:"code,omitempty"`
	CodeName   string    `json:"code_name,omitempty"`
	Root       string    `json:"root,omitempty"`
	PLOVER     string    `json:"plover,omitempty"`
	Goldstein  float64   `json:"goldstein"`
	Quad       int       `json:"quad"`
	QuadName   string    `json:"quad_name"`
	Location   *locJSON  `json:"location,omitempty"`
	URL        string    `json:"url,omitempty"`
	DocID      int64     `json:"doc_id,omitempty"`
	Fatalities int       `json:"fatalities,omitempty"`
	Evidence   *evJSON   `json:"evidence,omitempty"`
	Sentence   string    `json:"sentence,omitempty"`
}

type locJSON struct {
	Name    string   `json:"name,omitempty"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

type evJSON struct {
	Start      int     `json:"sentence_start"`
	End        int     `json:"sentence_end"`
	Trigger    string  `json:"trigger,omitempty"`
	SourceText string  `json:"source_text,omitempty"`
	TargetText string  `json:"target_text,omitempty"`
	Pattern    string  `json:"pattern,omitempty"`
	Confidence float64 `json:"confidence"`
	DateText   string  `json:"date_text,omitempty"`
}

func (s *Server) name(code string) string {
	if code == "" {
		return ""
	}
	if s.opt.Names != nil {
		return s.opt.Names(code)
	}
	return code
}

func (s *Server) actorJSON(a event.Actor) actorJSON {
	j := actorJSON{Code: a.Code, Country: a.Country, Raw: a.Name}
	j.Name = s.name(a.Code)
	if j.Name == "" {
		j.Name = a.Name
	}
	return j
}

func (s *Server) eventJSON(e *event.Event, sents map[int64]string) eventJSON {
	j := eventJSON{ID: e.ID, Origin: e.Origin, OriginID: e.OriginID, Date: e.Date.Format(time.DateOnly),
		Source: s.actorJSON(e.Source), Target: s.actorJSON(e.Target), Code: e.Code, Root: e.Root, PLOVER: e.PLOVER,
		Goldstein: e.Goldstein, Quad: e.Quad, QuadName: quadName(e.Quad), URL: e.URL, DocID: e.DocID,
		Fatalities: e.Fatalities, Sentence: sents[e.ID]}
	if c, ok := s.cameo.Lookup(e.Code); ok {
		j.CodeName = c.Name
	}
	if l := e.Location; l.Name != "" || l.Country != "" || l.HasGeo {
		j.Location = &locJSON{Name: l.Name, Country: l.Country}
		if l.HasGeo {
			lat, lon := l.Lat, l.Lon
			j.Location.Lat, j.Location.Lon = &lat, &lon
		}
	}
	if ev := e.Evidence; ev.Trigger != "" || ev.Sentence.End > 0 {
		j.Evidence = &evJSON{Start: ev.Sentence.Start, End: ev.Sentence.End, Trigger: ev.Trigger, SourceText: ev.SourceText,
			TargetText: ev.TargetText, Pattern: ev.Pattern, Confidence: ev.Confidence, DateText: ev.DateText}
	}
	return j
}

type docJSON struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Source    string `json:"source,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Published string `json:"published,omitempty"`
	StoryID   int64  `json:"story_id"`
	CopyOf    int64  `json:"copy_of,omitempty"`
	Body      string `json:"body,omitempty"`
}

func toJSON(d event.Document) docJSON {
	j := docJSON{ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source, Lang: d.Lang, StoryID: d.StoryID, CopyOf: d.CopyOf}
	if !d.Published.IsZero() {
		j.Published = d.Published.Format(time.RFC3339)
	}
	return j
}

// searchQuery reads the search filters: q (required), since, until, source,
// actor and code (documents with an event of that actor or code), limit.
func (s *Server) searchQuery(r *http.Request) (store.SearchQuery, string, string, error) {
	var q store.SearchQuery
	var err error
	v := r.URL.Query()
	q.Text = strings.TrimSpace(v.Get("q"))
	if q.Since, q.Until, err = dayRangeParams(r); err != nil {
		return q, "", "", err
	}
	q.Source = v.Get("source")
	if q.Limit, err = intParam(r, "limit", 20, 200); err != nil {
		return q, "", "", err
	}
	var actor string
	if a := v.Get("actor"); a != "" {
		if actor, err = s.actor("actor", a); err != nil {
			return q, "", "", err
		}
	}
	code := v.Get("code")
	if code != "" && !codeRe.MatchString(code) {
		return q, "", "", badParam("code", "want a CAMEO code of 1–4 digits, got %q", code)
	}
	return q, actor, code, nil
}

type hitJSON struct {
	Doc     docJSON `json:"document"`
	Snippet string  `json:"snippet"`
	Rank    float64 `json:"rank"`
}

// search runs the full-text query, then keeps the hits with an event of
// the actor and code asked for (when asked).
func (s *Server) search(ctx context.Context, q store.SearchQuery, actor, code string) ([]store.Hit, error) {
	want := q.Limit
	if actor != "" || code != "" {
		q.Limit = min(want*5, 500)
	}
	hits, err := s.opt.Store.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	if actor == "" && code == "" {
		return hits, nil
	}
	var out []store.Hit
	for _, h := range hits {
		evs, err := s.opt.Store.ListEvents(ctx, store.EventQuery{DocID: h.Doc.ID, Actor: actor, Code: code, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(evs) > 0 {
			out = append(out, h)
			if len(out) == want {
				break
			}
		}
	}
	return out, nil
}

func (s *Server) searchAPI(w http.ResponseWriter, r *http.Request) error {
	q, actor, code, err := s.searchQuery(r)
	if err != nil {
		return err
	}
	if q.Text == "" {
		return badParam("q", "give the words to search for")
	}
	hits, err := s.search(r.Context(), q, actor, code)
	if err != nil {
		return searchErr(err)
	}
	out := make([]hitJSON, 0, len(hits))
	for _, h := range hits {
		out = append(out, hitJSON{Doc: toJSON(h.Doc), Snippet: h.Snippet, Rank: h.Rank})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// searchErr turns a full-text syntax error into a 400 on q.
func searchErr(err error) error {
	msg := err.Error()
	if !unavailable(err) && (strings.Contains(msg, "syntax") || strings.Contains(msg, "fts5") || strings.Contains(msg, "tsquery") || strings.Contains(msg, "unterminated") || strings.Contains(msg, "SQL logic error")) {
		return badParam("q", "the search syntax is wrong: %v", err)
	}
	return err
}

func (s *Server) dyadsAPI(w http.ResponseWriter, r *http.Request) error {
	type dyadJSON struct {
		Key   string   `json:"key"`
		Label string   `json:"label"`
		A     []string `json:"a"`
		B     []string `json:"b"`
	}
	out := []dyadJSON{}
	for _, d := range s.opt.Watch {
		out = append(out, dyadJSON{d.Key, d.Label, d.A, d.B})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// postRequest is the body of POST /api/documents: a URL to fetch, or the
// text (or HTML) of an article with optional metadata.
type postRequest struct {
	URL    string `json:"url"`
	Text   string `json:"text"`
	HTML   string `json:"html"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	Source string `json:"source"`
}

func (s *Server) postDoc(w http.ResponseWriter, r *http.Request) error {
	var req postRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &httpError{Code: http.StatusBadRequest, Msg: "the body must be a JSON object {url} or {text|html, title, date, source}: " + err.Error()}
	}
	res, err := s.ingest(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, res.code, res.body)
	return nil
}

type ingestResult struct {
	code int
	id   int64
	body map[string]any
}

// ingest stores (or enqueues) one posted article.
func (s *Server) ingest(ctx context.Context, req postRequest) (ingestResult, error) {
	if req.URL == "" && req.Text == "" && req.HTML == "" {
		return ingestResult{}, &httpError{Code: http.StatusBadRequest, Msg: "give a url, a text or an html"}
	}
	it := source.Item{Input: "api", URL: req.URL, Title: req.Title, Source: req.Source, Text: req.Text, HTML: req.HTML}
	switch {
	case req.HTML != "":
		it.Format, it.Raw, it.RawType = "html", []byte(req.HTML), "text/html"
	case req.Text != "":
		it.Format, it.Raw, it.RawType = "jsonl", []byte(req.Text), "text/plain"
		if req.Title == "" {
			it.Format = "text"
		}
	}
	if req.Date != "" {
		t, err := time.Parse("2006-01-02", req.Date)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, req.Date); err != nil {
				return ingestResult{}, badParam("date", "want YYYY-MM-DD or RFC 3339, got %q", req.Date)
			}
		}
		it.Date = t
	}
	if s.opt.Queue != nil {
		data, _ := json.Marshal(it)
		id := fmt.Sprintf("api-%x", hashOf(data))
		if err := s.opt.Queue.Publish(ctx, s.opt.Subject, id, data); err != nil {
			return ingestResult{}, &httpError{Code: http.StatusServiceUnavailable, Msg: "the work queue is unavailable", Err: err}
		}
		s.queued.Add(1)
		return ingestResult{code: http.StatusAccepted, body: map[string]any{"queued": true, "id": id}}, nil
	}
	if it.HTML == "" && it.Text == "" {
		return ingestResult{}, &httpError{Code: http.StatusBadRequest, Msg: "this server has no work queue: give the text or html, not only a url"}
	}
	if s.opt.Build == nil {
		return ingestResult{}, &httpError{Code: http.StatusServiceUnavailable, Msg: "this server does not ingest documents"}
	}
	d, err := s.opt.Build(it, time.Now())
	if err != nil {
		return ingestResult{}, &httpError{Code: http.StatusUnprocessableEntity, Msg: err.Error()}
	}
	res, err := s.opt.Store.PutDocs(ctx, []*event.Document{d})
	if err != nil {
		return ingestResult{}, err
	}
	if res[0].Status != store.Exists && s.opt.Code != nil {
		cd := s.opt.Code(d)
		cd.DocID = res[0].ID
		if err := s.opt.Store.PutCoded(ctx, []store.CodedDoc{cd}); err != nil {
			return ingestResult{}, err
		}
	}
	s.ingested.Add(1)
	code := http.StatusCreated
	if res[0].Status == store.Exists {
		code = http.StatusOK
	}
	return ingestResult{code: code, id: res[0].ID, body: map[string]any{"id": res[0].ID, "story_id": res[0].StoryID, "status": res[0].Status.String()}}, nil
}

func hashOf(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
