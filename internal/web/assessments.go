package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/claims"
	"github.com/georisk/georisk/internal/plot"
	"github.com/georisk/georisk/internal/store"
)

// Assessor assesses client profiles for the assessment pages.
type Assessor interface {
	// Profiles lists the profiles on offer.
	Profiles(ctx context.Context) ([]ProfileInfo, error)
	// Assess assesses the named profile over [since, until); zero times
	// mean the assessor's default window. An unknown name is
	// store.ErrNotFound (wrapped).
	Assess(ctx context.Context, name string, since, until time.Time) (*assess.Assessment, error)
}

// ProfileInfo names a profile: Name is its address (/assess/{name}).
type ProfileInfo struct {
	Name   string `json:"name"`
	Client string `json:"client"`
	File   string `json:"file"`
}

var profileNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`)

func (s *Server) profiles(ctx context.Context) ([]ProfileInfo, error) {
	if s.opt.Assessor == nil {
		return []ProfileInfo{}, nil
	}
	ps, err := s.opt.Assessor.Profiles(ctx)
	if ps == nil {
		ps = []ProfileInfo{}
	}
	return ps, err
}

// assessment reads {name}, since and until, and assesses.
func (s *Server) assessment(r *http.Request) (*assess.Assessment, error) {
	name := r.PathValue("name")
	if !profileNameRE.MatchString(name) {
		return nil, badParam("name", "want a profile name (letters, digits, '.', '_', '-'), got %q", name)
	}
	since, until, err := dayRangeParams(r)
	if err != nil {
		return nil, err
	}
	if s.opt.Assessor == nil {
		return nil, notFound("no profile %q: no profiles are configured (georisk serve --profiles DIR)", name)
	}
	a, err := s.opt.Assessor.Assess(r.Context(), name, since, until)
	if isNotFound(err) {
		return nil, notFound("no profile %q", name)
	}
	if errors.Is(err, assess.ErrNoEvidence) {
		return nil, &httpError{Code: http.StatusUnprocessableEntity, Msg: fmt.Sprintf("profile %q: no events in the window involve the client's host countries", name), Err: err}
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Server) profilesAPI(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.profiles(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

func (s *Server) assessmentAPI(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assessment(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) assessmentsPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.profiles(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessments", map[string]any{"Title": "Assessments", "Profiles": ps, "Configured": s.opt.Assessor != nil})
	return nil
}

func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assessment(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessment", map[string]any{"Title": "Assessment: " + a.Client, "A": a, "Name": r.PathValue("name"), "Q": r.URL.Query()})
	return nil
}

// docClaims checks the claims of a document (nil without a checker).
func (s *Server) docClaims(body string, published time.Time) []claims.Claim {
	if s.opt.CheckClaims == nil {
		return nil
	}
	return s.opt.CheckClaims(body, published)
}

func (s *Server) claimsAPI(w http.ResponseWriter, r *http.Request) error {
	d, err := s.doc(r)
	if err != nil {
		return err
	}
	cs := s.docClaims(d.Body, d.Published)
	if cs == nil {
		cs = []claims.Claim{}
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

// calibration scores the forecasts by author and draws the reliability
// diagram on a numeric x axis; the SVG is "" when nothing is resolved.
func calibration(fs []store.Forecast) ([]assess.Score, template.HTML, error) {
	byAuthor := assess.Scores(fs, func(f store.Forecast) string { return f.Author })
	c := plot.Chart{Title: "Calibration: share that happened by forecast probability", XLabel: "forecast probability", YLabel: "share that happened"}
	for _, sc := range byAuthor {
		if len(sc.Calibration) == 0 {
			continue
		}
		ser := plot.Series{Name: fmt.Sprintf("%s (%d resolved, Brier %.3f)", sc.Group, sc.Resolved, sc.Brier)}
		for _, b := range sc.Calibration {
			ser.XV, ser.Y = append(ser.XV, b.Mean), append(ser.Y, b.Observed)
		}
		c.Series = append(c.Series, ser)
	}
	if len(c.Series) == 0 {
		return byAuthor, "", nil
	}
	c.Series = append(c.Series, plot.Series{Name: "perfect calibration", XV: []float64{0, 1}, Y: []float64{0, 1}})
	var buf bytes.Buffer
	if err := plot.SVG(&buf, c); err != nil {
		return byAuthor, "", fmt.Errorf("drawing the calibration chart: %w", err)
	}
	return byAuthor, template.HTML(buf.String()), nil // plot's SVG: no scripts, no style attributes
}

func (s *Server) calibrationAPI(w http.ResponseWriter, r *http.Request) error {
	q, err := forecastQuery(r)
	if err != nil {
		return err
	}
	q.Limit, q.Offset = 0, 0
	fs, err := s.opt.Store.Forecasts(r.Context(), q)
	if err != nil {
		return err
	}
	scores, _, err := calibration(fs)
	if err != nil {
		return err
	}
	if scores == nil {
		scores = []assess.Score{}
	}
	writeJSON(w, http.StatusOK, scores)
	return nil
}

// barClass sizes an exposure bar (0–100) with a CSS class, since the CSP
// forbids style attributes.
func barClass(exposure int) string {
	return "w" + strconv.Itoa(max(0, min(100, exposure))/10)
}
