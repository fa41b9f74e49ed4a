package store

import (
	"context"
	"time"
)

// Alerts is the part of the contract that keeps the alerts raised by the
// detectors (see internal/analyze) on watched series.
//
// PutAlerts stores alerts keyed by (Rule, Series, Start, End): a new key is
// added; a stored key is updated in place (detector, severity, value,
// baseline, score, summary, evidence and UpdatedAt change; ID and CreatedAt
// stay), so running the detectors again over the same data creates no
// duplicates. It is atomic per call, sets ID, CreatedAt and UpdatedAt on
// the alerts, and returns how many were new.
//
// ListAlerts returns alerts newest window first (then rule and series);
// an empty result is not an error.
//
// All methods are safe for concurrent use.
type Alerts interface {
	PutAlerts(ctx context.Context, alerts []*Alert) (added int, err error)
	ListAlerts(ctx context.Context, q AlertQuery) ([]Alert, error)
}

// Alert is one unusual movement of a watched series.
type Alert struct {
	ID     int64
	Rule   string // the watch that raised it, or "correlated"
	Series string // what was measured: "CHN->IGOWSTNAT conflict events"
	// Start and End bound the flagged bucket [Start, End), in UTC days.
	Start, End time.Time
	Detector   string // ewma, poisson, negbin, cusum or correlated
	Severity   string // low, medium or high
	Direction  int    // +1 a rise, -1 a fall
	Value      float64
	Baseline   float64
	Score      float64
	Summary    string
	Evidence   []Evidence
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Evidence is one thing an alert rests on: an event and, for a coded
// event, the sentence it was coded from (byte offsets into the document's
// text), or for an imported one the report it cites; for a correlated
// alert, another alert (AlertID).
type Evidence struct {
	EventID   int64     `json:"event_id,omitempty"`
	DocID     int64     `json:"doc_id,omitempty"`
	SentStart int       `json:"sent_start,omitempty"`
	SentEnd   int       `json:"sent_end,omitempty"`
	Date      time.Time `json:"date,omitzero"`
	Code      string    `json:"code,omitempty"`
	Source    string    `json:"source,omitempty"`
	Target    string    `json:"target,omitempty"`
	URL       string    `json:"url,omitempty"`
	Text      string    `json:"text,omitempty"` // the sentence or a short description
	AlertID   int64     `json:"alert_id,omitempty"`
}

// AlertQuery selects alerts. Zero values mean no restriction; Limit 0
// means a default of 50. Since and Until bound the window start (Until is
// exclusive).
type AlertQuery struct {
	Rule         string
	Severity     string // this severity or higher
	Since, Until time.Time
	Limit        int
}

// SeverityRank orders severities: low 1, medium 2, high 3, anything else 0.
func SeverityRank(s string) int {
	switch s {
	case "low":
		return 1
	case "medium":
		return 2
	case "high":
		return 3
	}
	return 0
}
