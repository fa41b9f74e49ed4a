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

	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/web"
)

func serveCmd() *command {
	return &command{
		name:    "serve",
		args:    "[--addr HOST:PORT] [--db …] [--queue nats://…] [--token …]",
		summary: "serve the JSON API, health and metrics (the dashboard grows here)",
		help: `Serve runs georisk's HTTP server: GET /healthz, GET /metrics (Prometheus text
format), GET /api/documents, GET /api/documents/{id}, GET /api/events, and
POST /api/documents ({"url"} or {"text"|"html", "title", "date", "source"})
which needs "Authorization: Bearer TOKEN". With --queue, posted documents are
published to the work queue for "georisk worker"; without, they are stored
here. The token comes from --token, $GEORISK_TOKEN or the file named by
$GEORISK_TOKEN_FILE. SIGINT or SIGTERM stops intake, lets requests finish
(10 s at most) and closes the store.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
			qurl, stream := queueFlags(fs)
			token := fs.String("token", "", "API token for write endpoints ($GEORISK_TOKEN, $GEORISK_TOKEN_FILE)")
			dicts := dictFlag(fs)
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"serve takes no arguments"}
				}
				tok, err := apiToken(env, *token)
				if err != nil {
					return err
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
				opt := web.Options{Store: s, Token: tok, Build: ingest.Build, Code: c.codeDoc, Subject: ingestSubject(*stream),
					Logger: logger(env).With(slog.String("component", "web"))}
				if *qurl != "" || env.Getenv("GEORISK_QUEUE") != "" {
					q, err := openQueue(ctx, env, *qurl, *stream)
					if err != nil {
						return err
					}
					defer q.Close()
					opt.Queue = q
				}
				ln, err := net.Listen("tcp", *addr)
				if err != nil {
					return fmt.Errorf("listening on %s: %w", *addr, err)
				}
				fmt.Fprintf(env.Stderr, "georisk: serving on http://%s\n", ln.Addr())
				return serveUntilDone(ctx, ln, web.New(opt))
			}
		},
	}
}

// serveUntilDone serves until ctx is done, then shuts down gracefully.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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

// apiToken reads the token from the flag, the environment or a file.
func apiToken(env *Env, flagValue string) (string, error) {
	switch {
	case flagValue != "":
		return flagValue, nil
	case env.Getenv("GEORISK_TOKEN") != "":
		return env.Getenv("GEORISK_TOKEN"), nil
	case env.Getenv("GEORISK_TOKEN_FILE") != "":
		b, err := os.ReadFile(env.Getenv("GEORISK_TOKEN_FILE"))
		if err != nil {
			return "", fmt.Errorf("reading the API token: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}
