package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/source/acled/country"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/web"
)

// serveFlags are the flags of serve (and of demo's server).
type serveFlags struct {
	config, addr, token, watch *string
	profiles                   *string
	protectReads, printConfig  *bool
}

func addServeFlags(fs *flag.FlagSet) *serveFlags {
	return &serveFlags{
		config:       fs.String("config", "", "JSON config file ($GEORISK_CONFIG); the environment and flags override it"),
		addr:         fs.String("addr", "", "address to listen on (default 127.0.0.1:8080; $GEORISK_ADDR)"),
		token:        fs.String("token", "", "API token for write endpoints ($GEORISK_TOKEN, $GEORISK_TOKEN_FILE)"),
		watch:        fs.String("watch", "", "dyads on the dashboard, comma-separated: China-NATO,CHN-USA ($GEORISK_WATCH)"),
		profiles:     fs.String("profiles", "", "folder of client profiles for /assess (default examples/profiles when present; $GEORISK_PROFILES)"),
		protectReads: fs.Bool("protect-reads", false, "require the token for reading too ($GEORISK_PROTECT_READS)"),
		printConfig:  fs.Bool("print-config", false, "print the configuration (token redacted) and exit"),
	}
}

// load reads the config file, the environment and the flags, in that
// order of precedence (flags win).
func (f *serveFlags) load(env *Env) (web.Config, error) {
	path := *f.config
	if path == "" {
		path = env.Getenv("GEORISK_CONFIG")
	}
	var cfg web.Config
	var err error
	if path != "" {
		fh, err := os.Open(path)
		if err != nil {
			return cfg, fmt.Errorf("reading the config: %w", err)
		}
		defer fh.Close()
		cfg, err = web.ParseConfig(fh, env.Getenv)
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", path, err)
		}
	} else if cfg, err = web.ParseConfig(nil, env.Getenv); err != nil {
		return cfg, err
	}
	if *f.addr != "" {
		cfg.Addr = *f.addr
	}
	if *f.token != "" {
		cfg.Token = *f.token
	}
	if *f.watch != "" {
		cfg.Watch = strings.Split(*f.watch, ",")
	}
	if *f.protectReads {
		cfg.ProtectReads = true
	}
	if *f.profiles != "" {
		cfg.Profiles = *f.profiles
	}
	if err := cfg.LoadToken(); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, &UsageError{err.Error()}
	}
	return cfg, nil
}

func serveCmd() *command {
	return &command{
		name:    "serve",
		args:    "[--addr HOST:PORT] [--db …] [--config FILE] [--queue nats://…] [--token …]",
		summary: "serve the dashboard, the JSON API, health and metrics",
		help: `Serve runs georisk's web server: the dashboard (watched dyads' tension charts,
events, actors, documents with what the coder found highlighted, search, a
world map) at /, the JSON API under /api/ (described at /api/openapi.json),
GET /healthz and GET /metrics (Prometheus text format).

POST /api/documents ({"url"} or {"text"|"html", "title", "date", "source"})
and the /ingest form need the API token ("Authorization: Bearer TOKEN"); with
--protect-reads every page and endpoint but /healthz does (people sign in
at /login). With --queue, posted documents go to the work queue for
"georisk worker"; without, they are stored here.

Configuration comes from a JSON file (--config or $GEORISK_CONFIG; keys addr,
token_file, protect_reads, watch, max_body_bytes, request_timeout,
read_timeout, write_timeout, idle_timeout), then the environment
($GEORISK_ADDR, $GEORISK_TOKEN, $GEORISK_TOKEN_FILE, $GEORISK_PROTECT_READS,
$GEORISK_WATCH), then flags. SIGINT or SIGTERM stops intake, lets requests
finish (10 s at most) and closes the store.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			sf := addServeFlags(fs)
			qurl, stream := queueFlags(fs)
			dicts := dictFlag(fs)
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"serve takes no arguments"}
				}
				cfg, err := sf.load(env)
				if err != nil {
					return err
				}
				if *sf.printConfig {
					fmt.Fprintln(env.Stdout, cfg.Redacted())
					return nil
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				c, err := newCoder(*dicts)
				if err != nil {
					return err
				}
				// Access logs are Info: serve logs them as JSON lines.
				level := slog.LevelInfo
				if env.Getenv("GEORISK_DEBUG") != "" {
					level = slog.LevelDebug
				}
				log := slog.New(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: level})).With(slog.String("component", "web"))
				opt, err := webOptions(log, cfg, s, c)
				if err != nil {
					return err
				}
				opt.Subject = ingestSubject(*stream)
				if *qurl != "" || env.Getenv("GEORISK_QUEUE") != "" {
					q, err := openQueue(ctx, env, *qurl, *stream)
					if err != nil {
						return err
					}
					defer q.Close()
					opt.Queue = q
				}
				return serveWeb(ctx, env, cfg, opt, nil)
			}
		},
	}
}

// webOptions wires the store, the coder and the actor dictionary into the
// server's options.
func webOptions(log *slog.Logger, cfg web.Config, s store.Store, c *coder) (web.Options, error) {
	dict := c.dict
	countries := country.Load()
	opt := web.Options{Store: s, Token: cfg.Token, ProtectReads: cfg.ProtectReads, Build: ingest.Build, Code: c.codeDoc,
		Names: dict.Name, Resolve: dict.Resolve, Countries: countries.ByNumeric,
		MaxBodyBytes: cfg.MaxBodyBytes, RequestTimeout: time.Duration(cfg.RequestTimeout), Logger: log}
	// The matcher keeps a buffer: one per call, since requests run in parallel.
	opt.GPRMatch = func(text string) []string { return gprMatcher(dict)(text) }
	if err := assessOptions(cfg, s, &opt); err != nil {
		return opt, err
	}
	opt.FindActors = func(sentence string, date time.Time) []web.ActorSpan {
		var buf [16]actor.Match
		var out []web.ActorSpan
		for _, m := range dict.Find(sentence, date, buf[:0]) {
			out = append(out, web.ActorSpan{Start: m.Start, End: m.End, Code: m.Code, Name: m.Name})
		}
		return out
	}
	for _, w := range cfg.Watch {
		a, b, ok := strings.Cut(strings.TrimSpace(w), "-")
		if !ok {
			return opt, &UsageError{fmt.Sprintf("--watch %q: want A-B", w)}
		}
		side := func(x string) (string, error) {
			x = strings.TrimSpace(x)
			if code, ok := dict.Resolve(x); ok {
				return code, nil
			}
			if x == "" {
				return "", &UsageError{fmt.Sprintf("--watch %q: empty side", w)}
			}
			return strings.ToUpper(x), nil
		}
		ca, err := side(a)
		if err != nil {
			return opt, err
		}
		cb, err := side(b)
		if err != nil {
			return opt, err
		}
		opt.Watch = append(opt.Watch, web.Dyad{A: []string{ca}, B: []string{cb}, Key: ca + "-" + cb,
			Label: dict.Name(ca) + " – " + dict.Name(cb)})
	}
	return opt, nil
}

// serveWeb listens on cfg.Addr, prints the URL, and serves until ctx is
// done; ready, when set, receives the URL once the server listens.
func serveWeb(ctx context.Context, env *Env, cfg web.Config, opt web.Options, ready func(url string)) error {
	h, err := web.New(opt)
	if err != nil {
		return fmt.Errorf("starting the web server: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(env.Stderr, "georisk: serving on %s\n", url)
	if ready != nil {
		ready(url)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Duration(cfg.ReadTimeout),
		WriteTimeout: time.Duration(cfg.WriteTimeout), IdleTimeout: time.Duration(cfg.IdleTimeout), MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(opt.Logger.Handler(), slog.LevelWarn)}
	return serveUntilDone(ctx, ln, srv)
}

// serveUntilDone serves until ctx is done, then shuts down gracefully:
// the listener closes, requests in flight get 10 s to finish.
func serveUntilDone(ctx context.Context, ln net.Listener, srv *http.Server) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
