package store

import (
	"context"
	"time"
)

// Rollups is the part of the contract that keeps daily rollups of the
// stored events, so that series and indices over millions of events read
// thousands of cells. A cell counts the events of one day, origin, source
// code, target code, CAMEO root and quad class, with their Goldstein sum.
// Backends keep the cells current as events are stored, replaced and
// deleted (in the same transaction), so a reader never sees rollups that
// disagree with the events.
//
// RollupCells returns the cells matching q, in no particular order; a cell
// matching several of q's conditions is returned once. DayTotals returns
// the events of each day (all actors), per origin, oldest first.
// RebuildRollups recomputes every cell from the events and returns how many
// cells there are.
//
// All methods are safe for concurrent use.
type Rollups interface {
	RollupCells(ctx context.Context, q RollupQuery) ([]RollupCell, error)
	DayTotals(ctx context.Context, since, until time.Time) ([]DayTotal, error)
	RebuildRollups(ctx context.Context) (int64, error)
}

// RollupQuery selects cells like EventQuery selects events: Actor matches a
// source or target code prefix, DyadA and DyadB a pair of prefixes (in
// either direction unless Directed). Since and Until bound the day (Until
// exclusive) and are required. Origin "" is every origin; ExcludeOrigin
// leaves one out.
type RollupQuery struct {
	Actor         string
	DyadA, DyadB  string
	Directed      bool
	Origin        string
	ExcludeOrigin string
	Since, Until  time.Time
}

// RollupCell is the events of one day, origin, source, target, root and
// quad.
type RollupCell struct {
	Day       time.Time
	Origin    string
	Src, Tgt  string
	Root      string
	Quad      int
	N         int64
	Goldstein float64 // sum
}

// DayTotal is all the events of one day and origin.
type DayTotal struct {
	Day      time.Time
	Origin   string
	N        int64
	Conflict int64 // quads 3 and 4
}
