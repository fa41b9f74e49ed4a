package when

import "time"

// hit is a date phrase found in a sentence.
type hit struct {
	start, end int
	day, last  time.Time // last is the end of a range, zero otherwise
	prec       string
	rank       int // rankBare, rankWeak or rankPrep
}

// abs is a calendar date as written; y is 0 when no year is written.
type abs struct{ y, m, d int }

// parser finds the date phrases of one sentence.
type parser struct {
	s   string
	pub time.Time
	r   ref    // pub as a ref, once rok
	rok bool   // whether r is set
	lo  int    // end of the last phrase found: lookbehind stops there
	h   [3]tok // the tokens before the current one, nearest first (see fill)
}

// ref returns the publication date, working it out the first time: most
// sentences need none.
func (p *parser) ref() ref {
	if !p.rok {
		p.r, p.rok = newRef(p.pub), true
	}
	return p.r
}

func (p *parser) text(t tok) string { return p.s[t.s:t.e] }

// is reports whether t is the word lower, in any case.
func (p *parser) is(t tok, lower string) bool {
	return t.k == kWord && eqFold(p.s[t.s:t.e], lower)
}

// scan appends the date phrases of the sentence from byte offset from on to
// dst, stopping when dst holds max.
//
// Most words and numbers are turned away by the first loop: only numbers of
// up to four digits and words that classify knows (checked first by their
// length and first two letters) start the slower parsing.
func (p *parser) scan(dst []hit, max, from int) []hit {
	s := p.s
	n := len(s)
	p.lo = from
	for i := from; i < n; {
		switch byteClass[s[i]] {
		case bOther:
			i++
		case bLetter:
			j := i + 1
			for j < n && byteClass[s[j]] == bLetter {
				j++
			}
			if j < n && s[j] >= 0x80 {
				j = wordEnd(s, j)
			}
			if l := j - i; l >= 3 && l <= 9 && pairs[pair(s[i], s[i+1])] {
				if k, v := classify(s[i:j]); k != wNone {
					if h, ok := p.word(tok{i, j, kWord}, k, v); ok {
						if dst = append(dst, h); len(dst) >= max {
							return dst
						}
						i, p.lo = h.end, h.end
						continue
					}
				}
			}
			i = j
		case bDigit:
			j := i + 1
			for j < n && byteClass[s[j]] == bDigit {
				j++
			}
			if j-i <= 4 {
				if h, ok := p.number(tok{i, j, kNum}); ok {
					if dst = append(dst, h); len(dst) >= max {
						return dst
					}
					i, p.lo = h.end, h.end
					continue
				}
			}
			i = j
		default:
			if _, l := special(s, i); l > 0 {
				i += l
			} else {
				i = wordEnd(s, i+1)
			}
		}
	}
	return dst
}

// Byte classes of scan.
const (
	bOther  = iota // ASCII space and punctuation
	bLetter        // ASCII letter
	bDigit         // ASCII digit
	bHigh          // a byte of a non-ASCII character
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case isLetter(byte(c)):
			t[c] = bLetter
		case isDigit(byte(c)):
			t[c] = bDigit
		case c >= 0x80:
			t[c] = bHigh
		}
	}
	return t
}()

// fill sets p.h to the three tokens before byte offset i, after the last
// phrase found.
func (p *parser) fill(i int) {
	for k := range p.h {
		t := prev(p.s, i, p.lo)
		p.h[k] = t
		i = t.s
	}
}

// lead looks at the words before the phrase starting at token t: a
// preposition ("on", "between"; "on the 12th"), and when mods is set
// "early", "mid" or "late" before it ("in mid-July"). It returns where the
// phrase starts with them, the rank the preposition gives, whether it is
// "between", and whether a modifier was found.
func (p *parser) lead(t tok, mods bool) (start, rank int, between, mod bool) {
	p.fill(t.s)
	h := &p.h
	start, rank = t.s, rankBare
	k := 0
	if mods {
		switch {
		case h[0].k == kDash && h[0].e == t.s && h[1].k == kWord && h[1].e == h[0].s && p.is(h[1], "mid"):
			start, k, mod = h[1].s, 2, true
		case h[0].k == kWord && modifier(p.text(h[0])):
			start, k, mod = h[0].s, 1, true
		}
	}
	if k > 2 || h[k].k != kWord {
		return start, rank, false, mod
	}
	if p.is(h[k], "the") && k < 2 {
		if r := prep(p.text(h[k+1])); r > 0 && h[k+1].k == kWord {
			return h[k+1].s, r, false, mod
		}
	}
	if r := prep(p.text(h[k])); r > 0 {
		return h[k].s, r, p.is(h[k], "between"), mod
	}
	return start, rank, false, mod
}

// leadRel is lead for relative phrases ("yesterday", "last week"), which
// date an event as firmly as "on": their rank is rankPrep unless a weak
// preposition comes first ("by next year").
func (p *parser) leadRel(t tok) (start, rank int) {
	start, rank, _, _ = p.lead(t, false)
	if rank != rankWeak {
		rank = rankPrep
	}
	return start, rank
}

// day reads a day of the month, 1–31, from token t, with an ordinal
// suffix ("12th"). first says t starts the phrase, so that what comes
// before it must not be part of the same number ("2,012", "F-16").
func (p *parser) day(t tok, first bool) (d, end int, ok bool) {
	s := p.s
	if t.k != kNum || t.e-t.s > 2 || first && glued(s, t.s) {
		return 0, 0, false
	}
	d, end = atoi(s[t.s:t.e]), t.e
	if d < 1 || d > 31 {
		return 0, 0, false
	}
	if end < len(s) && isLetter(s[end]) {
		w := wordEnd(s, end)
		suf := s[end:w]
		if !eqFold(suf, "st") && !eqFold(suf, "nd") && !eqFold(suf, "rd") && !eqFold(suf, "th") {
			return 0, 0, false
		}
		end = w
	}
	if !standsAlone(s, end) {
		return 0, 0, false
	}
	return d, end, true
}

// year reads a year, 1000–2999, from token t.
func (p *parser) year(t tok, first bool) (int, bool) {
	s := p.s
	if t.k != kNum || t.e-t.s != 4 || first && glued(s, t.s) || !standsAlone(s, t.e) {
		return 0, false
	}
	y := atoi(s[t.s:t.e])
	return y, y >= 1000 && y <= 2999
}

// optYear reads an optional year after end: "12 July 2023", "July 12,
// 2023". It returns 0 and end when there is none.
func (p *parser) optYear(end int) (int, int) {
	u := next(p.s, end)
	if u.k == kComma {
		u = next(p.s, u.e)
	}
	if y, ok := p.year(u, false); ok && u.s > end {
		return y, u.e
	}
	return 0, end
}

// month reads a month name from token t, with the period of an
// abbreviation ("Sept.").
func (p *parser) month(t tok) (m, end int, abbr, ok bool) {
	if t.k != kWord {
		return 0, 0, false, false
	}
	k, v := classify(p.text(t))
	if k != wMonth && k != wMonthAbbr {
		return 0, 0, false, false
	}
	end = t.e
	if end < len(p.s) && isDigit(p.s[end]) {
		return 0, 0, false, false // "JUL7", "MAY87": futures contracts
	}
	if k == wMonthAbbr && end < len(p.s) && p.s[end] == '.' {
		end++
	}
	return v, end, k == wMonthAbbr, true
}

// dmy reads "12 July", "12th of July", "12 July 2023".
func (p *parser) dmy(t tok, first bool) (abs, int, bool) {
	d, e, ok := p.day(t, first)
	if !ok {
		return abs{}, 0, false
	}
	u := next(p.s, e)
	if p.is(u, "of") {
		u = next(p.s, u.e)
	}
	m, e2, _, ok := p.month(u)
	if !ok || u.s == e {
		return abs{}, 0, false
	}
	e = e2
	y, e := p.optYear(e)
	return abs{y, m, d}, e, true
}

// mdy reads "July 12", "July 12th", "July 12, 2023", "Sept. 11".
func (p *parser) mdy(t tok) (abs, int, bool) {
	m, e, _, ok := p.month(t)
	if !ok {
		return abs{}, 0, false
	}
	d, e, ok := p.day(next(p.s, e), false)
	if !ok {
		return abs{}, 0, false
	}
	y, e := p.optYear(e)
	return abs{y, m, d}, e, true
}

// rangeWord reports whether t joins the two ends of a range: a dash, "to",
// "until", "till", "through", or, when and is set, "and".
func (p *parser) rangeWord(t tok, and bool) bool {
	return t.k == kDash || p.is(t, "to") || p.is(t, "until") || p.is(t, "till") ||
		p.is(t, "through") || and && p.is(t, "and")
}

// dayRange reads "26-29 July", "26–29 July 2023", "26 to 29 July", "11 and
// 12 July".
func (p *parser) dayRange(t tok) (abs, abs, int, bool) {
	d1, e, ok := p.day(t, true)
	if !ok {
		return abs{}, abs{}, 0, false
	}
	u := next(p.s, e)
	if !p.rangeWord(u, true) {
		return abs{}, abs{}, 0, false
	}
	d2, e, ok := p.day(next(p.s, u.e), false)
	if !ok || d2 <= d1 {
		return abs{}, abs{}, 0, false
	}
	w := next(p.s, e)
	if p.is(w, "of") {
		w = next(p.s, w.e)
	}
	m, e, _, ok := p.month(w)
	if !ok {
		return abs{}, abs{}, 0, false
	}
	y, e := p.optYear(e)
	return abs{y, m, d1}, abs{y, m, d2}, e, true
}

// tail reads the end of a range after its first date a, which ends at e:
// "– 2 July", "to July 2", and after a month-first date "-29" ("July
// 26-29"). "and" joins a range only after "between".
func (p *parser) tail(a abs, e int, between, monthFirst bool) (abs, int, bool) {
	u := next(p.s, e)
	if !p.rangeWord(u, between) {
		return abs{}, 0, false
	}
	v := next(p.s, u.e)
	if b, e, ok := p.dmy(v, false); ok {
		return b, e, true
	}
	if b, e, ok := p.mdy(v); ok {
		return b, e, true
	}
	if monthFirst {
		if d, e, ok := p.day(v, false); ok && d > a.d {
			y, e := p.optYear(e)
			return abs{y, a.m, d}, e, true
		}
	}
	return abs{}, 0, false
}

// single resolves the date a, the phrase [start, end).
func (p *parser) single(a abs, start, end, rank int) (hit, bool) {
	if a.y == 0 {
		a.y = p.ref().year(a.m, a.d)
	}
	t, ok := date(a.y, a.m, a.d)
	if !ok {
		return hit{}, false
	}
	if rank == rankBare {
		rank = rankWeak // a bare full date is as good as "by"
	}
	return hit{start: start, end: end, day: t, prec: PrecisionDay, rank: rank}, true
}

// span resolves the range from a to b, the phrase [start, end). A year
// written once applies to both ends.
func (p *parser) span(a, b abs, start, end, rank int) (hit, bool) {
	switch {
	case a.y == 0 && b.y == 0:
		a.y = p.ref().year(a.m, a.d)
		b.y = a.y
		if b.m < a.m {
			b.y++
		}
	case a.y == 0:
		a.y = b.y
		if a.m > b.m {
			a.y--
		}
	case b.y == 0:
		b.y = a.y
		if b.m < a.m {
			b.y++
		}
	}
	t1, ok1 := date(a.y, a.m, a.d)
	t2, ok2 := date(b.y, b.m, b.d)
	if !ok1 || !ok2 || !t2.After(t1) {
		return hit{}, false
	}
	if rank == rankBare {
		rank = rankWeak
	}
	return hit{start: start, end: end, day: t1, last: t2, prec: PrecisionDay, rank: rank}, true
}

// number reads the phrase starting at the number t: a range, a date, an
// ISO date or a year.
func (p *parser) number(t tok) (hit, bool) {
	switch t.e - t.s {
	case 4:
		if h, ok := p.iso(t); ok {
			return h, true
		}
		return p.yearOnly(t)
	case 1, 2:
	default:
		return hit{}, false
	}
	start, rank, between, _ := p.lead(t, false)
	if a, b, e, ok := p.dayRange(t); ok {
		if h, ok := p.span(a, b, start, e, rank); ok {
			return h, true
		}
	}
	a, e, ok := p.dmy(t, true)
	if !ok {
		return hit{}, false
	}
	if b, e2, ok := p.tail(a, e, between, false); ok {
		if h, ok := p.span(a, b, start, e2, rank); ok {
			return h, true
		}
	}
	return p.single(a, start, e, rank)
}

// iso reads "2023-07-12" and "2023/07/12", also at the start of a
// timestamp ("2023-07-12T10:00").
func (p *parser) iso(t tok) (hit, bool) {
	s := p.s
	e := t.e
	if glued(s, t.s) || e+6 > len(s) {
		return hit{}, false
	}
	sep := s[e]
	if sep != '-' && sep != '/' || !isDigit(s[e+1]) || !isDigit(s[e+2]) || s[e+3] != sep ||
		!isDigit(s[e+4]) || !isDigit(s[e+5]) {
		return hit{}, false
	}
	end := e + 6
	timestamp := end+1 < len(s) && s[end] == 'T' && isDigit(s[end+1])
	if !timestamp && !standsAlone(s, end) {
		return hit{}, false
	}
	y, m, d := atoi(s[t.s:e]), atoi(s[e+1:e+3]), atoi(s[e+4:e+6])
	start, rank, _, _ := p.lead(t, false)
	return p.single(abs{y, m, d}, start, end, rank)
}

// yearOnly reads a year after a preposition or a modifier: "in 2008",
// "since 2014", "by 2030", "late 2023".
func (p *parser) yearOnly(t tok) (hit, bool) {
	y, ok := p.year(t, true)
	if !ok || y < 1800 || y > 2199 {
		return hit{}, false
	}
	start, rank, _, mod := p.lead(t, true)
	if start == t.s {
		return hit{}, false
	}
	if !mod {
		// "a force of 2000", "at 1800", "on 2000 acres": not years.
		w := p.s[start:t.s]
		if len(w) < 3 || eqFold(w[:2], "of") || eqFold(w[:2], "at") || eqFold(w[:2], "on") || len(w) >= 4 && eqFold(w[:4], "over") {
			return hit{}, false
		}
	}
	return hit{start: start, end: t.e, day: day(y, 1, 1), prec: PrecisionYear, rank: rank}, true
}

// word reads the phrase starting at the word t, of kind k and value v.
func (p *parser) word(t tok, k wkind, v int) (hit, bool) {
	s := p.s
	r := p.ref()
	switch k {
	case wMonth, wMonthAbbr:
		return p.monthPhrase(t, k)
	case wWeekday:
		start, rank, _, _ := p.lead(t, false)
		return p.weekday(t, v, 0, start, rank)
	case wYesterday, wToday, wTomorrow:
		d := r.t
		switch k {
		case wYesterday:
			d = d.AddDate(0, 0, -1)
		case wTomorrow:
			d = d.AddDate(0, 0, 1)
		}
		start, rank := p.leadRel(t)
		return hit{start: start, end: p.daytime(t.e), day: d, prec: PrecisionDay, rank: rank}, true
	case wLast, wThis, wNext:
		return p.relative(t, k)
	case wEarlier:
		// "earlier today", "earlier this week", "later this month"
		u := next(s, t.e)
		start, rank := p.leadRel(t)
		if p.is(u, "today") {
			return hit{start: start, end: u.e, day: r.t, prec: PrecisionDay, rank: rank}, true
		}
		if !p.is(u, "this") {
			return hit{}, false
		}
		v := next(s, u.e)
		if v.k != kWord {
			return hit{}, false
		}
		h := hit{start: start, end: v.e, rank: rank}
		switch uk, _ := unit(p.text(v)); {
		case uk == wWeek && singular(p.text(v)):
			h.day, h.prec = r.monday(), PrecisionWeek
		case uk == wMonthUnit && singular(p.text(v)):
			h.day, h.prec = r.monthStart(0), PrecisionMonth
		case uk == wYear && singular(p.text(v)):
			h.day, h.prec = day(r.y, 1, 1), PrecisionYear
		default:
			return hit{}, false
		}
		return h, true
	case wAgo:
		return p.ago(t)
	case wWeekend:
		// "over the weekend", "at the weekend"
		p.fill(t.s)
		if !p.is(p.h[0], "the") {
			return hit{}, false
		}
		start, rank := p.h[0].s, rankPrep
		if r := prep(p.text(p.h[1])); r > 0 && p.h[1].k == kWord {
			start, rank = p.h[1].s, max(r, rankWeak)
		}
		sat := r.lastWeekend()
		return hit{start: start, end: t.e, day: sat, last: sat.AddDate(0, 0, 1), prec: PrecisionDay, rank: rank}, true
	}
	return hit{}, false
}

// singular reports whether a unit word is singular ("week", not "weeks").
func singular(w string) bool { return w[len(w)-1] != 's' && w[len(w)-1] != 'S' }

// daytime extends a day phrase ending at end over a following "morning",
// "afternoon", "evening" or "night".
func (p *parser) daytime(end int) int {
	u := next(p.s, end)
	if u.k == kWord {
		if k, _ := unit(p.text(u)); k == wDaytime || k == wNight {
			return u.e
		}
	}
	return end
}

// weekday reads the phrase of weekday wd at token t: "Wednesday",
// "Wednesday night", "Wednesday, July 12". dir is the direction from the
// publication day (see ref.weekday).
func (p *parser) weekday(t tok, wd, dir, start, rank int) (hit, bool) {
	if dir == 0 {
		u := next(p.s, t.e)
		if u.k == kComma {
			u = next(p.s, u.e)
		}
		if a, e, ok := p.dmy(u, false); ok {
			return p.single(a, start, e, rank)
		}
		if a, e, ok := p.mdy(u); ok {
			return p.single(a, start, e, rank)
		}
	}
	if rank == rankBare {
		rank = rankWeak
	}
	return hit{start: start, end: p.daytime(t.e), day: p.ref().weekday(wd, dir), prec: PrecisionDay, rank: rank}, true
}

// monthPhrase reads the phrase starting at the month name t: "July 12",
// "July 26-29", "July 2023", "in July", "in mid-July".
func (p *parser) monthPhrase(t tok, k wkind) (hit, bool) {
	s := p.s
	start, rank, between, mod := p.lead(t, true)
	if a, e, ok := p.mdy(t); ok {
		if b, e2, ok := p.tail(a, e, between, true); ok {
			if h, ok := p.span(a, b, start, e2, rank); ok {
				return h, true
			}
		}
		return p.single(a, start, e, rank)
	}
	m, e, _, ok := p.month(t)
	if !ok {
		return hit{}, false
	}
	if y, ok := p.year(next(s, e), false); ok {
		u := next(s, e)
		return hit{start: start, end: u.e, day: day(y, time.Month(m), 1), prec: PrecisionMonth, rank: rank}, true
	}
	if k == wMonthAbbr || start == t.s && !mod {
		return hit{}, false
	}
	if u := next(s, e); u.k == kApos && u.s == e {
		return hit{}, false // "May's government"
	}
	return hit{start: start, end: e, day: p.ref().month(m, 0), prec: PrecisionMonth, rank: rank}, true
}

// relative reads "last week", "this month", "next year", "last
// Wednesday", "last July", "last night", "this morning", "this weekend".
func (p *parser) relative(t tok, k wkind) (hit, bool) {
	r := p.ref()
	u := next(p.s, t.e)
	if u.k != kWord {
		return hit{}, false
	}
	dir := 0
	switch k {
	case wLast:
		dir = -1
	case wNext:
		dir = 1
	}
	start, rank := p.leadRel(t)
	h := hit{start: start, end: u.e, prec: PrecisionDay, rank: rank}
	w := p.text(u)
	uk, v := unit(w)
	switch uk {
	case wWeek, wMonthUnit, wYear:
		if !singular(w) {
			return hit{}, false
		}
	}
	switch uk {
	case wWeek:
		h.prec = PrecisionWeek
		switch dir {
		case -1:
			h.day = r.t.AddDate(0, 0, -7)
		case 0:
			h.day = r.monday()
		default:
			h.day = r.t.AddDate(0, 0, 7)
		}
	case wMonthUnit:
		h.day, h.prec = r.monthStart(dir), PrecisionMonth
	case wYear:
		h.day, h.prec = day(r.y+dir, 1, 1), PrecisionYear
	case wWeekend:
		h.day = r.thisWeekend()
		switch dir {
		case -1:
			h.day = r.lastWeekend()
		case 1:
			h.day = h.day.AddDate(0, 0, 7)
		}
		h.last = h.day.AddDate(0, 0, 1)
	case wNight:
		if dir != -1 {
			return hit{}, false
		}
		h.day = r.t.AddDate(0, 0, -1)
	case wDaytime:
		if dir != 0 {
			return hit{}, false
		}
		h.day = r.t
	case wWeekday:
		return p.weekday(u, v, dir, start, rank)
	case wMonth:
		h.day, h.prec = r.month(v, dir), PrecisionMonth
	default:
		return hit{}, false
	}
	return h, true
}

// ago reads "two days ago", "a week ago", "three months ago", "10 years
// ago" from the two tokens before "ago".
func (p *parser) ago(t tok) (hit, bool) {
	r := p.ref()
	p.fill(t.s)
	u, c := p.h[0], p.h[1]
	if u.k != kWord || c.k != kWord && c.k != kNum {
		return hit{}, false
	}
	n := count(p.text(c))
	if n == 0 {
		return hit{}, false
	}
	h := hit{start: c.s, end: t.e, rank: rankPrep}
	switch uk, _ := unit(p.text(u)); uk {
	case wDayUnit:
		h.day, h.prec = r.t.AddDate(0, 0, -n), PrecisionDay
	case wWeek:
		h.day, h.prec = r.t.AddDate(0, 0, -7*n), PrecisionWeek
	case wMonthUnit:
		h.day, h.prec = r.monthStart(-n), PrecisionMonth
	case wYear:
		h.day, h.prec = day(r.y-n, 1, 1), PrecisionYear
	default:
		return hit{}, false
	}
	return h, true
}
