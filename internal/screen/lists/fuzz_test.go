package lists

import (
	"os"
	"strings"
	"testing"
)

func fuzzReader(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		} else {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, data string) {
		l, err := Read(format, "fuzz", []File{{Name: "fuzz." + format, R: strings.NewReader(data)}})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, e := range l.Entries {
			if e.ID == "" || e.Name == "" || e.List != "fuzz" {
				t.Errorf("entry without id or name: %+v", e)
			}
		}
	})
}

func FuzzCSL(f *testing.F) {
	fuzzReader(f, "csl", "testdata/csl_current.csv", "testdata/csl_legacy.csv", "testdata/csl.json", "source,name\n")
}
func FuzzSDN(f *testing.F) { fuzzReader(f, "sdn", "testdata/sdn/sdn.csv", "1,\"A\"") }
func FuzzUN(f *testing.F)  { fuzzReader(f, "un", "testdata/un.xml", "<CONSOLIDATED_LIST/>") }
func FuzzFtM(f *testing.F) { fuzzReader(f, "ftm", "testdata/entities.ftm.json", "{}") }
func FuzzCSV(f *testing.F) { fuzzReader(f, "csv", "testdata/list1260h.csv", "name\nA\n") }
