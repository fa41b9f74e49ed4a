package actor

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkMatches checks what Find promises of any input.
func checkMatches(t *testing.T, s string, ms []Match) {
	t.Helper()
	prev := 0
	for _, m := range ms {
		if m.Start < prev || m.End <= m.Start || m.End > len(s) {
			t.Fatalf("Find(%q): bad span %d..%d after %d", s, m.Start, m.End, prev)
		}
		if !utf8.ValidString(s) {
			continue
		}
		if !utf8.RuneStart(s[m.Start]) || m.End < len(s) && !utf8.RuneStart(s[m.End]) {
			t.Fatalf("Find(%q): span %d..%d splits a character", s, m.Start, m.End)
		}
		if m.Code == "" && m.Kind != Person || m.Kind < Country || m.Kind > Group || m.Name == "" {
			t.Fatalf("Find(%q): bad match %+v", s, m)
		}
		prev = m.End
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"China’s Mission to the EU denounced NATO's stance.",
		"French President Emmanuel Macron met Ukraine President Volodymyr Zelensky.",
		"the South China Sea and the U.S. and US$ and London-based",
		"Philippines' coast guard, the Ministry of Foreign Affairs of the",
		"Côte d’Ivoire, Élysée, ÉLYSÉE, U.N., U.",
	} {
		f.Add(s, int64(1700000000))
	}
	d, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		date := time.Unix(unix%(1<<34), 0).UTC()
		ms := d.Find(s, date, nil)
		checkMatches(t, s, ms)
		if len(s) < 200 {
			d.Resolve(s)
		}
	})
}

// loadSmall reads the CAMEO codes and the ISO table, then text in the
// format chosen: a Dict to fuzz the parsers without the cost of all the data.
func loadSmall(name, text string, petrarch bool) (*Dict, error) {
	b := newBuilder()
	b.d.iso = nil
	codes, _ := dataFS.ReadFile("data/codes.txt")
	if err := b.parse("codes.txt", string(codes)); err != nil {
		return nil, err
	}
	iso, _ := dataFS.ReadFile("data/iso3166.tsv")
	if err := b.loadISO("iso3166.tsv", string(iso)); err != nil {
		return nil, err
	}
	var err error
	if petrarch {
		err = b.parsePetrarch(name, text)
	} else {
		err = b.parse(name, text)
	}
	if err != nil {
		return nil, err
	}
	return b.finish()
}

func fuzzLoaded(t *testing.T, d *Dict, err error, text string) {
	if err != nil {
		if !strings.HasPrefix(err.Error(), "fuzz.txt:") && !strings.HasPrefix(err.Error(), "actor dictionaries:") {
			t.Fatalf("error without file:line: %v", err)
		}
		return
	}
	for _, s := range []string{text, "France and the Freedonian army and PRESIDENT_ FREEDONIA said", strings.ReplaceAll(text, "_", " ")} {
		checkMatches(t, s, d.Find(s, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), nil))
	}
	for _, m := range d.Find(text, time.Time{}, nil) {
		d.Name(m.Code)
	}
}

func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"country FRD | Freedonia; Republic of Freedonia | adj: Freedonian | capital: Fredville | seat: the Palace\n",
		"agent GOV | grand vizier | bound post\nnonactor | French fries\n",
		"person FRA | Jean Exemple; Exemple | FRAGOV 2020-01..2021-01-15 Minister | FRACVL ..2020-01\n",
		"igo IGOXXXYYY | Club | seat: Clubville\nmember IGOXXXYYY | FRA; DEU | 2000-01-01..\n",
		"actor FRAMIL | Foreign Legion # comment\ngroup IMGREB | Bandits\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := loadSmall("fuzz.txt", text, false)
		fuzzLoaded(t, d, err, text)
	})
}

func FuzzPetrarch(f *testing.F) {
	for _, s := range []string{
		"FREEDONIA_ [FRD]\n+FREEDONIAN_\n",
		"RUFUS_T._FIREFLY_\n+FIREFLY_\n[FRDGOV 330101-331231]\n[FRDELI]\n",
		"TRUMP_\n[USAGOV >170120]\n[USAELI <170120]\n",
		"PRESIDENT_ [~GOV]\n+PRESIDENTS_\n",
		"<!-- x\n-->\n# c\nKABUL_ [AFGGOV] # capital\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := loadSmall("fuzz.txt", text, true)
		fuzzLoaded(t, d, err, text)
	})
}
