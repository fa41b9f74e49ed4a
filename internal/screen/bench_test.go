package screen

import (
	"fmt"
	"sync"
	"testing"
)

var bench100k = sync.OnceValue(func() *Index { return NewIndex(genEntries(100000, 42)) })

func benchQueries(n int) []Query {
	es := genEntries(n, 99) // other names, same vocabulary: mostly near misses
	qs := make([]Query, n)
	for i, e := range es {
		qs[i] = Query{Name: e.Name, Type: e.Type}
	}
	return qs
}

// BenchmarkScreen100k screens one name at a time against 100,000 entries.
func BenchmarkScreen100k(b *testing.B) {
	ix := bench100k()
	qs := benchQueries(1000)
	qs = append(qs, Query{Name: "华为技术有限公司"}, Query{Name: "Xi Jinping"}, Query{Name: "China Trading International Co., Ltd."})
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := ix.Screen(qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBatch10k screens a batch of 10,000 names against 100,000
// entries on all processors.
func BenchmarkBatch10k(b *testing.B) {
	ix := bench100k()
	qs := benchQueries(10000)
	b.ResetTimer()
	for b.Loop() {
		for _, r := range ix.ScreenAll(qs) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
}

// BenchmarkIndex100k builds the index of 100,000 entries.
func BenchmarkIndex100k(b *testing.B) {
	es := genEntries(100000, 42)
	for b.Loop() {
		NewIndex(es)
	}
}

func TestGeneratedNamesFindThemselves(t *testing.T) {
	es := genEntries(3000, 5)
	ix := NewIndex(es)
	for i := 0; i < len(es); i += 97 {
		hits, err := ix.Screen(Query{Name: es[i].Name, Type: es[i].Type, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hits {
			found = found || h.ID == es[i].ID
		}
		if !found {
			t.Errorf("%s %q does not find itself: %v", es[i].ID, es[i].Name, fmt.Sprint(hits))
		}
	}
}
