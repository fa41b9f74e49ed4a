package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

type alertJSON struct {
	ID        int64            `json:"id"`
	Rule      string           `json:"rule"`
	Series    string           `json:"series"`
	Start     string           `json:"start"`
	End       string           `json:"end"`
	Detector  string           `json:"detector"`
	Severity  string           `json:"severity"`
	Direction int              `json:"direction"`
	Value     float64          `json:"value"`
	Baseline  float64          `json:"baseline"`
	Score     float64          `json:"score"`
	Summary   string           `json:"summary"`
	Evidence  []store.Evidence `json:"evidence"`
}

// alertQuery reads rule, severity (this or higher), since, until, limit.
func alertQuery(r *http.Request) (store.AlertQuery, error) {
	var q store.AlertQuery
	var err error
	v := r.URL.Query()
	q.Rule = v.Get("rule")
	if q.Severity = v.Get("severity"); q.Severity != "" && store.SeverityRank(q.Severity) == 0 {
		return q, badParam("severity", "want low, medium or high, got %q", q.Severity)
	}
	if q.Since, q.Until, err = dayRangeParams(r); err != nil {
		return q, err
	}
	q.Limit, err = intParam(r, "limit", 50, 1000)
	return q, err
}

func toAlertJSON(a store.Alert) alertJSON {
	ev := a.Evidence
	if ev == nil {
		ev = []store.Evidence{}
	}
	return alertJSON{ID: a.ID, Rule: a.Rule, Series: a.Series, Start: a.Start.Format(time.DateOnly), End: a.End.Format(time.DateOnly),
		Detector: a.Detector, Severity: a.Severity, Direction: a.Direction, Value: a.Value, Baseline: a.Baseline, Score: a.Score,
		Summary: a.Summary, Evidence: ev}
}

func (s *Server) alertsAPI(w http.ResponseWriter, r *http.Request) error {
	q, err := alertQuery(r)
	if err != nil {
		return err
	}
	as, err := s.opt.Store.ListAlerts(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]alertJSON, 0, len(as))
	for _, a := range as {
		out = append(out, toAlertJSON(a))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := alertQuery(r)
	if err != nil {
		return err
	}
	as, err := s.opt.Store.ListAlerts(r.Context(), q)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "alerts", map[string]any{"Title": "Alerts", "Alerts": as, "Q": r.URL.Query()})
	return nil
}

type forecastJSON struct {
	ID          int64    `json:"id"`
	Author      string   `json:"author"`
	Topic       string   `json:"topic"`
	Question    string   `json:"question"`
	Text        string   `json:"text"`
	Term        string   `json:"term"`
	Probability *float64 `json:"probability,omitempty"`
	Made        string   `json:"made"`
	Horizon     string   `json:"horizon,omitempty"`
	DocID       int64    `json:"doc_id,omitempty"`
	Resolved    bool     `json:"resolved"`
	Outcome     *bool    `json:"outcome,omitempty"`
	ResolvedAt  string   `json:"resolved_at,omitempty"`
}

func forecastQuery(r *http.Request) (store.ForecastQuery, error) {
	var q store.ForecastQuery
	var err error
	v := r.URL.Query()
	q.Author, q.Topic = v.Get("author"), v.Get("topic")
	switch st := v.Get("status"); st {
	case "", "all":
	case "open":
		q.Open = true
	case "resolved":
		q.Resolved = true
	default:
		return q, badParam("status", "want open, resolved or all, got %q", st)
	}
	if q.Limit, err = intParam(r, "limit", 100, 1000); err != nil {
		return q, err
	}
	q.Offset, err = intParam(r, "offset", 0, 1_000_000)
	return q, err
}

func toForecastJSON(f store.Forecast) forecastJSON {
	j := forecastJSON{ID: f.ID, Author: f.Author, Topic: f.Topic, Question: f.Question, Text: strings.TrimSpace(f.Text), Term: f.Term,
		Made: f.Made.Format(time.DateOnly), DocID: f.DocID}
	if f.HasProbability {
		p := f.Probability
		j.Probability = &p
	}
	if !f.Horizon.IsZero() {
		j.Horizon = f.Horizon.Format(time.DateOnly)
	}
	if f.Resolution != nil {
		o := f.Resolution.Outcome
		j.Resolved, j.Outcome, j.ResolvedAt = true, &o, f.Resolution.At.Format(time.DateOnly)
	}
	return j
}

func (s *Server) forecastsAPI(w http.ResponseWriter, r *http.Request) error {
	q, err := forecastQuery(r)
	if err != nil {
		return err
	}
	fs, err := s.opt.Store.Forecasts(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]forecastJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, toForecastJSON(f))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// ledgerPage lists forecasts with a Brier score over the resolved ones.
func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) error {
	q, err := forecastQuery(r)
	if err != nil {
		return err
	}
	fs, err := s.opt.Store.Forecasts(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]forecastJSON, 0, len(fs))
	var brier float64
	scored := 0
	for _, f := range fs {
		out = append(out, toForecastJSON(f))
		if f.Resolution != nil && f.HasProbability {
			o := 0.0
			if f.Resolution.Outcome {
				o = 1
			}
			brier += (f.Probability - o) * (f.Probability - o)
			scored++
		}
	}
	if scored > 0 {
		brier /= float64(scored)
	}
	all := fs
	if q.Limit != 0 || q.Offset != 0 { // the chart covers every forecast of the filter, not one page
		cq := q
		cq.Limit, cq.Offset = 0, 0
		if all, err = s.opt.Store.Forecasts(r.Context(), cq); err != nil {
			return err
		}
	}
	scores, chart, err := calibration(all)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "ledger", map[string]any{"Title": "Forecast ledger", "Forecasts": out, "Scored": scored, "Brier": brier, "Q": r.URL.Query(),
		"Scores": scores, "Chart": chart})
	return nil
}
