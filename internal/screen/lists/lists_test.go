package lists

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/screen"
)

func open(t testing.TB, paths ...string) []File {
	t.Helper()
	var fs []File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, File{Name: p, R: bytes.NewReader(b)})
	}
	return fs
}

func byID(t *testing.T, l List, id string) screen.Entry {
	t.Helper()
	for _, e := range l.Entries {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entry %s among %d", id, len(l.Entries))
	return screen.Entry{}
}

func TestReaders(t *testing.T) {
	tests := []struct {
		format string
		files  []string
		n      int
		date   string
		check  func(t *testing.T, l List)
	}{
		{"csl", []string{"testdata/csl_current.csv"}, 3, "", func(t *testing.T, l List) {
			e := byID(t, l, "a1f3")
			if e.Name != "Lanting Photonics Co., Ltd." || !slices.Contains(e.Aliases, "蓝庭光电有限公司") || !slices.Contains(e.Countries, "CN") {
				t.Errorf("a1f3 = %+v", e)
			}
			if p := byID(t, l, "7700"); p.Type != screen.Person || !slices.Contains(p.DOBs, "1971-03-04") || len(p.IDs) != 1 {
				t.Errorf("7700 = %+v", p)
			}
		}},
		{"csl", []string{"testdata/csl_legacy.csv"}, 2, "", func(t *testing.T, l List) {
			if l.Entries[0].ID == "" || l.Entries[0].ID == l.Entries[1].ID || !slices.Contains(l.Entries[0].Countries, "HK") {
				t.Errorf("legacy rows get stable distinct ids and countries: %+v", l.Entries)
			}
		}},
		{"csl", []string{"testdata/csl.json"}, 2, "", func(t *testing.T, l List) {
			if e := byID(t, l, "j-2"); e.Type != screen.Person || !slices.Contains(e.Countries, "SY") || e.IDs[0] != "Passport N0001234" {
				t.Errorf("j-2 = %+v", e)
			}
		}},
		{"sdn", []string{"testdata/sdn/sdn.csv", "testdata/sdn/alt.csv", "testdata/sdn/add.csv", "testdata/sdn/sdn_comments.csv"}, 3, "", func(t *testing.T, l List) {
			e := byID(t, l, "101")
			if e.Type != screen.Org || !slices.Contains(e.Aliases, "NORTHSTAR SHIPPING") || !slices.Contains(e.WeakAliases, "NSS") || !slices.Contains(e.Countries, "IR") {
				t.Errorf("101 = %+v", e)
			}
			p := byID(t, l, "102")
			if p.Name != "Reza KARIMI" || !slices.Contains(p.DOBs, "05 May 1970") || !slices.Contains(p.Countries, "IR") || len(p.IDs) != 1 || !strings.Contains(p.Remarks, "Linked To") {
				t.Errorf("102 = %+v", p)
			}
			if v := byID(t, l, "103"); v.Type != screen.Vessel || !slices.Contains(v.IDs, "IMO 9123456") {
				t.Errorf("103 = %+v", v)
			}
		}},
		{"un", []string{"testdata/un.xml"}, 2, "2025-03-01", func(t *testing.T, l List) {
			e := byID(t, l, "KPi.901")
			if e.Name != "KIM CHOL SU" || !slices.Contains(e.Aliases, "김철수") || !slices.Contains(e.WeakAliases, "Comrade Su") ||
				!slices.Contains(e.Countries, "KP") || !slices.Contains(e.DOBs, "1968-02-11") || len(e.IDs) != 1 {
				t.Errorf("KPi.901 = %+v", e)
			}
			if o := byID(t, l, "KPe.902"); o.Type != screen.Org || !slices.Contains(o.Aliases, "大连海星贸易有限公司") || !slices.Contains(o.Countries, "CN") {
				t.Errorf("KPe.902 = %+v", o)
			}
		}},
		{"ftm", []string{"testdata/entities.ftm.json"}, 2, "", func(t *testing.T, l List) {
			e := byID(t, l, "gr-co-1")
			if e.Type != screen.Org || !slices.Contains(e.Aliases, "金海海洋科技有限公司") || slices.Contains(e.Aliases, e.Name) || len(e.IDs) != 1 {
				t.Errorf("gr-co-1 = %+v", e)
			}
			if p := byID(t, l, "gr-p-1"); !slices.Contains(p.WeakAliases, "Anya") || !slices.Contains(p.Countries, "RU") {
				t.Errorf("gr-p-1 = %+v", p)
			}
		}},
		{"csv", []string{"testdata/list1260h.csv"}, 2, "", func(t *testing.T, l List) {
			if e := byID(t, l, "1260H-01"); !slices.Contains(e.Aliases, "北斗天际导航有限公司") || e.Type != screen.Org || len(e.IDs) != 1 {
				t.Errorf("1260H-01 = %+v", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+filepath.Base(tt.files[0]), func(t *testing.T) {
			l, err := Read(tt.format, "test", open(t, tt.files...))
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Entries) != tt.n || l.Date != tt.date {
				t.Errorf("%d entries dated %q, want %d dated %q", len(l.Entries), l.Date, tt.n, tt.date)
			}
			for _, e := range l.Entries {
				if e.List != "test" || e.ID == "" || e.Name == "" {
					t.Errorf("entry without list, id or name: %+v", e)
				}
			}
			tt.check(t, l)
		})
	}
}

// TestMalformed checks that bad files fail whole, naming file and line.
func TestMalformed(t *testing.T) {
	tests := []struct {
		format, name, data, want string
	}{
		{"csl", "bad.csv", "source,name\nEL,Acme\nEL,\"Unclosed\n", "bad.csv:3"},
		{"csl", "cols.csv", "source,name,type\nEL,Acme\n", "cols.csv:2"},
		{"csl", "nohead.csv", "a,b\n1,2\n", "nohead.csv:1"},
		{"csl", "latin1.csv", "source,name\nEL,Acme\nEL,Caf\xe9\n", "latin1.csv:3: not valid UTF-8"},
		{"csl", "bad.json", "{\"results\": [\n{\"name\": 5}]}", "bad.json:2"},
		{"un", "bad.xml", "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>A</INDIVIDUAL>\n", "bad.xml:3"},
		{"un", "other.xml", "<rss></rss>", "other.xml:1"},
		{"ftm", "bad.ftm.json", "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{oops\n", "bad.ftm.json:2"},
		{"csv", "dup.csv", "id,name\n1,Acme\n1,Other\n", "dup.csv:3: id \"1\" already used on line 2"},
		{"csv", "type.csv", "name,type\nAcme,company\nBob,wizard\n", "type.csv:3"},
		{"sdn", "sdn.csv", "1,\"A\",-0- ,-0- \n", "sdn.csv:1"},
		{"sdn", "sdn.csv", "x1,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n", "sdn.csv:1: ent_num"},
	}
	for _, tt := range tests {
		_, err := Read(tt.format, "x", []File{{Name: tt.name, R: strings.NewReader(tt.data)}})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s: error %v, want one containing %q", tt.format, tt.name, err, tt.want)
		}
	}
	if _, err := Read("pdf", "x", nil); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestSamples reads the real list files in ../shared/samples (skipped when
// absent) and screens a few names known to be on them.
func TestSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "samples")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no samples at %s: skipping the extended test", dir)
	}
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		format string
		files  []string
		min    int
		query  string
		want   string // id of the entry the query must hit
	}{
		{"csl", []string{p("us_csl/consolidated_2025_sample.csv")}, 13, "Sinobright Import and Export Co.", "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"},
		{"csl", []string{p("us_csl/csl_legacy_2018_sample.csv")}, 115, "32 Group China Limited", ""},
		{"sdn", []string{p("ofac_sdn/sdn.csv"), p("ofac_sdn/add.csv"), p("ofac_sdn/alt.csv"), p("ofac_sdn/sdn_comments.csv")}, 7378, "Banco Nacional de Cuba", "306"},
		{"un", []string{p("un_sanctions/UN_consolidated.xml")}, 1000, "Allied Democratic Forces", "CDe.001"},
		{"ftm", []string{p("opensanctions_ftm/zala_aero_cluster.entities.ftm.json"), p("opensanctions_ftm/eu_fsf_sample.entities.ftm.json")}, 10, "Inter Tobacco LLC", "NK-2GdmHtZTeNXjNVrBGEXZNj"},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+filepath.Base(tt.files[0]), func(t *testing.T) {
			l, err := Read(tt.format, tt.format, open(t, tt.files...))
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Entries) < tt.min {
				t.Errorf("%d entries, want at least %d", len(l.Entries), tt.min)
			}
			ix := screen.NewIndex(l.Entries)
			hits, err := ix.Screen(screen.Query{Name: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 {
				t.Fatalf("%q: no hits", tt.query)
			}
			if tt.want != "" && hits[0].ID != tt.want {
				t.Errorf("%q: best hit %+v, want id %s", tt.query, hits[0], tt.want)
			}
		})
	}
}
