package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

// intParam reads a non-negative integer query parameter; a malformed one is
// a 400 naming it.
func intParam(r *http.Request, name string, def, maxV int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badParam(name, "want a non-negative integer, got %q", v)
	}
	if maxV > 0 && n > maxV {
		return 0, badParam(name, "at most %d, got %d", maxV, n)
	}
	return n, nil
}

// dayParam reads a YYYY-MM-DD query parameter (zero when absent).
func dayParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, badParam(name, "want a date YYYY-MM-DD, got %q", v)
	}
	return t, nil
}

func dayRangeParams(r *http.Request) (since, until time.Time, err error) {
	if since, err = dayParam(r, "since"); err != nil {
		return
	}
	if until, err = dayParam(r, "until"); err != nil {
		return
	}
	if !since.IsZero() && !until.IsZero() && !since.Before(until) {
		err = badParam("until", "must be after since")
	}
	return
}

var (
	codeRe  = regexp.MustCompile(`^[0-9]{1,4}$`)
	rootRe  = regexp.MustCompile(`^[0-9]{2}$`)
	actorRe = regexp.MustCompile(`^[A-Z0-9]{3,24}$`)
)

// actor turns what a person typed into an actor code: a known name
// ("NATO", "China") through Options.Resolve, else an upper-case code.
func (s *Server) actor(param, v string) (string, error) {
	v = strings.TrimSpace(v)
	if s.opt.Resolve != nil {
		if c, ok := s.opt.Resolve(v); ok {
			return c, nil
		}
	}
	if c := strings.ToUpper(v); actorRe.MatchString(c) {
		return c, nil
	}
	return "", badParam(param, "%q is neither an actor code (CHN, CHNGOV, IGOWSTNAT) nor a name georisk knows", v)
}

// dyad parses "A-B" (either direction) or "A->B" (from A to B).
func (s *Server) dyad(v string) (a, b string, directed bool, err error) {
	x, y, directed := strings.Cut(v, "->")
	if !directed {
		var ok bool
		if x, y, ok = strings.Cut(v, "-"); !ok {
			return "", "", false, badParam("dyad", "want A-B or A->B, got %q", v)
		}
	}
	if a, err = s.actor("dyad", x); err != nil {
		return
	}
	b, err = s.actor("dyad", y)
	return
}

// eventQuery reads the event filters shared by the events page and API.
func (s *Server) eventQuery(r *http.Request, defLimit int) (store.EventQuery, error) {
	var q store.EventQuery
	v := r.URL.Query()
	var err error
	q.Origin = v.Get("origin")
	if q.Origin != "" && !actorRe.MatchString(strings.ToUpper(q.Origin)) {
		return q, badParam("origin", "unknown origin %q", q.Origin)
	}
	if a := v.Get("actor"); a != "" {
		if q.Actor, err = s.actor("actor", a); err != nil {
			return q, err
		}
	}
	if d := v.Get("dyad"); d != "" {
		if q.DyadA, q.DyadB, q.Directed, err = s.dyad(d); err != nil {
			return q, err
		}
	}
	if q.Code = v.Get("code"); q.Code != "" && !codeRe.MatchString(q.Code) {
		return q, badParam("code", "want a CAMEO code of 1–4 digits, got %q", q.Code)
	}
	if q.Root = v.Get("root"); q.Root != "" && !rootRe.MatchString(q.Root) {
		return q, badParam("root", "want a two-digit CAMEO root (01–20), got %q", q.Root)
	}
	if q.Quad, err = intParam(r, "quad", 0, 4); err != nil {
		return q, err
	}
	if q.Since, q.Until, err = dayRangeParams(r); err != nil {
		return q, err
	}
	doc, err := intParam(r, "doc", 0, 0)
	if err != nil {
		return q, err
	}
	q.DocID = int64(doc)
	if q.Limit, err = intParam(r, "limit", defLimit, 1000); err != nil {
		return q, err
	}
	if q.Limit == 0 {
		q.Limit = defLimit
	}
	if q.Offset, err = intParam(r, "offset", 0, 1_000_000); err != nil {
		return q, err
	}
	return q, nil
}

func idParam(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &httpError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("the %s id must be a positive number, got %q", what, r.PathValue("id"))}
	}
	return id, nil
}
