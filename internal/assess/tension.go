package assess

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/georisk/georisk/internal/analyze"
)

// TensionNote is the tension index (internal/analyze) between a host and
// the client's side over the window, with what it was compared with and
// its explanation, so that the number can be recomputed by hand.
type TensionNote struct {
	Host     string   `json:"host"`
	HostName string   `json:"host_name"`
	Against  []string `json:"against"` // the codes of the client's side in the dyad
	// Mean is the mean index over the window's weeks; a driver when it
	// reaches the model's min_index.
	Mean          float64       `json:"mean"`
	Peak          float64       `json:"peak"`
	PeakWeek      time.Time     `json:"peak_week"`
	BaselineSince time.Time     `json:"baseline_since"`
	BaselineUntil time.Time     `json:"baseline_until"`
	Weeks         []TensionWeek `json:"weeks"` // the window's weeks
	Driver        bool          `json:"driver"`
	Explain       string        `json:"explain"` // analyze.Explain over the window's weeks
}

// TensionWeek is one week's index.
type TensionWeek struct {
	Start  time.Time `json:"start"`
	Events int       `json:"events"`
	Index  float64   `json:"index"`
}

// tensionOf computes the weekly tension index of the dyad host–against
// over the baseline and the window, as "georisk index" does: the
// baseline is the model's baseline_weeks before the window's first week.
func tensionOf(ctx context.Context, src EventSource, opt Options, docs *docCache, host string, against []string) (TensionNote, error) {
	m := opt.Model
	first := analyze.Week.Start(opt.Since)
	n := TensionNote{Host: host, HostName: opt.Places.Name(host), Against: against,
		BaselineSince: first.AddDate(0, 0, -7*m.Tension.BaselineWeeks), BaselineUntil: first}
	q := analyze.SeriesQuery{A: []string{host}, B: against, By: analyze.Week, Since: n.BaselineSince, Until: opt.Until,
		StoryOf: func(ctx context.Context, id int64) (int64, string, error) {
			d, err := docs.get(ctx, id)
			if err != nil || d == nil {
				return id, "", err
			}
			return d.StoryID, outlet(d), nil
		}}
	if opt.Rollups != nil {
		q.Rollups = opt.Rollups
	}
	points, err := analyze.Series(ctx, src, q)
	if err != nil {
		return n, fmt.Errorf("tension between %s and the client's side: %w", n.HostName, err)
	}
	totals, err := analyze.Totals(ctx, src, q)
	if err != nil {
		return n, fmt.Errorf("tension between %s and the client's side: total volume: %w", n.HostName, err)
	}
	w := m.Tension.Weights
	base := analyze.Baseline{Since: n.BaselineSince, Until: n.BaselineUntil}
	tps := analyze.Tension(points, base, analyze.TensionOptions{Totals: totals,
		Weights: analyze.Weights{ConflictShare: w.ConflictShare, Hostility: w.Hostility, ConflictVolume: w.ConflictVolume}})
	var in []analyze.TensionPoint
	n.Peak = math.Inf(-1)
	for _, tp := range tps {
		if tp.Start.Before(first) {
			continue
		}
		in = append(in, tp)
		n.Weeks = append(n.Weeks, TensionWeek{Start: tp.Start, Events: tp.Events, Index: round2(tp.Index)})
		n.Mean += tp.Index
		if tp.Index > n.Peak {
			n.Peak, n.PeakWeek = tp.Index, tp.Start
		}
	}
	if len(in) == 0 {
		n.Peak = 0
		return n, nil
	}
	n.Mean = round2(n.Mean / float64(len(in)))
	n.Peak = round2(n.Peak)
	var b bytes.Buffer
	if err := analyze.Explain(&b, in, base, 0); err != nil {
		return n, err
	}
	n.Explain = b.String()
	n.Driver = n.Mean >= m.Tension.MinIndex
	return n, nil
}
