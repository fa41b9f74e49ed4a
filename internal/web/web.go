// Package web is georisk's HTTP server: the dashboard people use every
// morning (dyad tension charts, events, actors, documents with what the
// coder found highlighted in their text, search, a world map), the JSON API
// behind it, described by an OpenAPI 3 document at /api/openapi.json, and
// the health and metrics endpoints.
//
// Templates and assets are embedded and parsed by [New], so a broken
// template stops the server at start-up rather than on a request. Pages
// carry no inline script: JavaScript lives in embedded files, which lets the
// Content-Security-Policy forbid inline code. Every response gets the
// security headers; request bodies are limited; forms are protected against
// cross-site request forgery; write endpoints need a Bearer token, and read
// endpoints too when Options.ProtectReads is set.
//
// Handlers return errors; an *httpError carries the status and the message
// the client sees, and anything else is a 500 whose detail is only logged —
// or a 503 when the store is unavailable (locked, closed, gone), after which
// the server goes on serving.
package web

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/claims"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/web/geo"
)

// Store is what the server reads and writes. Every method must be safe for
// concurrent use and honour its context.
type Store interface {
	PutDocs(ctx context.Context, docs []*event.Document) ([]store.PutResult, error)
	PutCoded(ctx context.Context, docs []store.CodedDoc) error
	Doc(ctx context.Context, id int64) (event.Document, error)
	Raw(ctx context.Context, id int64) ([]byte, string, error)
	ListDocs(ctx context.Context, q store.DocQuery) ([]event.Document, error)
	Story(ctx context.Context, storyID int64) ([]event.Document, error)
	Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error)
	ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error)
	// ListEventsIndexed is ListEvents through the indexes (see
	// store.EventsIndexed); pages and the API list with it.
	ListEventsIndexed(ctx context.Context, q store.EventQuery) ([]event.Event, error)
	ListQuotes(ctx context.Context, q store.TextQuery) ([]event.Quote, error)
	ListJudgments(ctx context.Context, q store.TextQuery) ([]event.Judgment, error)
	DocsToCode(ctx context.Context, after int64, limit int, version string) ([]event.Document, error)
	Stats(ctx context.Context) (store.Stats, error)
	ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error)
	Forecasts(ctx context.Context, q store.ForecastQuery) ([]store.Forecast, error)
	ListBriefs(ctx context.Context, q store.BriefQuery) ([]store.Brief, error)
	Brief(ctx context.Context, slug string) (store.Brief, error)
}

// Publisher enqueues ingestion work (a queue.Queue).
type Publisher interface {
	Publish(ctx context.Context, subject, id string, data []byte) error
}

// ActorSpan is an actor recognised in a sentence: byte offsets in the
// sentence, its code and its name.
type ActorSpan struct {
	Start, End int
	Code, Name string
}

// Dyad is a pair of sides watched on the dashboard; each side is a list of
// actor code prefixes.
type Dyad struct {
	A, B  []string
	Label string // "China – NATO"
	Key   string // "CHN-IGOWSTNAT", as the API's dyad parameter takes it
}

// Options configure a Server. Only Store is required.
type Options struct {
	Store Store
	// Queue, when set, receives ingestion requests for workers; without
	// it the server extracts, codes and stores them itself.
	Queue   Publisher
	Subject string // the queue subject, e.g. "georisk.ingest"
	// Token protects write endpoints (Authorization: Bearer TOKEN); with
	// no token, write endpoints are refused.
	Token string
	// ProtectReads makes every endpoint but /healthz need the token too
	// (pages accept it as the georisk_token cookie set by /login).
	ProtectReads bool
	// Build turns an item into a document (ingest.Build); Code codes it.
	Build func(source.Item, time.Time) (*event.Document, error)
	Code  func(*event.Document) store.CodedDoc
	// Names gives an actor code's display name ("IGOWSTNAT" → "NATO");
	// nil shows codes.
	Names func(code string) string
	// Resolve turns what a person types ("NATO", "China") into a code;
	// nil takes codes only.
	Resolve func(name string) (code string, ok bool)
	// FindActors finds the actors in a sentence as of a date, for the
	// document view; nil shows none.
	FindActors func(sentence string, date time.Time) []ActorSpan
	// GPRMatch returns the countries a text names, for per-country GPR;
	// nil offers the global index only.
	GPRMatch func(text string) []string
	// Countries maps the world map's ISO 3166 numeric ids to alpha-3
	// codes; nil leaves the map without a choropleth.
	Countries func(numeric string) (alpha3 string, ok bool)
	// Assessor assesses the client profiles of /assess; nil offers none.
	Assessor Assessor
	// CheckClaims finds and checks the claims of a document's text (see
	// internal/claims), shown on its page; nil checks none.
	CheckClaims func(body string, published time.Time) []claims.Claim
	// Watch lists the dyads on the dashboard; nil means DefaultWatch.
	Watch []Dyad
	// MaxBodyBytes limits request bodies (default 8 MiB): more is a 413.
	MaxBodyBytes int64
	// RequestTimeout bounds the work of one request (default 15 s): a
	// store that does not answer in time gives a 503.
	RequestTimeout time.Duration
	Logger         *slog.Logger
}

// DefaultWatch is the dashboard's dyads when none are configured.
var DefaultWatch = []Dyad{
	{A: []string{"CHN"}, B: []string{"IGOWSTNAT"}, Label: "China – NATO", Key: "CHN-IGOWSTNAT"},
	{A: []string{"CHN"}, B: []string{"USA"}, Label: "China – United States", Key: "CHN-USA"},
	{A: []string{"CHN"}, B: []string{"JPN"}, Label: "China – Japan", Key: "CHN-JPN"},
	{A: []string{"CHN"}, B: []string{"TWN"}, Label: "China – Taiwan", Key: "CHN-TWN"},
	{A: []string{"RUS"}, B: []string{"UKR"}, Label: "Russia – Ukraine", Key: "RUS-UKR"},
}

// Server is the HTTP server's handler and its counters.
type Server struct {
	opt      Options
	mux      *http.ServeMux
	pages    *pages
	assets   *assets
	world    *geo.Map
	cameo    *cameo.Table
	csrfKey  []byte
	cache    *ttlCache
	requests [6]atomic.Int64 // by status class: 1xx … 5xx, index 0 unused
	ingested atomic.Int64
	queued   atomic.Int64
	started  time.Time
}

// New returns a Server with its templates, assets and world map parsed; an
// error means something embedded is broken.
func New(opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = 8 << 20
	}
	if opt.RequestTimeout <= 0 {
		opt.RequestTimeout = 15 * time.Second
	}
	if opt.Watch == nil {
		opt.Watch = DefaultWatch
	}
	as, err := loadAssets(assetFS)
	if err != nil {
		return nil, err
	}
	ps, err := parsePages(templateFS, as)
	if err != nil {
		return nil, err
	}
	world, err := geo.Parse(geo.World, "countries", 960, -58)
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, mux: http.NewServeMux(), pages: ps, assets: as, world: world, cameo: cameo.Load(),
		csrfKey: make([]byte, 32), cache: newTTLCache(30 * time.Second), started: time.Now()}
	rand.Read(s.csrfKey)
	for _, rt := range s.routes() {
		h := rt.h
		if rt.write {
			h = s.auth(h)
		} else if opt.ProtectReads && rt.path != "/healthz" && !rt.public {
			h = s.readAuth(h)
		}
		s.handle(rt.method+" "+rt.path, rt.html, h)
	}
	return s, nil
}

// route is one endpoint: the mux pattern, the handler, and what the OpenAPI
// document says of it.
type route struct {
	method, path string
	h            handlerFunc
	html         bool // an HTML page (errors are pages, not JSON)
	write        bool // needs the API token
	public       bool // never needs a token (login, assets)
	api          *apiDoc
}

// routes lists every endpoint. The OpenAPI document is generated from the
// same list, so it cannot forget one.
func (s *Server) routes() []route {
	return []route{
		{method: "GET", path: "/{$}", h: s.dashboard, html: true},
		{method: "GET", path: "/events", h: s.eventsPage, html: true},
		{method: "GET", path: "/documents", h: s.documentsPage, html: true},
		{method: "GET", path: "/documents/{id}", h: s.documentPage, html: true},
		{method: "GET", path: "/documents/{id}/original", h: s.originalPage, html: true},
		{method: "GET", path: "/actors/{code}", h: s.actorPage, html: true},
		{method: "GET", path: "/search", h: s.searchPage, html: true},
		{method: "GET", path: "/map", h: s.mapPage, html: true},
		{method: "GET", path: "/alerts", h: s.alertsPage, html: true},
		{method: "GET", path: "/ledger", h: s.ledgerPage, html: true},
		{method: "GET", path: "/briefs", h: s.briefsPage, html: true},
		{method: "GET", path: "/briefs/{slug}", h: s.briefPage, html: true},
		{method: "GET", path: "/briefs/feed.atom", h: s.briefsFeed, api: briefsFeedDoc},
		{method: "GET", path: "/assess", h: s.assessmentsPage, html: true},
		{method: "GET", path: "/assess/{name}", h: s.assessmentPage, html: true},
		{method: "GET", path: "/ingest", h: s.ingestPage, html: true},
		{method: "POST", path: "/ingest", h: s.ingestForm, html: true},
		{method: "GET", path: "/login", h: s.loginPage, html: true, public: true},
		{method: "POST", path: "/login", h: s.loginForm, html: true, public: true},
		{method: "GET", path: "/static/{sum}/{name...}", h: s.asset, html: true, public: true},
		{method: "GET", path: "/favicon.ico", h: s.favicon, public: true},

		{method: "GET", path: "/healthz", h: s.health, api: healthDoc},
		{method: "GET", path: "/metrics", h: s.metrics, api: metricsDoc},
		{method: "GET", path: "/api/openapi.json", h: s.openAPI, public: true, api: openAPIDoc},
		{method: "GET", path: "/api/documents", h: s.listDocs, api: listDocsDoc},
		{method: "POST", path: "/api/documents", h: s.postDoc, write: true, api: postDocDoc},
		{method: "GET", path: "/api/documents/{id}", h: s.getDoc, api: getDocDoc},
		{method: "GET", path: "/api/documents/{id}/explain", h: s.explainAPI, api: explainDoc},
		{method: "GET", path: "/api/events", h: s.listEvents, api: listEventsDoc},
		{method: "GET", path: "/api/search", h: s.searchAPI, api: searchDoc},
		{method: "GET", path: "/api/actors/{code}", h: s.actorAPI, api: actorDoc},
		{method: "GET", path: "/api/series", h: s.seriesAPI, api: seriesDoc},
		{method: "GET", path: "/api/tension", h: s.tensionAPI, api: tensionDoc},
		{method: "GET", path: "/api/gpr", h: s.gprAPI, api: gprDoc},
		{method: "GET", path: "/api/map", h: s.mapAPI, api: mapDoc},
		{method: "GET", path: "/api/dyads", h: s.dyadsAPI, api: dyadsDoc},
		{method: "GET", path: "/api/alerts", h: s.alertsAPI, api: alertsDoc},
		{method: "GET", path: "/api/forecasts", h: s.forecastsAPI, api: forecastsDoc},
		{method: "GET", path: "/api/calibration", h: s.calibrationAPI, api: calibrationDoc},
		{method: "GET", path: "/api/briefs", h: s.briefsAPI, api: briefsDoc},
		{method: "GET", path: "/api/briefs/{slug}", h: s.briefAPI, api: briefDoc},
		{method: "GET", path: "/api/profiles", h: s.profilesAPI, api: profilesDoc},
		{method: "GET", path: "/api/assessments/{name}", h: s.assessmentAPI, api: assessmentDoc},
		{method: "GET", path: "/api/documents/{id}/claims", h: s.claimsAPI, api: claimsDoc},
	}
}

// ServeHTTP applies the security headers, the body limit, the request
// timeout and cross-origin protection, logs the request and counts it by
// status class.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	securityHeaders(rec.Header())
	if r.Body != nil {
		r.Body = http.MaxBytesReader(rec, r.Body, s.opt.MaxBodyBytes)
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	r = r.WithContext(ctx)
	if err := crossOrigin.Check(r); err != nil {
		s.fail(rec, r, !isAPI(r.URL.Path), &httpError{Code: http.StatusForbidden, Msg: "cross-origin request refused", Err: err})
	} else {
		s.mux.ServeHTTP(rec, r)
	}
	if c := rec.status / 100; c >= 1 && c <= 5 {
		s.requests[c].Add(1)
	}
	s.opt.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", rec.status),
		slog.Int64("bytes", rec.bytes), slog.Duration("duration", time.Since(start)),
		slog.String("remote", r.RemoteAddr))
}

// crossOrigin refuses unsafe cross-site browser requests (by
// Sec-Fetch-Site and Origin); requests without those headers, such as
// API clients', pass. Forms carry a CSRF token besides.
var crossOrigin = http.NewCrossOriginProtection()

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// securityHeaders are set on every response.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
}
