package when

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Publication times of the test articles.
var (
	wed2Aug2023   = time.Date(2023, 8, 2, 15, 0, 0, 0, time.UTC) // a Wednesday
	mon7Aug2023   = time.Date(2023, 8, 7, 9, 30, 0, 0, time.UTC)
	wed18Oct2023  = time.Date(2023, 10, 18, 8, 0, 0, 0, time.UTC)
	wed3Jan2024   = time.Date(2024, 1, 3, 12, 0, 0, 0, time.UTC)
	wed10Jan2024  = time.Date(2024, 1, 10, 12, 0, 0, 0, time.UTC)
	fri14Jun2024  = time.Date(2024, 6, 14, 12, 0, 0, 0, time.UTC)
	eveningInLima = time.Date(2023, 8, 2, 23, 30, 0, 0, time.FixedZone("PET", -5*3600)) // 3 August in UTC
)

// want describes an expected Date: the phrase, which must occur once in the
// sentence, its first and last day ("2006-01-02", last empty when not a
// range) and its precision.
type want struct {
	phrase, day, last, prec string
}

func (w want) date(t *testing.T, sentence string) Date {
	t.Helper()
	i := strings.Index(sentence, w.phrase)
	if i < 0 || strings.Count(sentence, w.phrase) != 1 {
		t.Fatalf("bad test: phrase %q is not once in %q", w.phrase, sentence)
	}
	d := Date{Text: w.phrase, Precision: w.prec, Day: mustDay(t, w.day)}
	d.Span.Start, d.Span.End = i, i+len(w.phrase)
	if w.last != "" {
		d.End = mustDay(t, w.last)
	}
	return d
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad test: %v", err)
	}
	return d
}

func TestFind(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		sentence  string
		published time.Time
		want      *want // nil: no date
	}{
		{
			name:      "day month",
			reason:    "'on 12 July' without a year takes the publication year",
			sentence:  "Allied leaders agreed the wording on 11 July after a night of talks.",
			published: wed2Aug2023,
			want:      &want{"on 11 July", "2023-07-11", "", PrecisionDay},
		},
		{
			name:      "day month year",
			reason:    "a written year is used as is",
			sentence:  "Sweden formally joined the alliance on 7 March 2024, ending two centuries of non-alignment.",
			published: fri14Jun2024,
			want:      &want{"on 7 March 2024", "2024-03-07", "", PrecisionDay},
		},
		{
			name:      "month day",
			reason:    "American order, no preposition",
			sentence:  "The summit opened July 11 in Vilnius with Turkey's assent to Sweden's bid.",
			published: wed2Aug2023,
			want:      &want{"July 11", "2023-07-11", "", PrecisionDay},
		},
		{
			name:      "month day comma year",
			reason:    "'July 12, 2023'",
			sentence:  "NATO leaders met Ukraine's president on July 12, 2023, in a new council.",
			published: fri14Jun2024,
			want:      &want{"on July 12, 2023", "2023-07-12", "", PrecisionDay},
		},
		{
			name:      "ordinal",
			reason:    "'the 12th of July'",
			sentence:  "The council first met on the 12th of July.",
			published: wed2Aug2023,
			want:      &want{"on the 12th of July", "2023-07-12", "", PrecisionDay},
		},
		{
			name:      "abbreviated month",
			reason:    "'Oct. 17' with its period",
			sentence:  "The Commerce Department on Oct. 17 tightened curbs on AI chip exports to China.",
			published: wed18Oct2023,
			want:      &want{"on Oct. 17", "2023-10-17", "", PrecisionDay},
		},
		{
			name:      "weekday on its day",
			reason:    "'on Wednesday' in an article published on a Wednesday is that day",
			sentence:  "Chinese and Russian warships sailed near Alaska on Wednesday, officials said.",
			published: wed2Aug2023,
			want:      &want{"on Wednesday", "2023-08-02", "", PrecisionDay},
		},
		{
			name:      "weekday before",
			reason:    "'on Monday' is the most recent Monday before publication",
			sentence:  "Manila summoned China's envoy on Monday over the water cannon attack.",
			published: wed2Aug2023,
			want:      &want{"on Monday", "2023-07-31", "", PrecisionDay},
		},
		{
			name:      "last weekday",
			reason:    "'last Wednesday' is strictly before a Wednesday publication",
			sentence:  "The two navies ended their drill last Wednesday.",
			published: wed2Aug2023,
			want:      &want{"last Wednesday", "2023-07-26", "", PrecisionDay},
		},
		{
			name:      "weekday night",
			reason:    "the time of day is part of the phrase",
			sentence:  "Ukraine struck the Kerch bridge on Monday night, Russian officials said.",
			published: wed2Aug2023,
			want:      &want{"on Monday night", "2023-07-31", "", PrecisionDay},
		},
		{
			name:      "weekday with date",
			reason:    "a weekday before a date takes the date",
			sentence:  "The council met on Wednesday, July 12, in Vilnius.",
			published: wed2Aug2023,
			want:      &want{"on Wednesday, July 12", "2023-07-12", "", PrecisionDay},
		},
		{
			name:      "yesterday",
			reason:    "the day before publication",
			sentence:  "Beijing announced export curbs on gallium and germanium yesterday.",
			published: wed2Aug2023,
			want:      &want{"yesterday", "2023-08-01", "", PrecisionDay},
		},
		{
			name:      "today in the publisher's time zone",
			reason:    "the publication day is the date where the article was published, not in UTC",
			sentence:  "Peru's congress voted today on the mining bill.",
			published: eveningInLima,
			want:      &want{"today", "2023-08-02", "", PrecisionDay},
		},
		{
			name:      "tomorrow",
			reason:    "plans are dated too",
			sentence:  "The envoys will meet tomorrow morning in Beijing.",
			published: wed2Aug2023,
			want:      &want{"tomorrow morning", "2023-08-03", "", PrecisionDay},
		},
		{
			name:      "last week",
			reason:    "7 days before publication, to the week",
			sentence:  "Japan protested last week against Chinese buoys near the Senkakus.",
			published: wed2Aug2023,
			want:      &want{"last week", "2023-07-26", "", PrecisionWeek},
		},
		{
			name:      "earlier this week",
			reason:    "the Monday of the publication week",
			sentence:  "Manila said earlier this week that it would repair the ship.",
			published: wed2Aug2023,
			want:      &want{"earlier this week", "2023-07-31", "", PrecisionWeek},
		},
		{
			name:      "last month",
			reason:    "the first day of the month before",
			sentence:  "The export rules announced last month take effect on Tuesday.",
			published: wed2Aug2023,
			want:      &want{"on Tuesday", "2023-08-01", "", PrecisionDay},
		},
		{
			name:      "earlier this month",
			reason:    "the first day of the publication month",
			sentence:  "The curbs took effect earlier this month.",
			published: wed2Aug2023,
			want:      &want{"earlier this month", "2023-08-01", "", PrecisionMonth},
		},
		{
			name:      "days ago",
			reason:    "'two days ago'",
			sentence:  "The vessel ran aground two days ago.",
			published: wed2Aug2023,
			want:      &want{"two days ago", "2023-07-31", "", PrecisionDay},
		},
		{
			name:      "weekend",
			reason:    "'over the weekend' is the Saturday and Sunday before publication",
			sentence:  "Chinese ships blocked the resupply over the weekend.",
			published: mon7Aug2023,
			want:      &want{"over the weekend", "2023-08-05", "2023-08-06", PrecisionDay},
		},
		{
			name:      "between range",
			reason:    "'between 26-29 July': Day is the first day, End the last",
			sentence:  "Japan and France held their first joint fighter drill between 26-29 July.",
			published: wed2Aug2023,
			want:      &want{"between 26-29 July", "2023-07-26", "2023-07-29", PrecisionDay},
		},
		{
			name:      "en dash range",
			reason:    "'26–29 July' with an en dash",
			sentence:  "Rafale and F-15 jets flew together 26–29 July over the Pacific.",
			published: wed2Aug2023,
			want:      &want{"26–29 July", "2023-07-26", "2023-07-29", PrecisionDay},
		},
		{
			name:      "from to range",
			reason:    "'from 26 to 29 July'",
			sentence:  "The air forces trained from 26 to 29 July near Hyakuri.",
			published: wed2Aug2023,
			want:      &want{"from 26 to 29 July", "2023-07-26", "2023-07-29", PrecisionDay},
		},
		{
			name:      "two-day range",
			reason:    "'on 11-12 July'",
			sentence:  "NATO held its summit on 11-12 July in Vilnius.",
			published: wed2Aug2023,
			want:      &want{"on 11-12 July", "2023-07-11", "2023-07-12", PrecisionDay},
		},
		{
			name:      "between and range",
			reason:    "'between 11 and 12 July'",
			sentence:  "Leaders met between 11 and 12 July.",
			published: wed2Aug2023,
			want:      &want{"between 11 and 12 July", "2023-07-11", "2023-07-12", PrecisionDay},
		},
		{
			name:      "American range with year",
			reason:    "'July 26-29, 2023'",
			sentence:  "The drill ran July 26-29, 2023, off Japan's Pacific coast.",
			published: fri14Jun2024,
			want:      &want{"July 26-29, 2023", "2023-07-26", "2023-07-29", PrecisionDay},
		},
		{
			name:      "range across months",
			reason:    "'from 30 June to 2 July'",
			sentence:  "Chinese carriers exercised from 30 June to 2 July east of Taiwan.",
			published: wed2Aug2023,
			want:      &want{"from 30 June to 2 July", "2023-06-30", "2023-07-02", PrecisionDay},
		},
		{
			name:      "range across years",
			reason:    "the end of a range running into January is in the next year",
			sentence:  "Patrols continued between 28 December and 3 January.",
			published: wed10Jan2024,
			want:      &want{"between 28 December and 3 January", "2023-12-28", "2024-01-03", PrecisionDay},
		},
		{
			name:      "year",
			reason:    "'in 2008': to the year, 1 January",
			sentence:  "Russia went to war with Georgia in 2008.",
			published: wed2Aug2023,
			want:      &want{"in 2008", "2008-01-01", "", PrecisionYear},
		},
		{
			name:      "month",
			reason:    "'in July': the most recent July not after publication",
			sentence:  "Beijing announced the curbs in July.",
			published: wed2Aug2023,
			want:      &want{"in July", "2023-07-01", "", PrecisionMonth},
		},
		{
			name:      "month after publication month",
			reason:    "'in September' in an August article is last year's September",
			sentence:  "The ship was last resupplied in September.",
			published: wed2Aug2023,
			want:      &want{"in September", "2022-09-01", "", PrecisionMonth},
		},
		{
			name:      "mid month",
			reason:    "modifiers belong to the phrase",
			sentence:  "The talks stalled in mid-July.",
			published: wed2Aug2023,
			want:      &want{"in mid-July", "2023-07-01", "", PrecisionMonth},
		},
		{
			name:      "month year",
			reason:    "'August 2023'",
			sentence:  "Camp David hosted the trilateral summit in August 2023.",
			published: fri14Jun2024,
			want:      &want{"in August 2023", "2023-08-01", "", PrecisionMonth},
		},
		{
			name:      "ISO date",
			reason:    "ISO dates are unambiguous",
			sentence:  "Filed 2023-07-12: allies agree on Ukraine council.",
			published: fri14Jun2024,
			want:      &want{"2023-07-12", "2023-07-12", "", PrecisionDay},
		},
		{
			name:      "previous December",
			reason:    "'on 28 December' in a January article is last year's",
			sentence:  "Houthi forces fired drones at shipping on 28 December.",
			published: wed3Jan2024,
			want:      &want{"on 28 December", "2023-12-28", "", PrecisionDay},
		},
		{
			name:      "next month",
			reason:    "a date up to 61 days after publication stays in the publication year",
			sentence:  "The talks are set for 12 February in Brussels.",
			published: wed3Jan2024,
			want:      &want{"12 February", "2024-02-12", "", PrecisionDay},
		},
		{
			name:      "headline in capitals",
			reason:    "month names in capitals count",
			sentence:  "NATO SUMMIT OPENS IN VILNIUS ON JULY 11",
			published: wed2Aug2023,
			want:      &want{"ON JULY 11", "2023-07-11", "", PrecisionDay},
		},
		{
			name:      "day beats year",
			reason:    "among dates after prepositions the most precise wins",
			sentence:  "NATO, enlarged in 2004, said on Tuesday that the Baltic states were safe.",
			published: wed2Aug2023,
			want:      &want{"on Tuesday", "2023-08-01", "", PrecisionDay},
		},
		{
			name:      "prepositional beats bare",
			reason:    "a date after 'on' beats a bare date",
			sentence:  "The July 2023 summit agreed plans that ministers adopted on 15 February.",
			published: fri14Jun2024,
			want:      &want{"on 15 February", "2024-02-15", "", PrecisionDay},
		},
		{
			name:      "first after the verb",
			reason:    "of two equally good dates, the first after the first event verb",
			sentence:  "On 5 August, Beijing protested that Manila had resupplied the outpost on 4 August.",
			published: mon7Aug2023,
			want:      &want{"on 4 August", "2023-08-04", "", PrecisionDay},
		},
		{
			name:      "Second Thomas Shoal",
			reason:    "the weekday after the verb",
			sentence:  "Chinese coast guard vessels blocked and fired water cannon at Philippine boats near Second Thomas Shoal on Saturday, Manila said.",
			published: mon7Aug2023,
			want:      &want{"on Saturday", "2023-08-05", "", PrecisionDay},
		},
		{
			name:      "export controls",
			reason:    "a full date with a year in a policy story",
			sentence:  "The U.S. Commerce Department on 17 October 2023 tightened export controls on advanced AI chips.",
			published: wed18Oct2023,
			want:      &want{"on 17 October 2023", "2023-10-17", "", PrecisionDay},
		},
		{
			name:      "Sept. 11",
			reason:    "an abbreviated month with a day",
			sentence:  "NATO invoked Article 5 after the attacks of Sept. 11, 2001.",
			published: wed2Aug2023,
			want:      &want{"of Sept. 11, 2001", "2001-09-11", "", PrecisionDay},
		},
		{"no date", "a sentence without date words", "Allies pledged more air defence for Kyiv.", wed2Aug2023, nil},
		{"percent", "'2% of GDP' is not a date", "Allies agreed to spend at least 2% of GDP on defence.", wed2Aug2023, nil},
		{"F-16s", "'F-16s' is not a date", "Denmark and the Netherlands will train pilots on F-16s.", wed2Aug2023, nil},
		{"counts", "numbers of things are not dates", "The alliance has 32 members and the plan has 90 sections.", wed2Aug2023, nil},
		{"Article 5", "articles and numbers are not dates", "Article 5 applies to attacks on the territory of No. 10's allies.", wed2Aug2023, nil},
		{"time", "'14:30' is a time, not a date", "The vote is set for 14:30 local time.", wed2Aug2023, nil},
		{"numeric date", "'12/07/2023' is ambiguous and skipped", "The note is dated 12/07/2023.", wed2Aug2023, nil},
		{"thousands", "'2,111' is not a day", "The drill involved 2,111 troops.", wed2Aug2023, nil},
		{"bare year", "a bare year-like number is not a year", "About 2008 troops took part.", wed2Aug2023, nil},
		{"of a number", "'of 2000' is not a year", "A force of 2000 troops took part.", wed2Aug2023, nil},
		{"May the name", "'May' without a number or preposition is not a month", "Theresa May backed the deal.", wed2Aug2023, nil},
		{"may the verb", "lower-case month names are not months", "Beijing may retaliate, analysts said.", wed2Aug2023, nil},
		{"possessive month", "'in May's' is a name", "It was a setback in May's talks.", wed2Aug2023, nil},
		{"futures contract", "'MAY7' is a contract, not a date", "WHEAT MAY7 285 UP 1 JUL7 272 OFF 1", wed2Aug2023, nil},
		{"impossible day", "31 June does not exist", "The ships left on 31 June.", wed2Aug2023, nil},
		{"last of many", "'last' before a non-date word", "It was the last time the envoys met.", wed2Aug2023, nil},
		{"decade", "decades are not read", "Tensions rose in the 1990s.", wed2Aug2023, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Find(tt.sentence, tt.published)
			if tt.want == nil {
				if ok {
					t.Errorf("%s\nFind(%q) = %+v, want no date", tt.reason, tt.sentence, got)
				}
				return
			}
			want := tt.want.date(t, tt.sentence)
			if !ok {
				t.Fatalf("%s\nFind(%q) found no date, want %+v", tt.reason, tt.sentence, want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s\nFind(%q) mismatch (-want +got):\n%s", tt.reason, tt.sentence, diff)
			}
			if got.Text != tt.sentence[got.Span.Start:got.Span.End] {
				t.Errorf("Text %q is not the text of Span %v", got.Text, got.Span)
			}
		})
	}
}

func TestNear(t *testing.T) {
	s := "The ministry said on Monday that Chinese ships fired water cannon at a Philippine boat on Saturday."
	tests := []struct {
		name, reason, verb string
		want               want
	}{
		{"reporting verb", "the first date after 'said'", "said", want{"on Monday", "2023-08-07", "", PrecisionDay}},
		{"event verb", "the first date after 'fired'", "fired", want{"on Saturday", "2023-08-05", "", PrecisionDay}},
		{"end", "no date after the verb: the nearest before it", ".", want{"on Saturday", "2023-08-05", "", PrecisionDay}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Near(s, mon7Aug2023, strings.Index(s, tt.verb))
			want := tt.want.date(t, s)
			if !ok {
				t.Fatalf("%s: Near found no date", tt.reason)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: Near(verb %q) mismatch (-want +got):\n%s", tt.reason, tt.verb, diff)
			}
		})
	}
	if got, _ := Find(s, mon7Aug2023); got.Text != "on Monday" {
		t.Errorf("Find without a verb position picked %q, want the date after the first verb, %q", got.Text, "on Monday")
	}
}

func TestAll(t *testing.T) {
	s := "Talks on 11 July, 12 July, 13 July, 14 July, 15 July, 16 July, 17 July, 18 July, 19 July and 20 July."
	got := All(s, wed2Aug2023, nil)
	var texts []string
	for _, d := range got {
		texts = append(texts, d.Text)
	}
	want := []string{"on 11 July", "12 July", "13 July", "14 July", "15 July", "16 July", "17 July", "18 July", "19 July", "20 July"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("All must return every phrase, more than fit in one scan (-want +got):\n%s", diff)
	}
}

func TestKeywords(t *testing.T) {
	for _, w := range keywords {
		if k, _ := lookup(w); k == wNone {
			t.Errorf("keyword %q is unknown to lookup", w)
		}
		cap := strings.ToUpper(w[:1]) + w[1:]
		if k, _ := classify(cap); k == wNone {
			t.Errorf("classify(%q) = wNone, want a kind", cap)
		}
	}
}

func TestFindAllocs(t *testing.T) {
	for _, s := range []string{
		"Japan and France held their first joint fighter drill between 26-29 July, officials said on Wednesday night.",
		"Allies pledged more air defence for Kyiv.",
	} {
		if n := testing.AllocsPerRun(100, func() { Find(s, wed2Aug2023) }); n != 0 {
			t.Errorf("Find(%q) makes %v allocations, want 0", s, n)
		}
	}
}
