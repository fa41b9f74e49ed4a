package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// benchPages loads the test pages with the given extension.
func benchPages(b *testing.B, patterns ...string) [][]byte {
	b.Helper()
	var pages [][]byte
	for _, p := range patterns {
		files, err := filepath.Glob(filepath.Join("testdata", p))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			pages = append(pages, raw)
		}
	}
	if len(pages) == 0 {
		b.Fatal("no test pages")
	}
	return pages
}

func BenchmarkHTML(b *testing.B) {
	pages := benchPages(b, "*.html")
	n := 0
	for b.Loop() {
		HTML(pages[n%len(pages)], "https://example.org/news/2023/08/09/story")
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkText(b *testing.B) {
	pages := benchPages(b, "*.txt", "*.md")
	if raw, err := os.ReadFile(filepath.Join(fixtureDir, "pamir-nato-china-2023-08-09.txt")); err == nil {
		pages = append(pages, raw)
	}
	n := 0
	for b.Loop() {
		Text(pages[n%len(pages)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}
