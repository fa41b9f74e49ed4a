package store

import (
	"context"
	"time"
)

// Ledger is the part of the contract that keeps forecasts and their
// outcomes: georisk's own judgments and those found in ingested text.
//
// PutForecasts stores forecasts keyed by Key in one transaction. A key
// already stored is left alone — a forecast stands as first made — so
// recording the same assessment twice adds nothing. It sets ID on every
// forecast (the stored one's for an existing key) and returns how many were
// new.
//
// ResolveForecast records a forecast's outcome; resolving again replaces
// the outcome. It returns ErrNotFound (wrapped) for an unknown id and
// changes nothing then.
//
// All methods are safe for concurrent use.
type Ledger interface {
	PutForecasts(ctx context.Context, fs []*Forecast) (int, error)
	// Forecasts lists forecasts, oldest first (by Made, then ID).
	Forecasts(ctx context.Context, q ForecastQuery) ([]Forecast, error)
	Forecast(ctx context.Context, id int64) (Forecast, error)
	ResolveForecast(ctx context.Context, id int64, r Resolution) error
}

// Forecast is a judgment with a question that can be resolved yes or no.
type Forecast struct {
	ID       int64
	Key      string // identity: "georisk:<client>:<risk>:<made>", "doc:<id>:<offset>"
	Author   string // "georisk", or who judged in an ingested text ("Pamir")
	Topic    string // the risk or subject ("coercion", "China")
	Question string
	Text     string // the judgment as written
	Term     string // the estimative term ("likely", "may")
	// Probability is the forecast's point probability; HasProbability is
	// false for terms without a calibrated one (may, could, certain).
	Probability    float64
	HasProbability bool
	Made           time.Time
	Horizon        time.Time // zero when the judgment gave none
	DocID          int64     // the document it was found in, 0 for georisk's own
	Resolution     *Resolution
}

// Resolution is a forecast's outcome.
type Resolution struct {
	Outcome bool // the event forecast happened
	At      time.Time
	Note    string
}

// ForecastQuery selects forecasts. Zero values mean no restriction; Limit
// 0 means all.
type ForecastQuery struct {
	Author   string
	Topic    string
	Open     bool // only unresolved ones
	Resolved bool // only resolved ones
	Limit    int
	Offset   int
}
