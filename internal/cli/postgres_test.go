package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// pgURL returns the URL of a fresh schema on the test PostgreSQL server, or
// skips the test when GEORISK_TEST_PG_URL is not set.
func pgURL(t testing.TB) string {
	base := os.Getenv("GEORISK_TEST_PG_URL")
	if base == "" {
		t.Skip("GEORISK_TEST_PG_URL not set: the PostgreSQL end-to-end test needs a server (.ci/run provides one)")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", base, err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("cli_%d", rand.Uint64()%1e12)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestPostgresEndToEnd runs the commands a user runs, with --db naming a
// PostgreSQL server instead of a SQLite file.
func TestPostgresEndToEnd(t *testing.T) {
	db := pgURL(t)
	dir := t.TempDir()
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "seen 40, new 40 (4 copies") {
		t.Fatalf("demo on PostgreSQL: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	again := run(t, dir, "", "demo", "--db", db)
	if !strings.Contains(again.stdout, "seen 40, new 0") {
		t.Errorf("demo again on PostgreSQL added documents:\n%s", again.stdout)
	}
	r := run(t, dir, "", "search", "--db", db, "--json", "gallium")
	var hits []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil || len(hits) < 4 {
		t.Errorf("search on PostgreSQL: %v, %d hits", err, len(hits))
	}
	s, r := importJSON(t, dir, "--db", db, "gdelt", "../source/gdelt/testdata/events.tsv")
	if s.Added == 0 {
		t.Fatalf("import on PostgreSQL: %+v\n%s", s, r.stderr)
	}
	ev := run(t, dir, "", "events", "--db", db, "--origin", "gdelt", "--json", "--limit", "1000")
	var evs []map[string]any
	if err := json.Unmarshal([]byte(ev.stdout), &evs); err != nil || len(evs) != s.Added {
		t.Errorf("events on PostgreSQL: %v, %d events, want %d", err, len(evs), s.Added)
	}
}
