package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract/fingerprint"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

// serverURL is the server the tests run against, from GEORISK_TEST_PG_URL;
// without it the test is skipped.
func serverURL(t testing.TB) string {
	u := os.Getenv("GEORISK_TEST_PG_URL")
	if u == "" {
		t.Skip("GEORISK_TEST_PG_URL not set: skipping the PostgreSQL tests (set it to a postgres:// URL of a server where the user may create schemas)")
	}
	return u
}

// freshSchema creates an empty schema, dropped when the test ends, and
// returns a URL whose connections use it.
func freshSchema(t testing.TB) string {
	base := serverURL(t)
	name := fmt.Sprintf("t_%d_%08x", time.Now().Unix(), rand.Uint32())
	conn, err := pgx.Connect(context.Background(), base)
	if err != nil {
		t.Fatalf("connecting to GEORISK_TEST_PG_URL: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Errorf("dropping schema %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", name, err)
		}
	})
	return withSearchPath(t, base, name)
}

// withSearchPath adds search_path to a URL or key=value connection string.
func withSearchPath(t testing.TB, base, schema string) string {
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		return base + " search_path=" + schema
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("GEORISK_TEST_PG_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, u string) *Store {
	t.Helper()
	s, err := Open(context.Background(), u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	serverURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, freshSchema(t))
	})
}

// TestMigrateOnce opens one empty schema from several processes' worth of
// pools at once: each Open succeeds and every migration is applied once.
func TestMigrateOnce(t *testing.T) {
	u := freshSchema(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	stores := make([]*Store, n)
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), u) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows, latest int
	err := stores[0].pool.QueryRow(t.Context(), `SELECT COUNT(*), MAX(version) FROM schema_version`).Scan(&rows, &latest)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(ms) || latest != SchemaVersion() {
		t.Errorf("schema_version has %d rows up to %d, want %d up to %d", rows, latest, len(ms), SchemaVersion())
	}
}

func TestStaleSchema(t *testing.T) {
	u := freshSchema(t)
	s := open(t, u)
	if _, err := s.pool.Exec(t.Context(), `INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', now())`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(t.Context(), u)
	if !errors.Is(err, store.ErrStaleSchema) {
		t.Errorf("Open of a newer database: error %v, want ErrStaleSchema", err)
	}
}

func TestReopen(t *testing.T) {
	u := freshSchema(t)
	for range 2 {
		s := open(t, u)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBadURL(t *testing.T) {
	_, err := Open(t.Context(), "postgres://user:secret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("Open of an unreachable server succeeded")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error reveals the password: %v", err)
	}
}

// body makes a story body of about 60 distinct words; variant n changes its
// last sentence, so that variants of one story are near copies.
func body(story, variant int) string {
	var b strings.Builder
	for i := range 60 {
		fmt.Fprintf(&b, "story%d word%d ", story, i)
	}
	fmt.Fprintf(&b, "Filed as report number %d.", variant)
	return b.String()
}

func newDoc(key, text string) *event.Document {
	fp := fingerprint.Compute(text)
	return &event.Document{Key: key, Source: "wire", Format: "text", Lang: "en", Title: key, Body: text,
		Raw: []byte(text), TextHash: fp.Hash, MinHash: fp.MinHash}
}

// TestConcurrentPutDocs stores overlapping batches through two Stores (two
// pools, as two processes would): every key is stored once, and the copies
// of each story, exact and near, all join one story.
func TestConcurrentPutDocs(t *testing.T) {
	u := freshSchema(t)
	a, b := open(t, u), open(t, u)
	defer a.Close()
	defer b.Close()
	const stories, perWriter, writers = 5, 60, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		s := a
		if w%2 == 1 {
			s = b
		}
		wg.Go(func() {
			var docs []*event.Document
			for i := range perWriter {
				k := i // even i: keys shared by all writers
				if i%2 == 1 {
					k = 1000*(w+1) + i
				}
				text := body(k%stories, k)
				if i%3 == 0 {
					text = body(k%stories, -1) // an exact copy of every other such one
				}
				docs = append(docs, newDoc(fmt.Sprintf("k%d", k), text))
			}
			rand.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
			for len(docs) > 0 {
				n := min(7, len(docs))
				if _, err := s.PutDocs(context.Background(), docs[:n]); err != nil {
					errs <- err
					return
				}
				docs = docs[n:]
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent PutDocs: %v", err)
	}
	st, err := a.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(perWriter/2 + writers*perWriter/2); st.Documents != want {
		t.Errorf("Documents = %d, want %d", st.Documents, want)
	}
	if st.Stories != stories {
		t.Errorf("Stories = %d, want %d", st.Stories, stories)
	}
	// Every copy points at a document of its own story stored before it.
	var bad int
	err = a.pool.QueryRow(t.Context(), `SELECT COUNT(*) FROM documents d LEFT JOIN documents o ON o.id = d.copy_of
		WHERE d.copy_of IS NOT NULL AND (o.id IS NULL OR o.story_id <> d.story_id OR o.id >= d.id)
		   OR d.copy_of IS NULL AND d.story_id <> d.id`).Scan(&bad)
	if err != nil || bad != 0 {
		t.Errorf("%d documents with an inconsistent story (%v)", bad, err)
	}
}

func gen(origin string, i int, date time.Time) *event.Event {
	return &event.Event{
		Origin: origin, OriginID: fmt.Sprint(i), Date: date,
		Source: event.Actor{Code: "CHNGOV", Country: "CHN"}, Target: event.Actor{Code: "USAGOV", Country: "USA"},
		Code: "036", Root: "03", Goldstein: 4, Quad: 1, Mentions: i % 7, Tone: -1.25,
		Location:   event.Location{Name: "Beijing", Country: "CHN", Lat: 39.9, Lon: 116.4, HasGeo: true},
		URL:        fmt.Sprintf("https://example.org/%d", i),
		Attrs:      map[string]string{"IsRootEvent": "1"},
		Updated:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Evidence:   event.Evidence{},
		Fatalities: 0,
	}
}

// TestEventPartitions checks that rows land in their month's partition,
// that a revision moving an event to another month moves its row, and that
// re-importing changes nothing.
func TestEventPartitions(t *testing.T) {
	s := open(t, freshSchema(t))
	defer s.Close()
	ctx := t.Context()
	var in []*event.Event
	for i := range 90 {
		in = append(in, gen("gdelt", i, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 4*i)))
	}
	c, err := s.PutEvents(ctx, in)
	if err != nil || c.Added != 90 {
		t.Fatalf("PutEvents = %+v, %v", c, err)
	}
	parts := func() map[string]int {
		m := map[string]int{}
		rows, _ := s.pool.Query(ctx, `SELECT tableoid::regclass::text, COUNT(*) FROM events GROUP BY 1`)
		var name string
		var n int
		if _, err := pgx.ForEachRow(rows, []any{&name, &n}, func() error { m[name] = n; return nil }); err != nil {
			t.Fatal(err)
		}
		return m
	}
	got := parts()
	if len(got) != 12 || got["events_y2023m01"] != 8 || got["events_default"] != 0 {
		t.Errorf("rows by partition = %v, want 12 months from events_y2023m01 (8 rows)", got)
	}
	again := make([]*event.Event, len(in))
	for i := range in {
		again[i] = gen("gdelt", i, in[i].Date)
	}
	if c, err := s.PutEvents(ctx, again); err != nil || c.Unchanged != 90 {
		t.Errorf("PutEvents again = %+v, %v; want 90 unchanged", c, err)
	}
	moved := gen("gdelt", 0, time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC))
	moved.Updated = moved.Updated.Add(time.Hour)
	if c, err := s.PutEvents(ctx, []*event.Event{moved}); err != nil || c.Replaced != 1 {
		t.Fatalf("PutEvents(moved) = %+v, %v", c, err)
	}
	if moved.ID != in[0].ID {
		t.Errorf("replaced event has ID %d, want %d", moved.ID, in[0].ID)
	}
	got = parts()
	if got["events_y2025m03"] != 1 || got["events_y2023m01"] != 7 {
		t.Errorf("after moving an event, rows by partition = %v", got)
	}
	es, err := s.ListEvents(ctx, store.EventQuery{Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(es) != 1 || es[0].ID != in[0].ID {
		t.Errorf("ListEvents(2025) = %v, %v", es, err)
	}
	// A key repeated in one call: added, then replaced by the revision.
	dup := []*event.Event{gen("acled", 1, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)), gen("acled", 1, time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC))}
	dup[1].Updated = dup[1].Updated.Add(time.Hour)
	if c, err := s.PutEvents(ctx, dup); err != nil || c != (store.EventCounts{Added: 1, Replaced: 1}) || dup[0].ID != dup[1].ID {
		t.Errorf("PutEvents(repeated key) = %+v, %v; IDs %d %d", c, err, dup[0].ID, dup[1].ID)
	}
	if es, _ := s.ListEvents(ctx, store.EventQuery{Origin: "acled"}); len(es) != 1 || !es[0].Date.Equal(dup[1].Date) {
		t.Errorf("after a repeated key: %+v", es)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Events != 91 {
		t.Errorf("Stats.Events = %d, %v; want 91", st.Events, err)
	}
}

// TestConcurrentPutEvents has writers on two Stores put the same keys at
// the same moment, round after round: each key is added once, the losers of
// the races on a key are retried and find it stored, and nothing fails.
func TestConcurrentPutEvents(t *testing.T) {
	u := freshSchema(t)
	a, b := open(t, u), open(t, u)
	defer a.Close()
	defer b.Close()
	const writers, rounds, perRound = 4, 10, 40
	var mu sync.Mutex
	var total store.EventCounts
	for r := range rounds {
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, writers)
		for w := range writers {
			s := a
			if w%2 == 1 {
				s = b
			}
			var evs []*event.Event
			for _, k := range rand.Perm(perRound) {
				k += r * perRound
				evs = append(evs, gen("gdelt", k, time.Date(2023, time.Month(1+k%12), 1+k%28, 0, 0, 0, 0, time.UTC)))
			}
			wg.Go(func() {
				<-start
				c, err := s.PutEvents(context.Background(), evs)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				total.Added, total.Unchanged, total.Replaced = total.Added+c.Added, total.Unchanged+c.Unchanged, total.Replaced+c.Replaced
				mu.Unlock()
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent PutEvents: %v", err)
		}
	}
	const keys = rounds * perRound
	if total != (store.EventCounts{Added: keys, Unchanged: (writers - 1) * keys}) {
		t.Errorf("counts = %+v, want %d added and the rest unchanged", total, keys)
	}
	var n, distinct int
	if err := a.pool.QueryRow(t.Context(), `SELECT COUNT(*), COUNT(DISTINCT id) FROM events`).Scan(&n, &distinct); err != nil || n != keys || distinct != keys {
		t.Errorf("events has %d rows, %d IDs (%v), want %d", n, distinct, err, keys)
	}

	// Then every writer revises every key at once, writer w with revision
	// time +w hours: the latest revision wins wherever it was written.
	total = store.EventCounts{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, writers)
	for w := range writers {
		s := a
		if w%2 == 1 {
			s = b
		}
		var evs []*event.Event
		for _, k := range rand.Perm(keys) {
			e := gen("gdelt", k, time.Date(2024, time.Month(1+w), 1, 0, 0, 0, 0, time.UTC))
			e.Updated, e.Mentions = e.Updated.Add(time.Duration(w+1)*time.Hour), w
			evs = append(evs, e)
		}
		wg.Go(func() {
			<-start
			for len(evs) > 0 {
				n := min(100, len(evs))
				c, err := s.PutEvents(context.Background(), evs[:n])
				if err != nil {
					errs <- err
					return
				}
				evs = evs[n:]
				mu.Lock()
				total.Added, total.Unchanged, total.Replaced = total.Added+c.Added, total.Unchanged+c.Unchanged, total.Replaced+c.Replaced
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent revisions: %v", err)
	}
	if total.Added != 0 || total.Replaced+total.Unchanged != writers*keys || total.Replaced < keys {
		t.Errorf("revision counts = %+v, want no additions and at least %d replacements", total, keys)
	}
	es, err := a.ListEvents(t.Context(), store.EventQuery{Limit: 2 * keys})
	if err != nil || len(es) != keys {
		t.Fatalf("ListEvents = %d events, %v; want %d", len(es), err, keys)
	}
	for _, e := range es {
		if e.Mentions != writers-1 || e.Date.Month() != time.Month(writers) {
			t.Errorf("event %s holds the revision of writer %d (%v), want the latest, of writer %d", e.OriginID, e.Mentions, e.Date, writers-1)
			break
		}
	}
}

// TestSearchSyntax checks the FTS5 spellings Search accepts besides
// web-search syntax.
func TestSearchSyntax(t *testing.T) {
	s := open(t, freshSchema(t))
	defer s.Close()
	docs := []*event.Document{
		newDoc("talks", "Negotiators from both sides resumed negotiations in Geneva on Monday about the ceasefire."),
		newDoc("trade", "Trade ministers met in Geneva to discuss tariffs on steel and aluminium."),
	}
	if _, err := s.PutDocs(t.Context(), docs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q      string
		want   []string
		reason string
	}{
		{"negotiat*", []string{"talks"}, "prefix term"},
		{"Geneva NOT ceasefire", []string{"trade"}, "NOT excludes"},
		{"Geneva -tariffs", []string{"talks"}, "web-search exclusion"},
		{"Geneva AND steel", []string{"trade"}, "AND is implicit"},
		{"minist* OR ceasefire", []string{"talks", "trade"}, "prefix in OR"},
		{"the", nil, "stop words only: nothing, no error"},
		{`"(unbalanced`, nil, "stray syntax: no error"},
	}
	for _, tt := range tests {
		hits, err := s.Search(t.Context(), store.SearchQuery{Text: tt.q})
		if err != nil {
			t.Errorf("Search(%q): %v", tt.q, err)
			continue
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Doc.Key)
		}
		if fmt.Sprint(slices.Sorted(slices.Values(got))) != fmt.Sprint(tt.want) {
			t.Errorf("Search(%q) = %v, want %v [%s]", tt.q, got, tt.want, tt.reason)
		}
	}
}

// TestConcurrentPutCoded re-codes the same documents from two Stores at
// once: every call succeeds and each document ends with one coder's
// results, not a mixture or a sum.
func TestConcurrentPutCoded(t *testing.T) {
	u := freshSchema(t)
	a, b := open(t, u), open(t, u)
	defer a.Close()
	defer b.Close()
	var docs []*event.Document
	for i := range 5 {
		docs = append(docs, newDoc(fmt.Sprintf("d%d", i), body(i, 0)))
	}
	if _, err := a.PutDocs(t.Context(), docs); err != nil {
		t.Fatal(err)
	}
	coded := func(version string, n int) []store.CodedDoc {
		var out []store.CodedDoc
		for _, d := range docs {
			cd := store.CodedDoc{DocID: d.ID, Version: version}
			for i := range n {
				cd.Events = append(cd.Events, gen("", i, time.Date(2023, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)))
			}
			cd.Quotes = []*event.Quote{{Text: "quoted " + version, Date: time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC)}}
			out = append(out, cd)
		}
		return out
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		s := a
		if w%2 == 1 {
			s = b
		}
		wg.Go(func() {
			if err := s.PutCoded(context.Background(), coded(fmt.Sprintf("v%d", w), 3+w%3)); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent PutCoded: %v", err)
	}
	for _, d := range docs {
		es, err := a.ListEvents(t.Context(), store.EventQuery{DocID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		qs, err := a.ListQuotes(t.Context(), store.TextQuery{DocID: d.ID})
		if err != nil || len(qs) != 1 {
			t.Fatalf("document %d has quotes %+v (%v), want one", d.ID, qs, err)
		}
		var w int
		fmt.Sscanf(qs[0].Text, "quoted v%d", &w)
		if len(es) != 3+w%3 {
			t.Errorf("document %d: %d events with the quote of coder v%d, want %d", d.ID, len(es), w, 3+w%3)
		}
	}
}

// TestOldSchema builds a schema at the first migration, as an older georisk
// left it: Open refuses it, Migrate upgrades it, and Open then works.
func TestOldSchema(t *testing.T) {
	u := freshSchema(t)
	ms, err := loadMigrations()
	if err != nil || len(ms) < 2 {
		t.Fatalf("migrations: %v (%d)", err, len(ms))
	}
	conn, err := pgx.Connect(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
		ms[0].SQL, `INSERT INTO schema_version VALUES (1, 'old', now())`} {
		if _, err := conn.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close(context.Background())
	if _, err := Open(context.Background(), u); !errors.Is(err, store.ErrOldSchema) || !strings.Contains(err.Error(), "georisk migrate") {
		t.Fatalf("Open of an old schema: %v, want ErrOldSchema saying to run georisk migrate", err)
	}
	s, err := Migrate(context.Background(), u)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	s.Close()
	open(t, u).Close()
}
