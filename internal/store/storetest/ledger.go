package storetest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/store"
)

// RunLedger runs the conformance suite of the forecast ledger; each
// subtest gets a fresh store.
func RunLedger(t *testing.T, open Opener) {
	runSuite(t, open, []suiteTest{
		{"RoundTrip", testLedgerRoundTrip},
		{"Idempotent", testLedgerIdempotent},
		{"Resolve", testLedgerResolve},
		{"Filters", testLedgerFilters},
		{"Concurrent", testLedgerConcurrent},
	})
}

func sampleForecasts() []*store.Forecast {
	return []*store.Forecast{
		{Key: "georisk:Kestrel:coercion:2023-09-01", Author: "georisk", Topic: "coercion",
			Question: "Will Kestrel face economic coercion by China between 1 September 2023 and 30 November 2023?",
			Text:     "We assess that Kestrel is likely (55–80%) to face economic coercion by China by 30 November 2023.",
			Term:     "likely", Probability: 0.62, HasProbability: true, Made: day("2023-09-01"), Horizon: day("2023-11-30")},
		{Key: "doc:7:1200", Author: "Pamir", Topic: "China", Question: "China is certain to exploit apparent divisions.",
			Text: "China is certain to exploit apparent divisions.", Term: "is certain to", Made: day("2023-08-09"), DocID: 7},
	}
}

func testLedgerRoundTrip(t *testing.T, s store.Store) {
	ctx := t.Context()
	fs := sampleForecasts()
	n, err := s.PutForecasts(ctx, fs)
	if err != nil || n != 2 {
		t.Fatalf("PutForecasts: %d, %v; want 2 added", n, err)
	}
	for _, f := range fs {
		if f.ID == 0 {
			t.Errorf("forecast %s got no ID", f.Key)
		}
		got, err := s.Forecast(ctx, f.ID)
		if err != nil {
			t.Fatalf("Forecast(%d): %v", f.ID, err)
		}
		if d := cmp.Diff(*f, got, cmpopts.EquateApproxTime(time.Second)); d != "" {
			t.Errorf("forecast %s (-want +got):\n%s", f.Key, d)
		}
	}
	all, err := s.Forecasts(ctx, store.ForecastQuery{})
	if err != nil || len(all) != 2 {
		t.Fatalf("Forecasts: %d, %v", len(all), err)
	}
	if all[0].Key != "doc:7:1200" {
		t.Errorf("Forecasts lists %s first; want the oldest (doc:7:1200)", all[0].Key)
	}
	if all[0].HasProbability {
		t.Errorf("a forecast without a probability came back with one: %v", all[0].Probability)
	}
	if _, err := s.Forecast(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Forecast of an unknown id: %v, want ErrNotFound", err)
	}
}

func testLedgerIdempotent(t *testing.T, s store.Store) {
	ctx := t.Context()
	first := sampleForecasts()
	if _, err := s.PutForecasts(ctx, first); err != nil {
		t.Fatal(err)
	}
	again := sampleForecasts()
	again[0].Probability = 0.9 // a later run must not rewrite the forecast as made
	n, err := s.PutForecasts(ctx, again)
	if err != nil || n != 0 {
		t.Fatalf("PutForecasts again: %d added, %v; want 0", n, err)
	}
	if again[0].ID != first[0].ID {
		t.Errorf("the repeated forecast got ID %d, want the stored %d", again[0].ID, first[0].ID)
	}
	got, err := s.Forecast(ctx, first[0].ID)
	if err != nil || got.Probability != 0.62 {
		t.Errorf("forecast after a repeat: p=%v, %v; want 0.62 as first made", got.Probability, err)
	}
	all, _ := s.Forecasts(ctx, store.ForecastQuery{})
	if len(all) != 2 {
		t.Errorf("%d forecasts stored, want 2", len(all))
	}
}

func testLedgerResolve(t *testing.T, s store.Store) {
	ctx := t.Context()
	fs := sampleForecasts()
	if _, err := s.PutForecasts(ctx, fs); err != nil {
		t.Fatal(err)
	}
	r := store.Resolution{Outcome: true, At: day("2023-12-01"), Note: "customs hold on the Tianjin plant reported"}
	if err := s.ResolveForecast(ctx, fs[0].ID, r); err != nil {
		t.Fatalf("ResolveForecast: %v", err)
	}
	got, err := s.Forecast(ctx, fs[0].ID)
	if err != nil || got.Resolution == nil {
		t.Fatalf("resolved forecast: %+v, %v", got, err)
	}
	if d := cmp.Diff(r, *got.Resolution, cmpopts.EquateApproxTime(time.Second)); d != "" {
		t.Errorf("resolution (-want +got):\n%s", d)
	}
	r.Outcome, r.Note = false, "reversed: the hold was routine"
	if err := s.ResolveForecast(ctx, fs[0].ID, r); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Forecast(ctx, fs[0].ID); got.Resolution == nil || got.Resolution.Outcome || got.Resolution.Note != r.Note {
		t.Errorf("resolving again did not replace the outcome: %+v", got.Resolution)
	}
	err = s.ResolveForecast(ctx, 424242, store.Resolution{Outcome: true, At: day("2023-12-01")})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ResolveForecast of an unknown id: %v, want ErrNotFound", err)
	}
	if open, _ := s.Forecasts(ctx, store.ForecastQuery{Open: true}); len(open) != 1 || open[0].ID != fs[1].ID {
		t.Errorf("open forecasts after one resolution: %+v", open)
	}
}

func testLedgerFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	if _, err := s.PutForecasts(ctx, sampleForecasts()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    store.ForecastQuery
		want int
	}{
		{store.ForecastQuery{Author: "Pamir"}, 1},
		{store.ForecastQuery{Author: "nobody"}, 0},
		{store.ForecastQuery{Topic: "coercion"}, 1},
		{store.ForecastQuery{Resolved: true}, 0},
		{store.ForecastQuery{Limit: 1}, 1},
		{store.ForecastQuery{Offset: 1}, 1},
	} {
		got, err := s.Forecasts(ctx, tt.q)
		if err != nil || len(got) != tt.want {
			t.Errorf("Forecasts(%+v): %d, %v; want %d", tt.q, len(got), err, tt.want)
		}
	}
}

func testLedgerConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			if _, err := s.PutForecasts(ctx, sampleForecasts()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent PutForecasts: %v", err)
	}
	if all, _ := s.Forecasts(ctx, store.ForecastQuery{}); len(all) != 2 {
		t.Errorf("%d forecasts after concurrent writes of the same two, want 2", len(all))
	}
}
