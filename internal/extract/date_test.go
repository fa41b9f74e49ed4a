package extract

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func utcDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParseDate(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		name   string
		in     string
		want   time.Time
		ok     bool
		reason string
	}{
		{"day month year", "09 August 2023", utcDate(2023, 8, 9), true, "the form on the fixture"},
		{"day month year unpadded", "9 August 2023", utcDate(2023, 8, 9), true, ""},
		{"abbreviated month first", "Aug. 9, 2023", utcDate(2023, 8, 9), true, "AP style"},
		{"full month first", "August 9, 2023", utcDate(2023, 8, 9), true, "US style"},
		{"ordinal", "9th of August, 2023", utcDate(2023, 8, 9), true, ""},
		{"ordinal month first", "Aug 9th 2023", utcDate(2023, 8, 9), true, ""},
		{"upper case", "09 AUGUST 2023", utcDate(2023, 8, 9), true, ""},
		{"leading weekday", "Wednesday, 9 August 2023", utcDate(2023, 8, 9), true, ""},
		{"leading published", "Published 12 July 2023", utcDate(2023, 7, 12), true, "datelines start with a verb"},
		{"iso date", "2023-08-09", utcDate(2023, 8, 9), true, ""},
		{"iso slashes", "2023/08/09", utcDate(2023, 8, 9), true, ""},
		{"compact", "20230809", utcDate(2023, 8, 9), true, "meta pubdate values"},
		{"rfc3339 zulu", "2023-08-09T10:30:00Z", time.Date(2023, 8, 9, 10, 30, 0, 0, time.UTC), true, ""},
		{"rfc3339 offset", "2023-08-09T10:30:00+02:00", time.Date(2023, 8, 9, 8, 30, 0, 0, time.UTC), true, "compared as instants"},
		{"rfc3339 nanos", "2023-08-09T10:30:00.123456789-04:00", time.Date(2023, 8, 9, 14, 30, 0, 123456789, time.UTC), true, ""},
		{"iso space no zone", "2023-08-09 10:30:00", time.Date(2023, 8, 9, 10, 30, 0, 0, time.UTC), true, "no zone means UTC"},
		{"iso offset without colon", "2023-08-09T10:30:00+0200", time.Date(2023, 8, 9, 8, 30, 0, 0, time.UTC), true, ""},
		{"rfc1123", "Wed, 09 Aug 2023 10:30:00 GMT", time.Date(2023, 8, 9, 10, 30, 0, 0, time.UTC), true, ""},
		{"rfc1123z", "Wed, 09 Aug 2023 10:30:00 +0200", time.Date(2023, 8, 9, 8, 30, 0, 0, time.UTC), true, ""},
		{"rfc822", "09 Aug 23 10:30 EDT", time.Date(2023, 8, 9, 14, 30, 0, 0, time.UTC), true, "two-digit year"},
		{"rfc850", "Wednesday, 09-Aug-23 10:30:00 UTC", time.Date(2023, 8, 9, 10, 30, 0, 0, time.UTC), true, ""},
		{"ansic", "Wed Aug  9 10:30:00 2023", time.Date(2023, 8, 9, 10, 30, 0, 0, time.UTC), true, "year after the clock"},
		{"unix date", "Wed Aug  9 10:30:00 CET 2023", time.Date(2023, 8, 9, 10, 30, 0, 0, cet), true, ""},
		{"reuters sgml", "26-FEB-1987 15:01:01.79", time.Date(1987, 2, 26, 15, 1, 1, 790000000, time.UTC), true, "Reuters-21578 DATE field"},
		{"clock with am pm", "August 9, 2023 at 3:15 p.m. EDT", time.Date(2023, 8, 9, 19, 15, 0, 0, time.UTC), true, ""},
		{"dateline with zone", "12 July 2023, 09:40 CET", time.Date(2023, 7, 12, 8, 40, 0, 0, time.UTC), true, ""},
		{"french", "12 juillet 2023", utcDate(2023, 7, 12), true, ""},
		{"french premier", "1er août 2023", utcDate(2023, 8, 1), true, ""},
		{"german", "11. Juli 2023", utcDate(2023, 7, 11), true, ""},
		{"german umlaut", "3. März 2023", utcDate(2023, 3, 3), true, ""},
		{"spanish", "12 de julio de 2023", utcDate(2023, 7, 12), true, ""},
		{"numeric slash", "08/09/2023", utcDate(2023, 8, 9), true, "a slash puts the month first"},
		{"numeric slash day first", "25/08/2023", utcDate(2023, 8, 25), true, "25 cannot be a month"},
		{"numeric dots", "09.08.2023", utcDate(2023, 8, 9), true, "dots put the day first"},
		{"surrounding space", "  9 August 2023 \n", utcDate(2023, 8, 9), true, ""},
		{"empty", "", time.Time{}, false, ""},
		{"words", "no date here", time.Time{}, false, ""},
		{"month and year only", "August 2023", time.Time{}, false, "no day"},
		{"day and month only", "9 August", time.Time{}, false, "no year"},
		{"february 30", "30 February 2023", time.Time{}, false, "no such day"},
		{"leap day", "29 February 2024", utcDate(2024, 2, 29), true, ""},
		{"not a leap day", "29 February 2023", time.Time{}, false, ""},
		{"trailing words", "9 August 2023 was a Wednesday", time.Time{}, false, "ParseDate wants only a date"},
		{"bad hour", "2023-08-09T25:00:00Z", time.Time{}, false, ""},
		{"month 13", "2023-13-01", time.Time{}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if ok != tt.ok {
				t.Fatalf("ParseDate(%q) ok = %v, want %v (%s)", tt.in, ok, tt.ok, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDate(%q) mismatch (-want +got): %s\n%s", tt.in, tt.reason, diff)
			}
		})
	}
}

func TestFindDate(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   time.Time
		ok     bool
		reason string
	}{
		{"inside a sentence", "Talks resumed on 9 August 2023 in Brussels.", utcDate(2023, 8, 9), true, ""},
		{"range takes the last day", "held on 11-12 July 2023 in Vilnius", utcDate(2023, 7, 12), true, "the first day has no month of its own"},
		{"no year", "On 12 July the ministry issued a statement.", time.Time{}, false, "a date without a year is not a publication date"},
		{"byline and reading time", "11 July 2023 · 4 min read", utcDate(2023, 7, 11), true, ""},
		{"compact number ignored", "Order 20230809 shipped", time.Time{}, false, "eight digits in text are usually not dates"},
		{"old year ignored", "the treaty of 12 May 1066", time.Time{}, false, "years before 1900 are not publication dates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := findDate(tt.in, 200)
			if ok != tt.ok {
				t.Fatalf("findDate(%q) ok = %v, want %v (%s)", tt.in, ok, tt.ok, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findDate(%q) mismatch (-want +got): %s\n%s", tt.in, tt.reason, diff)
			}
		})
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Time
		ok   bool
	}{
		{"slashes", "https://example.org/news/2023/08/09/china-nato", utcDate(2023, 8, 9), true},
		{"hyphens in slug", "https://example.org/2023-08-09-china-nato.html", utcDate(2023, 8, 9), true},
		{"compact", "https://example.org/news/20230809/china", utcDate(2023, 8, 9), true},
		{"month only", "https://example.org/2023/08/china", time.Time{}, false},
		{"mixed separators", "https://example.org/2023/08-09/x", time.Time{}, false},
		{"long id", "https://example.org/article/202308091234", time.Time{}, false},
		{"empty", "", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := urlDate(tt.in)
			if ok != tt.ok {
				t.Fatalf("urlDate(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("urlDate(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func ExampleParseDate() {
	for _, s := range []string{"09 August 2023", "Aug. 9, 2023", "26-FEB-1987 15:01:01.79", "sometime in August"} {
		t, ok := ParseDate(s)
		fmt.Println(t.Format(time.RFC3339), ok)
	}
	// Output:
	// 2023-08-09T00:00:00Z true
	// 2023-08-09T00:00:00Z true
	// 1987-02-26T15:01:01Z true
	// 0001-01-01T00:00:00Z false
}

func BenchmarkParseDate(b *testing.B) {
	inputs := []string{"09 August 2023", "2023-08-09T10:30:00+02:00", "Wed, 09 Aug 2023 10:30:00 GMT", "Aug. 9, 2023"}
	for i := 0; b.Loop(); i++ {
		ParseDate(inputs[i%len(inputs)])
	}
}
