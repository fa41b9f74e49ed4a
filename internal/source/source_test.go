package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func writeFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return name
}

func day(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// ignoreRaw leaves Raw out of comparisons; tests check it separately.
var ignoreRaw = cmpopts.IgnoreFields(Item{}, "Raw")

// formatCases are the testdata files of each format with the items they hold.
func formatCases(t *testing.T) []struct {
	name, reason string
	want         []Item
} {
	body := func(name string) string { return string(mustRead(t, name)) }
	return []struct {
		name, reason string
		want         []Item
	}{
		{
			name:   "testdata/articles/balloon.html",
			reason: "an HTML page with a doctype is html; its bytes are its HTML",
			want: []Item{{Input: "testdata/articles/balloon.html", Format: "html", RawType: "text/html",
				HTML: body("testdata/articles/balloon.html")}},
		},
		{
			name:   "testdata/articles/asia/vilnius.htm",
			reason: "an <html> root is html",
			want: []Item{{Input: "testdata/articles/asia/vilnius.htm", Format: "html", RawType: "text/html",
				HTML: body("testdata/articles/asia/vilnius.htm")}},
		},
		{
			name:   "testdata/articles/wagner.md",
			reason: "front matter gives Markdown metadata; Text is the body",
			want: []Item{{Input: "testdata/articles/wagner.md", Format: "markdown", RawType: "text/markdown",
				Title: "Wagner fighters halt their march on Moscow", Date: day(2023, 6, 24, 0, 0),
				Author: "Desk Writer", Source: "Harbour Post", URL: "https://harbour.example/2023/06/24/wagner",
				Text: strings.SplitN(body("testdata/articles/wagner.md"), "---\n", 3)[2]}},
		},
		{
			name:   "testdata/articles/asia/g20.txt",
			reason: "anything else that is text is text",
			want: []Item{{Input: "testdata/articles/asia/g20.txt", Format: "text", RawType: "text/plain",
				Text: body("testdata/articles/asia/g20.txt")}},
		},
		{
			name:   "testdata/news.jsonl",
			reason: "JSON Lines: one item per non-blank line, named by line; dates with and without zone, plain, null",
			want: []Item{
				{Input: "testdata/news.jsonl:1", Format: "jsonl", RawType: "application/json", ID: "hp-2023-0001",
					Title: "Finland joins NATO", URL: "https://harbour.example/2023/04/04/finland-nato",
					Date: day(2023, 4, 4, 14, 30), Source: "Harbour Post",
					Text: "Finland became the 31st member of NATO on 4 April 2023 when its instrument of accession was deposited in Washington. Russia said it would strengthen its forces in the west and north-west."},
				{Input: "testdata/news.jsonl:2", Format: "jsonl", RawType: "application/json", ID: "hp-2023-0002",
					Title: "BRICS invites six countries to join", Date: day(2023, 8, 24, 10, 0), Source: "Harbour Post",
					Text: "At their summit in Johannesburg on 24 August 2023, the BRICS leaders invited Argentina, Egypt, Ethiopia, Iran, Saudi Arabia and the United Arab Emirates to become members from January 2024."},
				{Input: "testdata/news.jsonl:4", Format: "jsonl", RawType: "application/json", ID: "3",
					Title: "Coup in Niger", Date: day(2023, 7, 26, 0, 0), Source: "Harbour Post",
					HTML: "<p>Soldiers of the presidential guard detained President Mohamed Bazoum in Niamey on 26 July 2023. ECOWAS threatened to intervene if he was not restored.</p>"},
				{Input: "testdata/news.jsonl:5", Format: "jsonl", RawType: "application/json", ID: "hp-2023-0004",
					Title: "Japan starts releasing treated Fukushima water",
					Text:  "Japan began discharging treated radioactive water from the Fukushima Daiichi plant into the Pacific on 24 August 2023. China suspended all imports of Japanese seafood the same day."},
			},
		},
		{
			name:   "testdata/feed.rss",
			reason: "RSS 2.0: content:encoded is the HTML, the description the summary; a relative link is resolved against the channel link",
			want: []Item{
				{Input: "testdata/feed.rss#1", Format: "rss", RawType: "application/json", Source: "Harbour Post World",
					ID: "hp-chips-1017", URL: "https://harbour.example/2023/10/17/chips", Title: "Chip export curbs widen",
					Author: "Trade Desk", Date: day(2023, 10, 17, 15, 0),
					HTML:    "<p>The US Commerce Department widened its restrictions on exports of advanced AI chips and chip-making tools to China on 17 October 2023, closing gaps left by the rules of the previous year.</p>",
					Summary: "The US tightens rules on advanced chips sold to China."},
				{Input: "testdata/feed.rss#2", Format: "rss", RawType: "application/json", Source: "Harbour Post World",
					ID: "https://harbour.example/2023/08/01/gallium", URL: "https://harbour.example/2023/08/01/gallium",
					Title: "Gallium and germanium controls take effect", Date: day(2023, 8, 1, 8, 0),
					HTML: "<p>China's export licensing for gallium and germanium, two metals used in chips, began on 1 August 2023.</p>"},
			},
		},
		{
			name:   "testdata/feed.atom",
			reason: "Atom: html content is HTML, text content is Text; the date is published, else updated",
			want: []Item{
				{Input: "testdata/feed.atom#1", Format: "atom", RawType: "application/json", Source: "Harbour Post Security",
					ID: "urn:harbour:drills-0410", URL: "https://harbour.example/2023/04/10/drills", Title: "Typhoon drills near Taiwan",
					Author: "Asia Desk", Date: day(2023, 4, 10, 9, 0),
					HTML:    "<p>China's military ended three days of exercises around Taiwan on 10 April 2023, after Taiwan's president met the US House Speaker in California.</p>",
					Summary: "China ends three days of drills around Taiwan."},
				{Input: "testdata/feed.atom#2", Format: "atom", RawType: "application/json", Source: "Harbour Post Security",
					ID: "urn:harbour:grain-0717", URL: "https://harbour.example/2023/07/17/grain", Title: "Russia quits the Black Sea grain deal",
					Date: day(2023, 7, 17, 12, 0),
					Text: "Russia let the Black Sea Grain Initiative lapse on 17 July 2023. Ukraine & Turkey said they wanted shipments to go on."},
			},
		},
		{
			name:   "testdata/feed.json",
			reason: "JSON Feed: content_text is Text, content_html is HTML",
			want: []Item{
				{Input: "testdata/feed.json#1", Format: "jsonfeed", RawType: "application/json", Source: "Harbour Post Briefs",
					ID: "brief-1", URL: "https://harbour.example/2023/03/10/saudi-iran", Title: "Saudi Arabia and Iran agree to restore ties",
					Author: "Gulf Desk", Date: day(2023, 3, 10, 12, 0),
					Text: "Saudi Arabia and Iran agreed in Beijing on 10 March 2023 to restore diplomatic relations and reopen embassies within two months."},
				{Input: "testdata/feed.json#2", Format: "jsonfeed", RawType: "application/json", Source: "Harbour Post Briefs",
					ID: "brief-2", URL: "https://harbour.example/2023/11/15/woodside", Title: "Biden and Xi meet near San Francisco",
					Date: day(2023, 11, 15, 20, 0),
					HTML: "<p>Presidents Biden and Xi met at Filoli estate on 15 November 2023 and agreed to resume military-to-military talks.</p>"},
			},
		},
		{
			name:   "testdata/feed.rdf",
			reason: "RSS 1.0 (RDF) is read as RSS; dc:date is the date",
			want: []Item{
				{Input: "testdata/feed.rdf#1", Format: "rss", RawType: "application/json", Source: "Harbour Post RDF",
					URL: "https://harbour.example/2023/02/06/quake", Title: "Earthquakes strike Turkey and Syria",
					Date: day(2023, 2, 6, 6, 0),
					HTML: "Two large earthquakes struck southern Turkey and northern Syria on 6 February 2023, killing tens of thousands of people."},
			},
		},
		{
			name:   "testdata/reuters.sgm",
			reason: "Reuters SGML in Latin-1: NEWID, DATE, TITLE, DATELINE, BODY; entities decoded, control characters and the signature dropped",
			want: []Item{
				{Input: "testdata/reuters.sgm:2", Format: "sgml", RawType: "application/sgml; charset=iso-8859-1", Source: "reuters21578",
					ID: "9001", Title: "FRANCE'S MACRON PLANS APRIL VISIT TO CHINA <ELYS>", Date: day(2023, 3, 6, 11, 20),
					Dateline: "PARIS, March 6",
					Text:     "President Emmanuel Macron will travel to Beijing in early April,\nthe Élysée said, and will ask Xi Jinping to press Moscow over the\nwar in Ukraine. Ursula von der Leyen is to join part of the visit."},
				{Input: "testdata/reuters.sgm:17", Format: "sgml", RawType: "application/sgml; charset=iso-8859-1", Source: "reuters21578",
					ID: "9002", Title: "SÃO PAULO TALKS ON MERCOSUR DEAL", Date: day(2023, 9, 18, 9, 5),
					Dateline: "SÃO PAULO, Sept 18",
					Text:     "Negotiators met in São Paulo to discuss the trade agreement between\nMercosur and the European Union, which has waited since 2019 for ratification."},
			},
		},
		{
			name:   "testdata/latin1.html",
			reason: "an HTML meta charset is honoured, without a warning",
			want: []Item{{Input: "testdata/latin1.html", Format: "html", RawType: "text/html; charset=windows-1252",
				HTML: "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\n<title>Élections en Espagne</title></head><body><p>Les électeurs espagnols ont voté le 23 juillet 2023 ; aucun bloc n'a obtenu de majorité.</p></body></html>\n"}},
		},
		{
			name:   "testdata/cp1252.txt",
			reason: "invalid UTF-8 with no declared charset is decoded as Windows-1252, with a warning",
			want: []Item{{Input: "testdata/cp1252.txt", Format: "text", RawType: "text/plain; charset=windows-1252",
				Text: "Chile’s president said on 20 April 2023 that lithium would come under state control – a plan welcomed by miners’ unions.\n",
				Warn: "decoded as Windows-1252 (not valid UTF-8)"}},
		},
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range formatCases(t) {
		t.Run(filepath.Base(tc.name), func(t *testing.T) {
			got, fails := readAll(t, []string{tc.name}, Options{})
			if len(fails) > 0 {
				t.Fatalf("failures: %v", fails)
			}
			if diff := cmp.Diff(tc.want, got, ignoreRaw); diff != "" {
				t.Errorf("%s: items mismatch (-want +got):\n%s", tc.reason, diff)
			}
			for _, it := range got {
				if len(it.Raw) == 0 {
					t.Errorf("%s: no Raw", it.Input)
				}
			}
		})
	}
}

// TestCompressed reads each format gzipped, zipped and as a gzipped zip,
// and wants the same items as from the plain file, named after the
// container.
func TestCompressed(t *testing.T) {
	dir := t.TempDir()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	var plain []Item
	cases := formatCases(t)
	for _, tc := range cases {
		data := mustRead(t, tc.name)
		base := filepath.Base(tc.name)

		// One gzip file per format.
		gzName := filepath.Join(dir, base+".gz")
		writeFile(t, gzName, gzipBytes(t, data))
		want, _ := readAll(t, []string{tc.name}, Options{})
		got, fails := readAll(t, []string{gzName}, Options{})
		if len(fails) > 0 {
			t.Fatalf("%s: failures: %v", gzName, fails)
		}
		if diff := cmp.Diff(renamed(want, tc.name, gzName), got); diff != "" {
			t.Errorf("%s: items mismatch (-want +got):\n%s", gzName, diff)
		}

		// All formats in one zip, each also gzipped inside it.
		for _, e := range []struct {
			name string
			data []byte
		}{{"plain/" + base, data}, {"gz/" + base + ".gz", gzipBytes(t, data)}} {
			w, err := zw.Create(e.name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(e.data)
		}
		plain = append(plain, want...)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipName := writeFile(t, filepath.Join(dir, "corpus.zip"), zbuf.Bytes())
	zgzName := writeFile(t, filepath.Join(dir, "corpus.zip.gz"), gzipBytes(t, zbuf.Bytes()))
	for _, name := range []string{zipName, zgzName} {
		got, fails := readAll(t, []string{name}, Options{})
		if len(fails) > 0 {
			t.Fatalf("%s: failures: %v", name, fails)
		}
		var want []Item
		i := 0
		for _, tc := range cases {
			base := filepath.Base(tc.name)
			var these []Item
			for ; i < len(plain) && strings.HasPrefix(plain[i].Input, tc.name); i++ {
				these = append(these, plain[i])
			}
			want = append(want, renamed(these, tc.name, name+"/plain/"+base)...)
			want = append(want, renamed(these, tc.name, name+"/gz/"+base+".gz")...)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: items mismatch (-want +got):\n%s", name, diff)
		}
	}
}

// renamed returns items with the prefix from of their Input replaced by to.
func renamed(items []Item, from, to string) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.Input = to + strings.TrimPrefix(it.Input, from)
		out[i] = it
	}
	return out
}

func gzipBytes(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func inputs(items []Item) []string {
	var s []string
	for _, it := range items {
		s = append(s, it.Input)
	}
	return s
}

func TestDirectory(t *testing.T) {
	got, fails := readAll(t, []string{"testdata/articles"}, Options{})
	if len(fails) > 0 {
		t.Fatalf("failures: %v", fails)
	}
	want := []string{
		"testdata/articles/asia/g20.txt",
		"testdata/articles/asia/vilnius.htm",
		"testdata/articles/balloon.html",
		"testdata/articles/wagner.md",
	}
	if diff := cmp.Diff(want, inputs(got)); diff != "" {
		t.Errorf("files in lexical order, hidden ones skipped (-want +got):\n%s", diff)
	}
}

func TestGlob(t *testing.T) {
	got, fails := readAll(t, []string{"testdata/articles/*/*.[th]*", "testdata/feed.r?s"}, Options{})
	if len(fails) > 0 {
		t.Fatalf("failures: %v", fails)
	}
	want := []string{
		"testdata/articles/asia/g20.txt",
		"testdata/articles/asia/vilnius.htm",
		"testdata/feed.rss#1",
		"testdata/feed.rss#2",
	}
	if diff := cmp.Diff(want, inputs(got)); diff != "" {
		t.Errorf("glob matches (-want +got):\n%s", diff)
	}
}

func TestGlobCharacterInFileName(t *testing.T) {
	// A file whose name has glob characters is read as a file.
	name := writeFile(t, filepath.Join(t.TempDir(), "report[1].txt"), []byte("The summit ended on 12 July 2023.\n"))
	got, fails := readAll(t, []string{name}, Options{})
	if len(fails) > 0 || len(got) != 1 || got[0].Input != name {
		t.Errorf("got %v, failures %v; want one item %s", inputs(got), fails, name)
	}
}

func TestStdin(t *testing.T) {
	tests := []struct {
		name, reason string
		data         []byte
		want         []string
	}{
		{"jsonl", "JSON Lines from stdin are named -:line", mustRead(t, "testdata/news.jsonl"),
			[]string{"-:1", "-:2", "-:4", "-:5"}},
		{"gzip", "gzip from stdin is decompressed", gzipBytes(t, mustRead(t, "testdata/feed.atom")),
			[]string{"-#1", "-#2"}},
		{"zip", "a zip from stdin is spooled to a temporary file", zipBytes(t, map[string][]byte{
			"a.txt": mustRead(t, "testdata/articles/asia/g20.txt"),
			"b.md":  mustRead(t, "testdata/articles/wagner.md"),
		}), []string{"-/a.txt", "-/b.md"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []Item
			var fails []Failure
			err := Read(t.Context(), []string{"-"}, bytes.NewReader(tc.data), Options{},
				func(it Item) error { got = append(got, it); return nil },
				func(f Failure) { fails = append(fails, f) })
			if err != nil || len(fails) > 0 {
				t.Fatalf("err %v, failures %v", err, fails)
			}
			if diff := cmp.Diff(tc.want, inputs(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func zipBytes(tb testing.TB, files map[string][]byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range sortedKeys(files) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func sortedKeys(m map[string][]byte) []string {
	return slices.Sorted(maps.Keys(m))
}

func TestTarGz(t *testing.T) {
	files := map[string][]byte{
		"articles/g20.txt":    mustRead(t, "testdata/articles/asia/g20.txt"),
		"articles/news.jsonl": mustRead(t, "testdata/news.jsonl"),
	}
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, name := range sortedKeys(files) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Typeflag: tar.TypeReg})
		tw.Write(files[name])
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	tarName := writeFile(t, filepath.Join(t.TempDir(), "articles.tar.gz"), gzipBytes(t, b.Bytes()))
	got, fails := readAll(t, []string{tarName}, Options{})
	if len(fails) > 0 {
		t.Fatalf("failures: %v", fails)
	}
	want := []string{tarName + "/articles/g20.txt", tarName + "/articles/news.jsonl:1", tarName + "/articles/news.jsonl:2",
		tarName + "/articles/news.jsonl:4", tarName + "/articles/news.jsonl:5"}
	if diff := cmp.Diff(want, inputs(got)); diff != "" {
		t.Errorf("tar entries (-want +got):\n%s", diff)
	}
}

func TestYieldErrorStops(t *testing.T) {
	stop := errors.New("enough")
	n := 0
	err := Read(t.Context(), []string{"testdata/news.jsonl", "testdata/feed.rss"}, nil, Options{},
		func(Item) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		}, func(f Failure) { t.Errorf("failure: %v", f) })
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("Read = %v after %d items; want %v after 2", err, n, stop)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	err := Read(ctx, []string{"testdata/news.jsonl", "testdata/feed.rss"}, nil, Options{},
		func(Item) error {
			n++
			cancel()
			return nil
		}, func(f Failure) { t.Errorf("failure: %v", f) })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("Read = %v after %d items; want context.Canceled after 1", err, n)
	}
}
