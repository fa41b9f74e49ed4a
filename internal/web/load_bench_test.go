package web

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// Countries of the generated events, weighted: the first ones are in most
// events, as in GDELT, and the last ones in few.
var benchCountries = []string{"USA", "CHN", "RUS", "UKR", "GBR", "FRA", "DEU", "JPN", "IND", "ISR", "IRN", "TWN", "KOR",
	"PRK", "TUR", "PAK", "AFG", "SYR", "IRQ", "SAU", "EGY", "NGA", "ZAF", "BRA", "MEX", "CAN", "AUS", "PHL", "VNM", "IDN",
	"POL", "ITA", "ESP", "SWE", "FIN", "NOR", "HUN", "BLR", "GEO", "ARM", "AZE", "KAZ", "MNG", "MMR", "THA", "LKA", "NPL",
	"ETH", "KEN", "SDN", "LBY", "TUN", "MAR", "DZA", "VEN", "COL", "PER", "CHL", "ARG", "CUB", "ISL", "EST", "LVA", "LTU"}

var benchAgents = []string{"", "", "GOV", "MIL", "BUS", "MED", "OPP", "COP"}

// genEvents makes n events over 2022–2024 with skewed actor frequencies,
// CAMEO codes from the real table and a location on a third of them.
func genEvents(n int, seed uint64) []*event.Event {
	r := rand.New(rand.NewPCG(seed, 7))
	tab := cameo.Load()
	var codes []string
	for _, c := range []string{"010", "013", "020", "036", "040", "042", "043", "046", "051", "057", "061", "071", "090", "111", "112",
		"120", "130", "138", "141", "145", "160", "172", "173", "180", "190", "193", "195", "200"} {
		if _, ok := tab.Lookup(c); ok {
			codes = append(codes, c)
		}
	}
	pick := func() string {
		// Zipf-like: index ~ len * u^2.
		u := r.Float64()
		return benchCountries[int(float64(len(benchCountries))*u*u)]
	}
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*event.Event, n)
	for i := range out {
		a, b := pick(), pick()
		for b == a {
			b = pick()
		}
		code := codes[r.IntN(len(codes))]
		c, _ := tab.Lookup(code)
		e := &event.Event{Origin: event.OriginGDELT, OriginID: strconv.Itoa(1_000_000_000 + int(seed)*10_000_000 + i),
			Date:   start.AddDate(0, 0, r.IntN(3*365)),
			Source: event.Actor{Code: a + benchAgents[r.IntN(len(benchAgents))], Country: a, Name: a},
			Target: event.Actor{Code: b + benchAgents[r.IntN(len(benchAgents))], Country: b, Name: b},
			Code:   code, Root: code[:2], Goldstein: c.Goldstein, Quad: c.Quad, PLOVER: c.PLOVER,
			URL: fmt.Sprintf("https://news%d.example/story/%d", r.IntN(500), r.IntN(300_000)), Mentions: 1 + r.IntN(20)}
		if r.IntN(3) == 0 {
			e.Location = event.Location{Name: "Place " + a, Country: a, Lat: -50 + 110*r.Float64(), Lon: -170 + 340*r.Float64(), HasGeo: true}
		}
		out[i] = e
	}
	return out
}

// BenchmarkReadAPI is the load test of issue 7: the read API over 1 M
// stored events (SQLite, generated) served on loopback, hit by 16
// concurrent clients with a mix of event queries (newest, by actor, by
// dyad, by code and month, by root and quad, a page further down) and
// document lists, for 20,000 requests. It reports requests per second and
// latency percentiles; the targets are ≥ 1,000 req/s and p99 < 50 ms.
// BENCH_EVENTS and BENCH_REQUESTS change the number of stored events and
// of requests. Each kind of query is also timed alone, once, and logged.
func BenchmarkReadAPI(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_EVENTS")); err == nil && v > 0 {
		n = v
	}
	// GEORISK_BENCH_DB keeps the generated database for later runs (with
	// the same BENCH_EVENTS); it is brought to this build's schema.
	file := os.Getenv("GEORISK_BENCH_DB")
	if file == "" {
		file = filepath.Join(b.TempDir(), "load.db")
	}
	_, statErr := os.Stat(file)
	s, err := sqlite.Migrate(b.Context(), file)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if statErr != nil {
		t0 := time.Now()
		for done := 0; done < n; {
			k := min(50_000, n-done)
			if _, err := s.PutEvents(b.Context(), genEvents(k, uint64(done/50_000))); err != nil {
				b.Fatal(err)
			}
			done += k
		}
		b.Logf("stored %d events in %s", n, time.Since(t0).Round(time.Second))
	}
	h, err := New(Options{Store: s})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	r := rand.New(rand.NewPCG(1, 2))
	var paths []string
	for range 2000 {
		c, d := benchCountries[r.IntN(24)], benchCountries[r.IntN(40)]
		month := time.Date(2022+r.IntN(3), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		switch r.IntN(8) {
		case 0:
			paths = append(paths, "/api/events?limit=50")
		case 1:
			paths = append(paths, "/api/events?actor="+c+"&limit=50")
		case 2:
			paths = append(paths, "/api/events?dyad="+c+"-"+d+"&limit=50")
		case 3:
			paths = append(paths, fmt.Sprintf("/api/events?code=19&since=%s&until=%s&limit=50", month.Format(time.DateOnly), month.AddDate(0, 1, 0).Format(time.DateOnly)))
		case 4:
			paths = append(paths, "/api/events?root=14&quad=3&limit=20")
		case 5:
			paths = append(paths, "/api/events?actor="+c+"&offset=200&limit=50")
		case 6:
			paths = append(paths, fmt.Sprintf("/api/events?actor=%s&since=%s&until=%s", c, month.Format(time.DateOnly), month.AddDate(0, 1, 0).Format(time.DateOnly)))
		default:
			paths = append(paths, "/api/documents?limit=20")
		}
	}
	for _, p := range []string{"/api/events?limit=50", "/api/events?actor=CHN&limit=50", "/api/events?actor=ISL&limit=50",
		"/api/events?dyad=CHN-USA&limit=50", "/api/events?dyad=TUR-IRQ&limit=50", "/api/events?dyad=ISL-LTU&limit=50",
		"/api/events?code=19&since=2023-03-01&until=2023-04-01&limit=50", "/api/events?root=14&quad=3&limit=20",
		"/api/events?actor=PAK&offset=200&limit=50", "/api/events?actor=TUR&since=2023-03-01&until=2023-04-01", "/api/documents?limit=20"} {
		t := time.Now()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.Logf("%-65s %d %v", p, resp.StatusCode, time.Since(t).Round(100*time.Microsecond))
	}
	const clients = 16
	total := 20_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_REQUESTS")); err == nil && v > 0 {
		total = v
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}
	b.ResetTimer()
	for b.Loop() {
		var next atomic.Int64
		lat := make([][]time.Duration, clients)
		var failed atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= int64(total) {
						return
					}
					t := time.Now()
					resp, err := client.Get(srv.URL + paths[int(i)%len(paths)])
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						failed.Add(1)
					}
					lat[c] = append(lat[c], time.Since(t))
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		all := slices.Concat(lat...)
		slices.Sort(all)
		q := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
		b.ReportMetric(float64(total)/elapsed.Seconds(), "req/s")
		b.ReportMetric(q(0.5), "p50-ms")
		b.ReportMetric(q(0.99), "p99-ms")
		b.ReportMetric(q(1), "max-ms")
		if failed.Load() > 0 {
			b.Errorf("%d of %d requests failed", failed.Load(), total)
		}
	}
}
