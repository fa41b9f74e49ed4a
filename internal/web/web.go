// Package web is georisk's HTTP server: health and metrics endpoints and the
// JSON API. It starts small — documents in and out, events — and grows into
// the dashboard and publication site.
//
// Handlers return errors; an *httpError carries the status and the message
// the client sees, and anything else is a 500 whose detail is only logged.
package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
)

// Store is what the server reads and writes.
type Store interface {
	PutDocs(ctx context.Context, docs []*event.Document) ([]store.PutResult, error)
	PutCoded(ctx context.Context, docs []store.CodedDoc) error
	Doc(ctx context.Context, id int64) (event.Document, error)
	ListDocs(ctx context.Context, q store.DocQuery) ([]event.Document, error)
	ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error)
	Stats(ctx context.Context) (store.Stats, error)
}

// Publisher enqueues ingestion work (a queue.Queue).
type Publisher interface {
	Publish(ctx context.Context, subject, id string, data []byte) error
}

// Options configure a Server.
type Options struct {
	Store Store
	// Queue, when set, receives ingestion requests for workers; without
	// it the server extracts, codes and stores them itself.
	Queue   Publisher
	Subject string // the queue subject, e.g. "georisk.ingest"
	// Token protects write endpoints (Authorization: Bearer TOKEN); with
	// no token, write endpoints are refused.
	Token string
	// Build turns an item into a document (ingest.Build); Code codes it.
	Build  func(source.Item, time.Time) (*event.Document, error)
	Code   func(*event.Document) store.CodedDoc
	Logger *slog.Logger
}

// Server is the HTTP server's handler and its counters.
type Server struct {
	opt      Options
	mux      *http.ServeMux
	requests [6]atomic.Int64 // by status class: 1xx … 5xx, index 0 unused
	ingested atomic.Int64
	queued   atomic.Int64
}

// New returns a Server.
func New(opt Options) *Server {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opt: opt, mux: http.NewServeMux()}
	s.handle("GET /healthz", s.health)
	s.handle("GET /metrics", s.metrics)
	s.handle("GET /api/documents", s.listDocs)
	s.handle("GET /api/documents/{id}", s.getDoc)
	s.handle("POST /api/documents", s.auth(s.postDoc))
	s.handle("GET /api/events", s.listEvents)
	return s
}

type httpError struct {
	Code int
	Msg  string
	Err  error
}

func (e *httpError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %v", e.Code, e.Msg, e.Err)
	}
	return fmt.Sprintf("%d %s", e.Code, e.Msg)
}

func (e *httpError) Unwrap() error { return e.Err }

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(pattern string, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			var he *httpError
			if !errors.As(err, &he) {
				he = &httpError{Code: http.StatusInternalServerError, Msg: "internal error", Err: err}
			}
			if he.Code >= 500 {
				s.opt.Logger.Error("request failed", slog.String("path", r.URL.Path), slog.Any("error", err))
			}
			writeJSON(w, he.Code, map[string]string{"error": he.Msg})
		}
	})
}

// ServeHTTP logs each request and counts it by status class.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(rec, r)
	if c := rec.status / 100; c >= 1 && c <= 5 {
		s.requests[c].Add(1)
	}
	s.opt.Logger.Info("request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) auth(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.opt.Token == "" {
			return &httpError{Code: http.StatusForbidden, Msg: "writes are disabled: the server has no API token"}
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="georisk"`)
			return &httpError{Code: http.StatusUnauthorized, Msg: "missing or wrong API token"}
		}
		return h(w, r)
	}
}

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
	return nil
}

func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &httpError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("%s: want a non-negative integer, got %q", name, v)}
	}
	return n, nil
}

func (s *Server) listDocs(w http.ResponseWriter, r *http.Request) error {
	lim, err := intParam(r, "limit", 50)
	if err != nil {
		return err
	}
	off, err := intParam(r, "offset", 0)
	if err != nil {
		return err
	}
	docs, err := s.opt.Store.ListDocs(r.Context(), store.DocQuery{Limit: min(lim, 1000), Offset: off, Source: r.URL.Query().Get("source")})
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

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return &httpError{Code: http.StatusBadRequest, Msg: "the document id must be a number"}
	}
	d, err := s.opt.Store.Doc(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return &httpError{Code: http.StatusNotFound, Msg: fmt.Sprintf("no document %d", id)}
	}
	if err != nil {
		return err
	}
	j := toJSON(d)
	j.Body = d.Body
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	lim, err := intParam(r, "limit", 50)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	evs, err := s.opt.Store.ListEvents(r.Context(), store.EventQuery{Origin: q.Get("origin"), Actor: q.Get("actor"),
		Code: q.Get("code"), Limit: min(lim, 1000)})
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []event.Event{}
	}
	writeJSON(w, http.StatusOK, evs)
	return nil
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

const maxPostBytes = 8 << 20

func (s *Server) postDoc(w http.ResponseWriter, r *http.Request) error {
	var req postRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPostBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return &httpError{Code: http.StatusBadRequest, Msg: "the body must be a JSON object {url} or {text|html, title, date, source}: " + err.Error()}
	}
	if req.URL == "" && req.Text == "" && req.HTML == "" {
		return &httpError{Code: http.StatusBadRequest, Msg: "give a url, a text or an html"}
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
				return &httpError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("date %q: want YYYY-MM-DD or RFC 3339", req.Date)}
			}
		}
		it.Date = t
	}
	if s.opt.Queue != nil {
		data, _ := json.Marshal(it)
		id := fmt.Sprintf("api-%x", hashOf(data))
		if err := s.opt.Queue.Publish(r.Context(), s.opt.Subject, id, data); err != nil {
			return &httpError{Code: http.StatusServiceUnavailable, Msg: "the work queue is unavailable", Err: err}
		}
		s.queued.Add(1)
		writeJSON(w, http.StatusAccepted, map[string]any{"queued": true, "id": id})
		return nil
	}
	if it.HTML == "" && it.Text == "" {
		return &httpError{Code: http.StatusBadRequest, Msg: "this server has no work queue: give the text or html, not only a url"}
	}
	d, err := s.opt.Build(it, time.Now())
	if err != nil {
		return &httpError{Code: http.StatusUnprocessableEntity, Msg: err.Error()}
	}
	res, err := s.opt.Store.PutDocs(r.Context(), []*event.Document{d})
	if err != nil {
		return err
	}
	if res[0].Status != store.Exists && s.opt.Code != nil {
		cd := s.opt.Code(d)
		cd.DocID = res[0].ID
		if err := s.opt.Store.PutCoded(r.Context(), []store.CodedDoc{cd}); err != nil {
			return err
		}
	}
	s.ingested.Add(1)
	code := http.StatusCreated
	if res[0].Status == store.Exists {
		code = http.StatusOK
	}
	writeJSON(w, code, map[string]any{"id": res[0].ID, "story_id": res[0].StoryID, "status": res[0].Status.String()})
	return nil
}

func hashOf(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
