package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	fsys := fstest.MapFS{
		"m/002_b.sql": {Data: []byte("B")},
		"m/001_a.sql": {Data: []byte("A")},
	}
	ms, err := LoadMigrations(fsys, "m")
	if err != nil || len(ms) != 2 || ms[0].Name != "001_a.sql" || ms[1].SQL != "B" {
		t.Fatalf("LoadMigrations = %+v, %v", ms, err)
	}
	fsys["m/002_c.sql"] = &fstest.MapFile{Data: []byte("C")}
	if _, err := LoadMigrations(fsys, "m"); err == nil || !strings.Contains(err.Error(), "same number") {
		t.Errorf("two migrations numbered 2: %v, want an error", err)
	}
	fsys = fstest.MapFS{"m/x_a.sql": {}}
	if _, err := LoadMigrations(fsys, "m"); err == nil {
		t.Error("a migration without a number: no error")
	}
}

func TestPlanMigrations(t *testing.T) {
	ms := []Migration{{1, "001_a.sql", ""}, {2, "002_b.sql", ""}, {4, "004_d.sql", ""}, {5, "005_e.sql", ""}}
	names := func(ms []Migration) (out []string) {
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	for _, tt := range []struct {
		name    string
		applied []int
		upgrade bool
		want    []string
		err     error
	}{
		{"new database gets everything", nil, false, []string{"001_a.sql", "002_b.sql", "004_d.sql", "005_e.sql"}, nil},
		{"current", []int{1, 2, 4, 5}, false, nil, nil},
		{"older without upgrade", []int{1, 2}, false, nil, ErrOldSchema},
		{"older with upgrade", []int{1, 2}, true, []string{"004_d.sql", "005_e.sql"}, nil},
		{"a gap below the newest", []int{1, 2, 5}, true, []string{"004_d.sql"}, nil},
		{"a gap is old too", []int{1, 2, 5}, false, nil, ErrOldSchema},
		{"newer database", []int{1, 2, 4, 5, 6}, true, nil, ErrStaleSchema},
		{"unknown version in the middle", []int{1, 2, 3, 4, 5}, true, nil, ErrStaleSchema},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanMigrations(ms, tt.applied, tt.upgrade)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if g, w := names(got), tt.want; !slices.Equal(g, w) {
				t.Errorf("pending %v, want %v", g, w)
			}
		})
	}
}
