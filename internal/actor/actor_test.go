package actor

import (
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/source/acled/country"
)

// testDict loads the embedded dictionaries once for all tests.
var testDict = sync.OnceValues(func() (*Dict, error) { return Load() })

func dict(tb testing.TB) *Dict {
	tb.Helper()
	d, err := testDict()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// found is a Match as tests write it: the text it covers instead of offsets.
type found struct {
	Text, Code, Country string
	Kind                Kind
}

func finds(d *Dict, s string, date time.Time) []found {
	var out []found
	for _, m := range d.Find(s, date, nil) {
		out = append(out, found{s[m.Start:m.End], m.Code, m.Country, m.Kind})
	}
	return out
}

func TestFind(t *testing.T) {
	d := dict(t)
	tests := []struct {
		name, reason string
		sentence     string
		date         string
		want         []found
	}{
		{
			name: "countries", reason: "short and official names, aliases, initialisms with dots",
			sentence: "The PRC, the U.S., America, Britain, the ROK, the DPRK, the ROC, Türkiye, Russia and the Philippines.",
			want: []found{
				{"PRC", "CHN", "CHN", Country}, {"U.S.", "USA", "USA", Country}, {"America", "USA", "USA", Country},
				{"Britain", "GBR", "GBR", Country}, {"ROK", "KOR", "KOR", Country}, {"DPRK", "PRK", "PRK", Country},
				{"ROC", "TWN", "TWN", Country}, {"Türkiye", "TUR", "TUR", Country}, {"Russia", "RUS", "RUS", Country},
				{"Philippines", "PHL", "PHL", Country},
			},
		},
		{
			name: "official names", reason: "the ISO table's long names match; a leading 'the' is not part of the match",
			sentence: "the People's Republic of China and the Republic of Korea and North Korea and South Korea",
			want: []found{
				{"People's Republic of China", "CHN", "CHN", Country}, {"Republic of Korea", "KOR", "KOR", Country},
				{"North Korea", "PRK", "PRK", Country}, {"South Korea", "KOR", "KOR", Country},
			},
		},
		{
			name: "adjectives and demonyms", reason: "adjectives and people code the country",
			sentence: "Chinese ships, French troops left; Filipinos and Americans watched.",
			want: []found{
				{"Chinese", "CHN", "CHN", Country}, {"French troops", "FRAMIL", "FRA", Agent},
				{"Filipinos", "PHL", "PHL", Country}, {"Americans", "USA", "USA", Country},
			},
		},
		{
			name: "case", reason: "proper nouns and short acronyms are case-sensitive; capitals match",
			sentence: "turkey and us are not actors, but Turkey, US and TURKEY are; Us too is not.",
			want:     []found{{"Turkey", "TUR", "TUR", Country}, {"US", "USA", "USA", Country}, {"TURKEY", "TUR", "TUR", Country}},
		},
		{
			name: "capitals and seats", reason: "a capital or seat of power as metonym is the government",
			sentence: "Beijing, Tokyo, Pyongyang, the Kremlin, the White House, the Elysee, the Élysée, Downing Street and Zhongnanhai.",
			want: []found{
				{"Beijing", "CHNGOV", "CHN", Agent}, {"Tokyo", "JPNGOV", "JPN", Agent}, {"Pyongyang", "PRKGOV", "PRK", Agent},
				{"Kremlin", "RUSGOV", "RUS", Agent}, {"White House", "USAGOV", "USA", Agent}, {"Elysee", "FRAGOV", "FRA", Agent},
				{"Élysée", "FRAGOV", "FRA", Agent}, {"Downing Street", "GBRGOV", "GBR", Agent}, {"Zhongnanhai", "CHNGOV", "CHN", Agent},
			},
		},
		{
			name: "Brussels", reason: "Brussels names the EU (a documented choice)",
			sentence: "Brussels and Washington agreed.",
			want:     []found{{"Brussels", "IGOEUREEC", "IGOEUREEC", IGO}, {"Washington", "USAGOV", "USA", Agent}},
		},
		{
			name: "IGOs", reason: "CAMEO-style IGO codes",
			sentence: "NATO, the European Union, the United Nations, the UN Security Council, ASEAN, the G7, the G20, the Quad, AUKUS, the SCO, BRICS, the IAEA, the WTO, the African Union, OPEC, the IMF, the World Bank and the OSCE.",
			want: []found{
				{"NATO", "IGOWSTNAT", "IGOWSTNAT", IGO}, {"European Union", "IGOEUREEC", "IGOEUREEC", IGO},
				{"United Nations", "IGOUNO", "IGOUNO", IGO}, {"UN Security Council", "IGOUNO", "IGOUNO", IGO},
				{"ASEAN", "IGOSEAASN", "IGOSEAASN", IGO}, {"G7", "IGOBUSGOS", "IGOBUSGOS", IGO},
				{"G20", "IGOBUSGTW", "IGOBUSGTW", IGO}, {"Quad", "IGOASAQUD", "IGOASAQUD", IGO},
				{"AUKUS", "IGOWSTAUK", "IGOWSTAUK", IGO}, {"SCO", "IGOCASSCO", "IGOCASSCO", IGO},
				{"BRICS", "IGOBUSBRC", "IGOBUSBRC", IGO}, {"IAEA", "IGOUNOIAE", "IGOUNOIAE", IGO},
				{"WTO", "IGOBUSWTO", "IGOBUSWTO", IGO}, {"African Union", "IGOAFRAFU", "IGOAFRAFU", IGO},
				{"OPEC", "IGOBUSOPC", "IGOBUSOPC", IGO}, {"IMF", "IGOBUSIMF", "IGOBUSIMF", IGO},
				{"World Bank", "IGOUNODEVWBK", "IGOUNODEVWBK", IGO}, {"OSCE", "IGOEURSCE", "IGOEURSCE", IGO},
			},
		},
		{
			name: "possessives", reason: "End stops before 's and ’s, and after a plural s'",
			sentence: "China's navy, NATO’s chief and the Philippines' coast guard.",
			want: []found{
				{"China's navy", "CHNMIL", "CHN", Agent}, {"NATO", "IGOWSTNAT", "IGOWSTNAT", IGO},
				{"Philippines' coast guard", "PHLMIL", "PHL", Agent},
			},
		},
		{
			name: "possessive alone", reason: "a possessive country with no agent after it is the country",
			sentence: "China’s aggressive behavior",
			want:     []found{{"China", "CHN", "CHN", Country}},
		},
		{
			name: "mission", reason: "a diplomatic post takes 'to the EU': one CHNGOV actor",
			sentence: "China’s Mission to the EU denounced the communiqué.",
			want:     []found{{"China’s Mission to the EU", "CHNGOV", "CHN", Agent}},
		},
		{
			name: "embassy and ambassador", reason: "posts with 'in' and 'to'",
			sentence: "China's Embassy in Washington and the US ambassador to China.",
			want:     []found{{"China's Embassy in Washington", "CHNGOV", "CHN", Agent}, {"US ambassador to China", "USAGOV", "USA", Agent}},
		},
		{
			name: "media", reason: "country media is MED; state media alone is MED with no country",
			sentence: "Chinese media attacked NATO, and state media agreed, as did Chinese state media.",
			want: []found{
				{"Chinese media", "CHNMED", "CHN", Agent}, {"NATO", "IGOWSTNAT", "IGOWSTNAT", IGO},
				{"state media", "MED", "", Agent}, {"Chinese state media", "CHNMED", "CHN", Agent},
			},
		},
		{
			name: "coast guards", reason: "coast guards are MIL (a documented choice, shared with the dev set); the China Coast Guard is named",
			sentence: "the Philippine coast guard and the China Coast Guard",
			want:     []found{{"Philippine coast guard", "PHLMIL", "PHL", Agent}, {"China Coast Guard", "CHNMIL", "CHN", Agent}},
		},
		{
			name: "defence ministry", reason: "ministries are GOV, defence ones too, and their ministers (a documented choice, shared with the dev set)",
			sentence: "Japan's Defense Ministry and the Japanese defence minister",
			want:     []found{{"Japan's Defense Ministry", "JPNGOV", "JPN", Agent}, {"Japanese defence minister", "JPNGOV", "JPN", Agent}},
		},
		{
			name: "foreign ministry", reason: "both names of the foreign ministry, both word orders",
			sentence: "China's Foreign Ministry and the Ministry of Foreign Affairs of the People's Republic of China",
			want: []found{
				{"China's Foreign Ministry", "CHNGOV", "CHN", Agent},
				{"Ministry of Foreign Affairs of the People's Republic of China", "CHNGOV", "CHN", Agent},
			},
		},
		{
			name: "agents", reason: "the agent codes",
			sentence: "Russian police, the Iranian intelligence services, the French parliament, the Indian judiciary, Chinese companies, the Venezuelan opposition, Syrian rebels, Colombian insurgents, Thai protesters, Afghan civilians, the US Commerce Department.",
			want: []found{
				{"Russian police", "RUSCOP", "RUS", Agent}, {"Iranian intelligence services", "IRNSPY", "IRN", Agent},
				{"French parliament", "FRALEG", "FRA", Agent}, {"Indian judiciary", "INDJUD", "IND", Agent},
				{"Chinese companies", "CHNBUS", "CHN", Agent}, {"Venezuelan opposition", "VENOPP", "VEN", Agent},
				{"Syrian rebels", "SYRREB", "SYR", Agent}, {"Colombian insurgents", "COLREB", "COL", Agent},
				{"Thai protesters", "THAOPP", "THA", Agent}, {"Afghan civilians", "AFGCVL", "AFG", Agent},
				{"US Commerce Department", "USAGOV", "USA", Agent},
			},
		},
		{
			name: "capital with agent", reason: "a capital stands for its country before an agent",
			sentence: "Beijing's military and Tokyo’s Defence Ministry",
			want:     []found{{"Beijing's military", "CHNMIL", "CHN", Agent}, {"Tokyo’s Defence Ministry", "JPNGOV", "JPN", Agent}},
		},
		{
			name: "agent of country", reason: "AGENT of [the] COUNTRY",
			sentence: "The President of France met the Prime Minister of India.",
			want:     []found{{"President of France", "FRAGOV", "FRA", Agent}, {"Prime Minister of India", "INDGOV", "IND", Agent}},
		},
		{
			name: "IGO agents", reason: "NATO forces are IGOWSTNATMIL; an IGO's GOV is the IGO",
			sentence: "NATO forces and the NATO secretary general",
			want:     []found{{"NATO forces", "IGOWSTNATMIL", "IGOWSTNAT", Agent}, {"NATO secretary general", "IGOWSTNAT", "IGOWSTNAT", Agent}},
		},
		{
			name: "bound agents", reason: "generic words count only next to a country",
			sentence: "The president said people and companies were on a mission.",
		},
		{
			name: "non-actor phrases", reason: "names inside non-actor phrases are not actors",
			sentence: "The South China Sea, the East China Sea, the South and East China Seas, the Taiwan Strait, the Indo-Pacific, the North Atlantic, Chinese New Year and French fries.",
		},
		{
			name: "hyphens", reason: "X-based is no actor; hyphenated pairs are two actors",
			sentence: "London-based analysts watched the China-Russia partnership; it cost US$5bn.",
			want:     []found{{"China", "CHN", "CHN", Country}, {"Russia", "RUS", "RUS", Country}},
		},
		{
			name: "named institutions", reason: "actors with fixed codes",
			sentence: "Xinhua, the PLA and the Pentagon",
			want:     []found{{"Xinhua", "CHNMED", "CHN", Agent}, {"PLA", "CHNMIL", "CHN", Agent}, {"Pentagon", "USAMIL", "USA", Agent}},
		},
		{
			name: "groups", reason: "non-state groups are Group",
			sentence: "Hamas and the Houthis",
			want:     []found{{"Hamas", "PSEREB", "PSE", Group}, {"Houthis", "YEMREB", "YEM", Group}},
		},
		{
			name: "title and person", reason: "a country and a title before a name merge into the person",
			sentence: "French President Emmanuel Macron met US Secretary of State Antony Blinken.", date: "2023-06-18",
			want: []found{{"French President Emmanuel Macron", "FRAGOV", "FRA", Person}, {"US Secretary of State Antony Blinken", "USAGOV", "USA", Person}},
		},
		{
			name: "other first name", reason: "a listed surname after someone else's first name is not the listed person",
			sentence: "Finance Minister Gerhard Stoltenberg said, and Mr Stoltenberg agreed.", date: "1987-03-01",
			want: []found{{"Stoltenberg", "NORCVL", "NOR", Person}},
		},
		{
			name: "empty", reason: "nothing to find",
			sentence: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			date := day("2024-06-01")
			if tt.date != "" {
				date = day(tt.date)
			}
			got := finds(d, tt.sentence, date)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q): %s (-want +got):\n%s", tt.sentence, tt.reason, diff)
			}
		})
	}
}

func TestPeopleByDate(t *testing.T) {
	d := dict(t)
	tests := []struct {
		name, reason, sentence, date string
		want                         []string // codes in order
	}{
		{"Stoltenberg before", "NATO's Secretary General until 2024-10-01", "Stoltenberg and Rutte", "2024-09-30", []string{"IGOWSTNAT", "NLDCVL"}},
		{"Rutte from", "Rutte from 2024-10-01 (spans are half-open)", "Stoltenberg and Rutte", "2024-10-01", []string{"NORCVL", "IGOWSTNAT"}},
		{"Stoltenberg in Norway", "Norway's finance minister from 2025-02-04", "Jens Stoltenberg", "2025-03-01", []string{"NORGOV"}},
		{"Rutte as PM", "Dutch prime minister until 2024-07-02", "Mark Rutte", "2020-01-01", []string{"NLDGOV"}},
		{"Biden before", "Biden is president until 2025-01-20", "Biden and Trump", "2025-01-19", []string{"USAGOV", "USACVL"}},
		{"Trump from", "Trump is president again from 2025-01-20", "Biden and Trump", "2025-01-20", []string{"USACVL", "USAGOV"}},
		{"Trump first term", "2017-01-20 to 2021-01-20", "Donald Trump", "2019-06-01", []string{"USAGOV"}},
		{"Trump between terms", "no role: a civilian of his country", "Trump", "2023-01-01", []string{"USACVL"}},
		{"Biden as vice president", "vice president 2009–2017", "Joe Biden", "2015-01-01", []string{"USAGOV"}},
		{"Kishida", "prime minister until 2024-10-01", "Kishida and Ishiba", "2024-09-30", []string{"JPNGOV", "JPNCVL"}},
		{"Ishiba", "prime minister from 2024-10-01", "Kishida and Ishiba", "2024-10-01", []string{"JPNCVL", "JPNGOV"}},
		{"Macron before", "economy minister until 2016-08-30, then nothing until 2017-05-14", "Macron", "2017-01-01", []string{"FRACVL"}},
		{"Macron president", "president from 2017-05-14", "Macron", "2017-05-14", []string{"FRAGOV"}},
		{"Zelensky before", "president from 2019-05-20", "Volodymyr Zelensky", "2019-05-19", []string{"UKRCVL"}},
		{"Zelensky", "president from 2019-05-20", "Zelensky", "2019-05-20", []string{"UKRGOV"}},
		{"Xi and Wang", "China's leader and its top diplomat", "Xi Jinping and Wang Yi", "2023-08-09", []string{"CHNGOV", "CHNGOV"}},
		{"Sharif 2016", "only Nawaz Sharif held office", "Sharif", "2016-08-01", []string{"PAKGOV"}},
		{"Guterres", "UN Secretary-General", "Guterres", "2023-01-01", []string{"IGOUNO"}},
		{"von der Leyen", "German defence minister, then Commission president", "Ursula von der Leyen", "2018-01-01", []string{"DEUGOV"}},
		{"Taliban leader", "AFGREB until the fall of Kabul, AFGGOV after", "Akhundzada", "2021-08-15", []string{"AFGGOV"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range d.Find(tt.sentence, day(tt.date), nil) {
				if m.Kind != Person {
					t.Errorf("%q: kind %v, want person", tt.sentence[m.Start:m.End], m.Kind)
				}
				got = append(got, m.Code)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q, %s): %s (-want +got):\n%s", tt.sentence, tt.date, tt.reason, diff)
			}
		})
	}
}

func TestPersonName(t *testing.T) {
	d := dict(t)
	ms := d.Find("Ukraine President Volodymyr Zelensky", day("2023-08-09"), nil)
	want := []Match{{Start: 0, End: 36, Code: "UKRGOV", Country: "UKR", Kind: Person, Name: "Volodymyr Zelensky"}}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestFixture reads a real analyst brief and checks the actors it names.
func TestFixture(t *testing.T) {
	b, err := os.ReadFile("../../../shared/fixtures/pamir-nato-china-2023-08-09.txt")
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("no fixture")
	}
	if err != nil {
		t.Fatal(err)
	}
	d := dict(t)
	date := day("2023-08-09")
	got := map[found]bool{}
	for line := range strings.Lines(string(b)) {
		for _, m := range d.Find(line, date, nil) {
			got[found{line[m.Start:m.End], m.Code, m.Country, m.Kind}] = true
		}
	}
	for _, want := range []found{
		{"NATO", "IGOWSTNAT", "IGOWSTNAT", IGO},
		{"China", "CHN", "CHN", Country},
		{"China’s Mission to the EU", "CHNGOV", "CHN", Agent},
		{"China’s Foreign Ministry", "CHNGOV", "CHN", Agent},
		{"Japan", "JPN", "JPN", Country},
		{"France", "FRA", "FRA", Country},
		{"French President Emmanuel Macron", "FRAGOV", "FRA", Person},
		{"President Macron", "FRAGOV", "FRA", Person},
		{"Chinese media", "CHNMED", "CHN", Agent},
		{"Turkey", "TUR", "TUR", Country},
		{"Sweden", "SWE", "SWE", Country},
		{"US", "USA", "USA", Country},
		{"Ukraine President Volodymyr Zelensky", "UKRGOV", "UKR", Person},
		{"Germany", "DEU", "DEU", Country},
		{"Beijing", "CHNGOV", "CHN", Agent},
		{"EU", "IGOEUREEC", "IGOEUREEC", IGO},
		{"South Korea", "KOR", "KOR", Country},
		{"US companies", "USABUS", "USA", Agent},
	} {
		if !got[want] {
			t.Errorf("not found: %+v", want)
		}
	}
	for f := range got {
		switch f.Text {
		case "Taiwan", "Indo", "Pacific", "Atlantic":
			t.Errorf("found %+v inside a non-actor phrase", f)
		}
	}
}

func TestResolve(t *testing.T) {
	d := dict(t)
	d2 := *d
	d2.resolveD = func() time.Time { return day("2023-06-01") }
	tests := []struct {
		in, want, reason string
	}{
		{"NATO", "IGOWSTNAT", "IGO short name"},
		{"nato", "IGOWSTNAT", "case does not matter"},
		{"EU", "IGOEUREEC", "EU"},
		{"the European Union", "IGOEUREEC", "a leading the"},
		{"China", "CHN", "country name"},
		{"CHN", "CHN", "a code is itself"},
		{"chngov", "CHNGOV", "a composed code in any case"},
		{"IGOWSTNATMIL", "IGOWSTNATMIL", "IGO with an agent"},
		{"Chinese military", "CHNMIL", "adjective and agent"},
		{"Japan's defence ministry", "JPNGOV", "possessive and agent"},
		{"Macron", "FRAGOV", "a person, by their role today"},
		{"Stoltenberg", "IGOWSTNAT", "a person, by their role today (2023)"},
		{"Korea, Republic of", "KOR", "ISO's inverted names"},
		{"Beijing", "CHNGOV", "capital"},
		{"state media", "MED", "agent alone"},
		{"us", "USA", "user input is not case-sensitive"},
		{"Russian Federation", "RUS", "ISO name"},
	}
	for _, tt := range tests {
		got, ok := d2.Resolve(tt.in)
		if got != tt.want || !ok {
			t.Errorf("Resolve(%q) = %q, %v; want %q (%s)", tt.in, got, ok, tt.want, tt.reason)
		}
	}
	for _, in := range []string{"", "Atlantis", "XYZ", "the", "CHNXYZ", "China and Japan"} {
		if got, ok := d2.Resolve(in); ok {
			t.Errorf("Resolve(%q) = %q, want unknown", in, got)
		}
	}
}

func TestName(t *testing.T) {
	d := dict(t)
	for code, want := range map[string]string{
		"IGOWSTNAT":    "NATO",
		"CHNGOV":       "China government",
		"FRA":          "France",
		"CHNMED":       "China media",
		"IGOWSTNATMIL": "NATO military",
		"MED":          "media",
		"RUS":          "Russia",
		"USA":          "United States",
		"PHLCOP":       "Philippines police",
		"XYZ":          "XYZ",
		"":             "",
	} {
		if got := d.Name(code); got != want {
			t.Errorf("Name(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestMembers(t *testing.T) {
	d := dict(t)
	tests := []struct {
		group, date string
		n           int
		has, hasNot string
		reason      string
	}{
		{"IGOWSTNAT", "2023-07-11", 31, "FIN", "SWE", "Finland joined 2023-04-04, Sweden 2024-03-07"},
		{"NATO", "2024-03-08", 32, "SWE", "", "Sweden is the 32nd"},
		{"IGOWSTNAT", "2023-04-03", 30, "TUR", "FIN", "the day before Finland"},
		{"EU", "2020-01-31", 28, "GBR", "", "the UK's last day"},
		{"EU", "2020-02-01", 27, "HRV", "GBR", "after Brexit"},
		{"G7", "2024-01-01", 7, "CAN", "RUS", "seven"},
		{"G20", "2023-09-08", 20, "IGOEUREEC", "IGOAFRAFU", "19 countries and the EU"},
		{"G20", "2023-09-09", 21, "IGOAFRAFU", "", "the African Union joins"},
		{"Quad", "2024-01-01", 4, "IND", "", "four"},
		{"AUKUS", "2024-01-01", 3, "GBR", "", "three"},
		{"ASEAN", "2024-01-01", 10, "BRN", "TLS", "ten"},
		{"BRICS", "2024-06-01", 9, "EGY", "IDN", "the 2024 enlargement"},
		{"SCO", "2024-07-04", 10, "BLR", "", "Belarus"},
	}
	for _, tt := range tests {
		got := d.Members(tt.group, day(tt.date))
		if len(got) != tt.n {
			t.Errorf("Members(%s, %s): %d members %v, want %d (%s)", tt.group, tt.date, len(got), got, tt.n, tt.reason)
		}
		has := map[string]bool{}
		for _, c := range got {
			has[c] = true
		}
		if tt.has != "" && !has[tt.has] || tt.hasNot != "" && has[tt.hasNot] {
			t.Errorf("Members(%s, %s) = %v: want %s in, %s out (%s)", tt.group, tt.date, got, tt.has, tt.hasNot, tt.reason)
		}
	}
	if got := d.Members("Atlantis", day("2024-01-01")); got != nil {
		t.Errorf("Members(Atlantis) = %v, want nil", got)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown agent", "agent XYZ | wizards", "bad.txt:1: agent: unknown CAMEO agent code \"XYZ\""},
		{"unknown agent in actor", "# comment\nactor CHNXYZ | Ministry of Magic", "bad.txt:2: unknown code \"XYZ\""},
		{"unknown country in person", "person ZZZ | Nobody", "bad.txt:1: person: unknown country \"ZZZ\""},
		{"unknown keyword", "countree CHN | China", "bad.txt:1: unknown keyword \"countree\""},
		{"missing names", "country CHN |", "bad.txt:1: country: missing names"},
		{"empty list item", "nonactor | a;; b", "bad.txt:1: empty item"},
		{"bad date", "person FRA | X | FRAGOV 2017-13-01.. President", "bad.txt:1: bad date"},
		{"span backwards", "person FRA | X | FRAGOV 2018-01-01..2017-01-01", "bad.txt:1: span"},
		{"bad code", "actor chngov | x", "bad.txt:1: bad code"},
		{"member of unknown group", "member IGOXXXYYY | FRA | 2000-01-01..", "bad.txt:1: member: unknown group"},
		{"unknown key", "country FRA | France | capitol: Paris", "bad.txt:1: unknown key \"capitol\""},
		{"petrarch unknown agent", "WIZARD_ [~WIZ]", "bad.txt:1: unknown CAMEO agent code \"WIZ\""},
		{"petrarch unknown agent in actor", "\n\nMINISTRY_OF_MAGIC_ [GBRXYZ]", "bad.txt:3: unknown CAMEO agent code \"XYZ\""},
		{"petrarch bad date", "SOMEONE_\n[FRAGOV 991399-000101]", "bad.txt:2: bad date"},
		{"petrarch no code", "SOMEONE_\nOTHER_ [FRA]", "bad.txt:1: \"SOMEONE\" has no code"},
		{"petrarch synonym first", "+SOMEONE_", "bad.txt:1: synonym"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadReaders(map[string]io.Reader{"bad.txt": strings.NewReader(tt.text)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadReaders(%q) = %v, want an error containing %q", tt.text, err, tt.want)
			}
		})
	}
}

func TestLoadExtra(t *testing.T) {
	extra := "# our own format\n" +
		"agent GOV | grand poobah | bound\n" +
		"person FRA | Jean Exemple; Exemple | FRAGOV 2020-01..2021-01 Minister\n" +
		"nonactor | French toast\n"
	d, err := LoadReaders(map[string]io.Reader{"extra.txt": strings.NewReader(extra)})
	if err != nil {
		t.Fatal(err)
	}
	got := finds(d, "The French grand poobah met Exemple over French toast.", day("2020-06-01"))
	want := []found{{"French grand poobah", "FRAGOV", "FRA", Agent}, {"Exemple", "FRAGOV", "FRA", Person}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPetrarch(t *testing.T) {
	d, err := Load("testdata/petrarch/actors.txt", "testdata/petrarch/agents.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason, sentence, date string
		want                         []found
	}{
		{"country and synonyms", "NAME_ [CODE] and +SYNONYM_ lines; an unknown country code is declared",
			"Freedonia and the Freedonians met Sylvania.", "2020-01-01",
			[]found{{"Freedonia", "FRD", "FRD", Country}, {"Freedonians", "FRD", "FRD", Country}, {"Sylvania", "SYL", "SYL", Country}}},
		{"agents", "WORD_ [~GOV] agents compose with countries",
			"The Freedonian grand vizier and the Sylvania palace guard.", "2020-01-01",
			[]found{{"Freedonian grand vizier", "FRDGOV", "FRD", Agent}, {"Sylvania palace guard", "SYLMIL", "SYL", Agent}}},
		{"agent stands alone", "PETRARCH agents are actors alone too",
			"The harbour police said.", "2020-01-01",
			[]found{{"harbour police", "COP", "", Agent}}},
		{"dated range", "[CODE YYMMDD-YYMMDD], end day included",
			"Firefly", "2033-12-31", []found{{"Firefly", "FRDGOV", "FRD", Person}}},
		{"undated code is the default", "[FRDELI] outside the dated span",
			"Rufus T. Firefly", "2034-01-01", []found{{"Rufus T. Firefly", "FRDELI", "FRD", Person}}},
		{"open ranges", "[CODE >YYMMDD] and [CODE <YYMMDD]",
			"ZELENSKY", "2019-05-19", []found{{"ZELENSKY", "UKRCVL", "UKR", Person}}},
		{"a user's entry for a known person", "a later entry for the same person does not make the name ambiguous",
			"Trump", "2025-02-01", []found{{"Trump", "USAGOV", "USA", Person}}},
		{"party codes", "codes after the agent are kept as they are",
			"the Workers Party of Turkey", "2020-01-01", []found{{"Workers Party of Turkey", "TURGOVAKP", "TUR", Agent}}},
		{"capitalised words only", "PETRARCH names match capitalised words",
			"freedonia", "2020-01-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := finds(d, tt.sentence, day(tt.date))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q): %s (-want +got):\n%s", tt.sentence, tt.reason, diff)
			}
		})
	}
	if got := d.Name("FRDGOV"); got != "Freedonia government" {
		t.Errorf("Name(FRDGOV) = %q", got)
	}
}

// TestISOCopy checks that data/iso3166.tsv is the acled/country table; run
// go generate ./internal/actor after changing that table.
func TestISOCopy(t *testing.T) {
	src, err := os.ReadFile("../source/acled/country/countries.tsv")
	if err != nil {
		t.Skip(err)
	}
	dst, err := dataFS.ReadFile("data/iso3166.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if string(src) != string(dst) {
		t.Error("data/iso3166.tsv differs from internal/source/acled/country/countries.tsv: run go generate ./internal/actor")
	}
}

// TestDataCodes checks the embedded tables against the ISO table: every
// country code is an ISO code (or Kosovo's XKX, which the table has), and
// every person's country is known.
func TestDataCodes(t *testing.T) {
	d := dict(t)
	iso := country.Load()
	for _, p := range d.places {
		if !p.igo && !iso.IsCode(p.code) {
			t.Errorf("country %s (%s) is not in the ISO table", p.code, p.name)
		}
	}
	people := 0
	for _, p := range d.people {
		people++
		if p.country < 0 {
			t.Errorf("person %s has no country", p.name)
		}
		for _, r := range p.roles {
			if r.from >= r.to {
				t.Errorf("person %s: role %s ends before it starts", p.name, r.code)
			}
		}
	}
	if people < 400 {
		t.Errorf("%d people, want 400 or more", people)
	}
}

func TestConcurrentFind(t *testing.T) {
	d := dict(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				if ms := d.Find("French President Emmanuel Macron met Chinese media in Beijing.", day("2023-01-01"), nil); len(ms) != 3 {
					t.Errorf("got %d matches, want 3", len(ms))
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestFindAllocs(t *testing.T) {
	d := dict(t)
	dst := make([]Match, 0, 16)
	date := day("2023-01-01")
	n := testing.AllocsPerRun(100, func() {
		dst = d.Find("French President Emmanuel Macron met Chinese media in Beijing.", date, dst[:0])
	})
	if n != 0 {
		t.Errorf("Find allocates %v times, want 0", n)
	}
}
