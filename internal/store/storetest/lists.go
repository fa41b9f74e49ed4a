package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/store"
)

// RunLists runs the conformance suite of restricted-party lists and
// screening hits; each subtest gets a fresh store.
func RunLists(t *testing.T, open Opener) {
	runSuite(t, open, []suiteTest{
		{"RoundTrip", testListsRoundTrip},
		{"Replace", testListsReplace},
		{"FailedImportKeepsVersion", testListsFailedImport},
		{"Duplicates", testListsDuplicates},
		{"ScreenHits", testScreenHits},
		{"Concurrent", testListsConcurrent},
	})
}

func sampleEntries() []store.ListEntry {
	return []store.ListEntry{
		{ID: "E1", Type: "org", Name: "Lanting Photonics Co., Ltd.", Aliases: []string{"蓝庭光电有限公司"}, Countries: []string{"CN"},
			IDs: []string{"USCC 91340100MA2N00001X"}, Programs: []string{"EL"}, Source: "Entity List", Remarks: "our own example"},
		{ID: "E2", Type: "person", Name: "Boris KALININ", WeakAliases: []string{"Borya"}, DOBs: []string{"1971-03-04"}, Countries: []string{"RU"}},
		{ID: "E3", Name: "Northgate Circuit Trading"},
	}
}

func testListsRoundTrip(t *testing.T, s store.Store) {
	ctx := t.Context()
	info := &store.ListInfo{Name: "demo", Format: "csv", Version: "2025-01-02", Source: "demo.csv"}
	if err := s.PutList(ctx, info, sampleEntries()); err != nil {
		t.Fatal(err)
	}
	if info.Entries != 3 || info.Imported.IsZero() {
		t.Errorf("PutList set %+v, want 3 entries and an import time", info)
	}
	infos, err := s.ListInfos(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.ListInfo{*info}, infos); diff != "" {
		t.Errorf("ListInfos (-want +got):\n%s", diff)
	}
	got, err := s.ListEntries(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	want := sampleEntries()
	for i := range want {
		want[i].List = "demo"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListEntries (-want +got):\n%s", diff)
	}
	if none, err := s.ListEntries(ctx, "absent"); err != nil || len(none) != 0 {
		t.Errorf("ListEntries(absent) = %v, %v", none, err)
	}
}

func testListsReplace(t *testing.T, s store.Store) {
	ctx := t.Context()
	if err := s.PutList(ctx, &store.ListInfo{Name: "a", Format: "csv", Version: "2025-01-01"}, sampleEntries()); err != nil {
		t.Fatal(err)
	}
	if err := s.PutList(ctx, &store.ListInfo{Name: "b", Format: "un"}, sampleEntries()[:1]); err != nil {
		t.Fatal(err)
	}
	next := []store.ListEntry{{ID: "E9", Type: "org", Name: "Only Entry Left"}}
	if err := s.PutList(ctx, &store.ListInfo{Name: "a", Format: "csv", Version: "2025-02-01"}, next); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListEntries(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "E9" {
		t.Errorf("after re-import, entries of a = %+v, want only E9", got)
	}
	all, err := s.ListEntries(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].List != "a" || all[1].List != "b" {
		t.Errorf("all entries = %+v, want a/E9 and b/E1", all)
	}
	infos, _ := s.ListInfos(ctx)
	if len(infos) != 2 || infos[0].Version != "2025-02-01" || infos[0].Entries != 1 {
		t.Errorf("ListInfos = %+v", infos)
	}
}

// testListsFailedImport checks that an import that fails leaves the
// previous version whole.
func testListsFailedImport(t *testing.T, s store.Store) {
	ctx := t.Context()
	if err := s.PutList(ctx, &store.ListInfo{Name: "a", Format: "csv", Version: "v1"}, sampleEntries()); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.PutList(cancelled, &store.ListInfo{Name: "a", Format: "csv", Version: "v2"}, sampleEntries()[:1]); err == nil {
		t.Fatal("PutList with a cancelled context succeeded")
	}
	got, _ := s.ListEntries(ctx, "a")
	infos, _ := s.ListInfos(ctx)
	if len(got) != 3 || len(infos) != 1 || infos[0].Version != "v1" {
		t.Errorf("after a failed import: %d entries, lists %+v; want the 3 entries of v1", len(got), infos)
	}
}

func testListsDuplicates(t *testing.T, s store.Store) {
	ctx := t.Context()
	es := []store.ListEntry{{ID: "X", Name: "First"}, {ID: "Y", Name: "Other"}, {ID: "X", Name: "Second"}}
	info := &store.ListInfo{Name: "d", Format: "csv"}
	if err := s.PutList(ctx, info, es); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ListEntries(ctx, "d")
	if len(got) != 2 || got[0].Name != "Second" || info.Entries != 2 {
		t.Errorf("entries = %+v (count %d), want X named Second and Y", got, info.Entries)
	}
}

func testScreenHits(t *testing.T, s store.Store) {
	ctx := t.Context()
	res := put(t, s, doc("hits", "wire", "Lanting", chips, day("2025-01-03")))
	id := res[0].ID
	at := time.Date(2025, 1, 4, 5, 6, 7, 0, time.UTC)
	hits := []store.ScreenHit{
		{DocID: id, Query: "Lanting Photonics", List: "demo", EntryID: "E1", Name: "Lanting Photonics Co., Ltd.", Matched: "Lanting Photonics Co., Ltd.",
			Score: 0.97, Why: []string{"words 0.97: lanting, photonics"}, Algorithm: "screen/1", ListVersion: "2025-01-02", ScreenedAt: at},
		{DocID: id, Query: "Boris Kalinin", List: "demo", EntryID: "E2", Name: "Boris KALININ", Matched: "Boris KALININ", Score: 1,
			Algorithm: "screen/1", ScreenedAt: at},
	}
	n, err := s.PutScreenHits(ctx, hits)
	if err != nil || n != 2 {
		t.Fatalf("PutScreenHits = %d, %v; want 2 new", n, err)
	}
	again := append([]store.ScreenHit(nil), hits...)
	again[0].Score = 0.95
	if n, err := s.PutScreenHits(ctx, again); err != nil || n != 0 {
		t.Errorf("PutScreenHits again = %d, %v; want 0 new", n, err)
	}
	got, err := s.ScreenHits(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ScreenHit{again[1], again[0]}
	want[0].Why = []string{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScreenHits (-want +got):\n%s", diff)
	}
	if none, err := s.ScreenHits(ctx, id+1000); err != nil || len(none) != 0 {
		t.Errorf("ScreenHits of an unknown document = %v, %v", none, err)
	}
}

func testListsConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			es := []store.ListEntry{{ID: "A", Name: fmt.Sprint("Version ", i)}, {ID: "B", Name: "Same"}}
			errs <- s.PutList(ctx, &store.ListInfo{Name: "c", Format: "csv", Version: fmt.Sprint(i)}, es)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got, _ := s.ListEntries(ctx, "c")
	infos, _ := s.ListInfos(ctx)
	if len(got) != 2 || len(infos) != 1 || got[0].Name != "Version "+infos[0].Version {
		t.Errorf("after concurrent imports: entries %+v, lists %+v; want one whole version", got, infos)
	}
}
