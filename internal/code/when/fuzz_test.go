package when

import (
	"testing"
	"time"
)

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Japan and France held their first joint fighter drill between 26-29 July, officials said on Wednesday night.",
		"NATO leaders met on July 11-12, 2023 in Vilnius; from 30 June to 2 July; in mid-July; in 2008; last week.",
		"two days ago, yesterday, 2023-07-12, 12/07/2023, 2% of GDP, F-16s, No. 10, at 14:30, over the weekend.",
		"WHEAT MAY7 285 UP 1 JUL7 272 OFF 1 on 31 June\xff\xe2\x80\x93 Sept.11 the 12th of July",
	} {
		f.Add(s, int64(1690988400)) // 2 August 2023
	}
	f.Fuzz(func(t *testing.T, s string, sec int64) {
		// Publication times from 1900 to 2200.
		const lo, span = -2208988800, 300 * 365 * 86400
		sec = lo + (sec%span+span)%span
		pub := time.Unix(sec, 0).UTC()
		d, ok := Find(s, pub)
		all := All(s, pub, nil)
		if ok != (len(all) > 0) {
			t.Fatalf("Find found %v but All found %d dates", ok, len(all))
		}
		if ok {
			checkDate(t, s, d)
		}
		prev := 0
		for _, a := range all {
			checkDate(t, s, a)
			if a.Span.Start < prev {
				t.Fatalf("All's dates overlap or are out of order: %+v starts before %d", a, prev)
			}
			prev = a.Span.End
		}
	})
}

func checkDate(t *testing.T, s string, d Date) {
	t.Helper()
	if d.Span.Start < 0 || d.Span.End <= d.Span.Start || d.Span.End > len(s) {
		t.Fatalf("span %v out of range for a sentence of %d bytes", d.Span, len(s))
	}
	if d.Text != s[d.Span.Start:d.Span.End] {
		t.Fatalf("Text %q is not the text of span %v", d.Text, d.Span)
	}
	if d.Day.IsZero() || d.Day.Location() != time.UTC || d.Day.Hour() != 0 || d.Day.Minute() != 0 || d.Day.Second() != 0 {
		t.Fatalf("Day %v is not a UTC midnight", d.Day)
	}
	if !d.End.IsZero() && !d.End.After(d.Day) {
		t.Fatalf("End %v is not after Day %v", d.End, d.Day)
	}
	switch d.Precision {
	case PrecisionDay, PrecisionWeek, PrecisionMonth, PrecisionYear:
	default:
		t.Fatalf("unknown precision %q", d.Precision)
	}
}
