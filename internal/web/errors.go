package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/georisk/georisk/internal/store"
)

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

func badParam(name, format string, args ...any) *httpError {
	return &httpError{Code: http.StatusBadRequest, Msg: name + ": " + fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *httpError {
	return &httpError{Code: http.StatusNotFound, Msg: fmt.Sprintf(format, args...)}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(pattern string, html bool, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, html, err)
		}
	})
	if html && pattern == "GET /{$}" {
		// Anything no route claims is a 404 page (or a JSON error under /api/).
		s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, !isAPI(r.URL.Path), notFound("no page at %s", r.URL.Path))
		})
	}
}

// fail writes err as an error page or a JSON error and logs what the client
// does not see.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, html bool, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			he = &httpError{Code: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit), Err: err}
		case errors.Is(err, store.ErrNotFound):
			he = &httpError{Code: http.StatusNotFound, Msg: "not found", Err: err}
		case unavailable(err):
			he = &httpError{Code: http.StatusServiceUnavailable, Msg: "the database is unavailable; try again shortly", Err: err}
		default:
			he = &httpError{Code: http.StatusInternalServerError, Msg: "internal error", Err: err}
		}
	}
	if he.Code >= 500 {
		s.opt.Logger.LogAttrs(r.Context(), slog.LevelError, "request failed", slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	if he.Code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	if html && s.pages != nil {
		s.render(w, r, he.Code, "error", map[string]any{"Code": he.Code, "Status": http.StatusText(he.Code), "Msg": he.Msg})
		return
	}
	writeJSON(w, he.Code, map[string]string{"error": he.Msg})
}

// unavailable reports whether err means the store cannot answer now (busy,
// locked, closed, unreachable, out of time), as opposed to a bug.
func unavailable(err error) bool {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone) || errors.As(err, &ne) {
		return true
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"database is locked", "sqlite_busy", "database is closed", "database table is locked",
		"unable to open database", "disk i/o error", "no such table", "file is not a database", "connection refused",
		"conn closed", "closed pool", "failed to connect", "the database system is", "too many clients"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/metrics"
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
