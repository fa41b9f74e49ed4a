// Package when finds the date an event happened from the words of its sentence, resolved against the article's publication date.
//
// The event coder calls [Find] on every sentence it codes, so Find makes one
// pass over the sentence, allocates nothing, and turns a sentence without
// digits, month or weekday names or relative words ("yesterday", "last",
// "ago"…) away in well under a microsecond.
//
// # What is read
//
// Dates with a day, to [PrecisionDay]:
//
//   - "12 July", "12th of July", "12 July 2023", "July 12", "July 12th",
//     "July 12, 2023", "Sept. 11", "Wednesday, July 12"; month names count
//     only when capitalised ("May 5", not "may 5");
//   - ranges: "26-29 July", "26–29 July 2023", "between 26-29 July",
//     "between 26 and 29 July", "from 26 to 29 July", "11 and 12 July",
//     "July 26-29", "30 June to 2 July", "from June 30 to July 2": Day is
//     the first day, End the last;
//   - ISO dates "2023-07-12" and "2023/07/12" (other all-number dates, such
//     as "12/07/2023", are ambiguous and are not read);
//   - weekdays: "on Wednesday", "Wednesday", "on Wednesday night": the most
//     recent such weekday on or before the publication day, so "on
//     Wednesday" in an article of a Wednesday is that day; "last Wednesday"
//     is the one strictly before it, "next Wednesday" the one after it;
//   - "yesterday", "today", "tonight", "tomorrow", "this morning", "last
//     night", "earlier today", "two days ago";
//   - "over the weekend", "last weekend": the Saturday before the
//     publication day (the day before when it is a Sunday), with End the
//     Sunday; "this weekend": the weekend of the publication week.
//
// Weeks, to [PrecisionWeek]: "last week" is 7 days before publication;
// "this week" and "earlier this week" are the Monday of the publication
// week; "next week" is 7 days after; "two weeks ago" is 14 days before.
//
// Months, to [PrecisionMonth], Day being the first of the month: "in July",
// "in early July", "in mid-July", "since July", "July 2023", "last July",
// "last month", "earlier this month", "three months ago". A month without a
// year is the most recent one not after the publication month ("in July" in
// an article of June 2024 is July 2023); "last July" is the most recent one
// before it. A month alone counts only after a preposition or a modifier, so
// "Theresa May" and "March/April" are not dates.
//
// Years, to [PrecisionYear], Day being 1 January: "in 2008", "since 2014",
// "by 2030", "late 2023", "last year", "two years ago". A bare number is
// never a year ("2008 troops" is not), nor one after "of", "at", "on" or
// "over".
//
// A day and month without a year take the publication year, or the year
// before when that would put them more than 61 days after publication: "on
// 28 December" in an article of 3 January is the previous December, while
// "on 12 February" in it stays in the same year, as plans are news too.
//
// The publication day is the calendar date of published in its own
// location; dates are returned at UTC midnight.
//
// Numbers that are not days are left alone: "2% of GDP", "F-16s", "32
// members", "90 sections", "Article 5", "No. 10", "14:30", "2,111",
// "3.5".
//
// # Which date dates the event
//
// A sentence may hold several dates. [Find] ranks them:
//
//  1. by how firmly they are attached: after "on", "in", "between", "from",
//     "since", "during" or "over", and relative dates ("yesterday", "last
//     week"), first; after "by", "until", "till", "through", "before",
//     "after", "of" or "at", and bare days ("July 12", "Wednesday"), next;
//     bare months and years ("the July 2023 summit") last;
//  2. then by precision, finest first, so "on Tuesday" beats "since 2014";
//  3. then by place: the first date after the sentence's first event verb
//     (a lower-case past tense such as "attacked" or "met", or one of a few
//     present tenses such as "says"), or, when none follows it, the nearest
//     before it. [Near] does the same with a verb position the caller knows.
//
// All functions are safe for concurrent use.
package when

import "time"

// Precisions of a [Date].
const (
	PrecisionDay   = "day"
	PrecisionWeek  = "week"
	PrecisionMonth = "month"
	PrecisionYear  = "year"
)

// Span is the range of byte offsets [Start, End) of a phrase in its
// sentence. It is an alias, so a Date's Span converts to any struct of the
// same shape, such as event.Span.
type Span = struct{ Start, End int }

// Date is a date phrase of a sentence, resolved.
type Date struct {
	Day       time.Time // the day, at UTC midnight; the first day of a range, week, month or year
	End       time.Time // the last day of a range ("between 26-29 July"), zero otherwise
	Text      string    // the phrase read, e.g. "on 12 July"
	Span      struct{ Start, End int }
	Precision string // PrecisionDay, PrecisionWeek, PrecisionMonth or PrecisionYear
}

// maxDates is the number of date phrases Find and Near consider; later ones
// are ignored.
const maxDates = 8

// Find returns the date phrase in sentence that most likely dates its
// event, resolved against published (the article's publication time), and
// whether one was found. See the package documentation for what is read and
// how one date is chosen among several. Find does not allocate.
func Find(sentence string, published time.Time) (Date, bool) {
	return find(sentence, published, -1)
}

// Near is [Find] for a caller that knows where the event's verb is: among
// the best-attached dates it prefers the first one starting at or after
// byte offset verb, else the nearest before it.
func Near(sentence string, published time.Time, verb int) (Date, bool) {
	if verb < 0 {
		verb = 0
	}
	return find(sentence, published, verb)
}

// All appends every date phrase of sentence to dst, in order, and returns
// it.
func All(sentence string, published time.Time, dst []Date) []Date {
	p := parser{s: sentence, pub: published}
	var buf [maxDates]hit
	for from := 0; ; {
		hs := p.scan(buf[:0], maxDates, from)
		for _, h := range hs {
			dst = append(dst, h.date(sentence))
		}
		if len(hs) < maxDates {
			return dst
		}
		from = hs[len(hs)-1].end
	}
}

func find(sentence string, published time.Time, verb int) (Date, bool) {
	p := parser{s: sentence, pub: published}
	var buf [maxDates]hit
	hs := p.scan(buf[:0], maxDates, 0)
	if len(hs) == 0 {
		return Date{}, false
	}
	return hs[pick(sentence, hs, verb)].date(sentence), true
}

func (h hit) date(s string) Date {
	d := Date{Day: h.day, End: h.last, Text: s[h.start:h.end], Precision: h.prec}
	d.Span.Start, d.Span.End = h.start, h.end
	return d
}

// score orders hits by attachment, then precision.
func score(h hit) int {
	fine := 0
	switch h.prec {
	case PrecisionDay:
		fine = 3
	case PrecisionWeek:
		fine = 2
	case PrecisionMonth:
		fine = 1
	}
	return h.rank*4 + fine
}

// pick returns the index of the hit that dates the event: the best scored;
// among equals, the first at or after the verb at byte offset verb, else
// the last before it. verb < 0 means: find the first event verb.
func pick(s string, hs []hit, verb int) int {
	best, ties := 0, 1
	for i := 1; i < len(hs); i++ {
		switch sc, b := score(hs[i]), score(hs[best]); {
		case sc > b:
			best, ties = i, 1
		case sc == b:
			ties++
		}
	}
	if ties == 1 {
		return best
	}
	if verb < 0 {
		verb = firstVerb(s)
		if verb < 0 {
			return best // the first of the best
		}
	}
	top := score(hs[best])
	before := -1
	for i := best; i < len(hs); i++ {
		if score(hs[i]) != top {
			continue
		}
		if hs[i].start >= verb {
			return i
		}
		before = i
	}
	return before
}

// firstVerb returns the offset of the first event verb of s, or -1.
func firstVerb(s string) int {
	for i := 0; ; {
		t := next(s, i)
		switch t.k {
		case kEnd:
			return -1
		case kWord:
			if eventVerb(s[t.s:t.e]) {
				return t.s
			}
		}
		i = t.e
	}
}
