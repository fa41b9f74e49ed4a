package extract

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseDate reads a date written in the usual ways and reports whether it
// found one. It accepts, among others:
//
//   - day-month-year and month-day-year with full or abbreviated month names,
//     in English and in the common western European languages
//     ("09 August 2023", "Aug. 9, 2023", "9th of August, 2023", "11. Juli 2023",
//     "12 juillet 2023");
//   - ISO 8601 and RFC 3339 ("2023-08-09", "2023-08-09T10:00:00+02:00");
//   - RFC 1123, RFC 822 and ANSI C timestamps ("Wed, 09 Aug 2023 10:00:00 GMT");
//   - the Reuters SGML form "26-FEB-1987 15:01:01.79";
//   - numeric dates ("09/08/2023", "9.8.2023"; with a slash the month comes
//     first unless the first number cannot be a month).
//
// A leading weekday and a trailing time and zone are allowed; any other text
// makes ParseDate report false. A date without a zone is in UTC. A date
// without a time is at midnight. ParseDate is safe for concurrent use.
func ParseDate(s string) (t time.Time, ok bool) {
	defer func() {
		if recover() != nil {
			t, ok = time.Time{}, false
		}
	}()
	return parseDate(s)
}

// parseDate is ParseDate without the recovery from panics, which fuzzing
// wants to see.
func parseDate(s string) (time.Time, bool) {
	toks := dateTokens(s, 64)
	i := skipDateLead(toks, 0)
	t, next, ok := parseDateAt(toks, i, true)
	if !ok {
		return time.Time{}, false
	}
	// Allow a trailing zone in parentheses or a trailing weekday, nothing else.
	for next < len(toks) {
		tk := toks[next]
		if tk.kind == tokPunct && (tk.text == "(" || tk.text == ")" || tk.text == "," || tk.text == ".") {
			next++
			continue
		}
		if tk.kind == tokWord {
			if _, isZone := zoneOffsets[tk.text]; isZone {
				next++
				continue
			}
			if weekdays[tk.text] {
				next++
				continue
			}
		}
		return time.Time{}, false
	}
	return t, true
}

// findDate returns the first date written anywhere in s, looking at no more
// than the first maxTokens tokens. Unlike ParseDate it ignores the text around
// the date, accepts only four-digit years between 1900 and 2100 and never reads
// bare eight-digit numbers.
func findDate(s string, maxTokens int) (time.Time, bool) {
	toks := dateTokens(s, maxTokens)
	for i := range toks {
		if toks[i].kind == tokPunct {
			continue
		}
		if t, _, ok := parseDateAt(toks, i, false); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

type tokKind uint8

const (
	tokNum tokKind = iota
	tokWord
	tokPunct
)

type dateToken struct {
	kind  tokKind
	text  string // lower case for words
	n     int    // value of a number (capped)
	space bool   // whitespace precedes the token
}

// dateTokens splits s into numbers, lower-cased words and single punctuation
// marks, stopping after max tokens.
func dateTokens(s string, max int) []dateToken {
	var toks []dateToken
	space := false
	for i := 0; i < len(s) && len(toks) < max; {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
		case r >= '0' && r <= '9':
			j, n := i, 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if n < 1e8 {
					n = n*10 + int(s[j]-'0')
				}
				j++
			}
			toks = append(toks, dateToken{kind: tokNum, text: s[i:j], n: n, space: space})
			space = false
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += size2
			}
			toks = append(toks, dateToken{kind: tokWord, text: strings.ToLower(s[i:j]), space: space})
			space = false
			i = j
		default:
			toks = append(toks, dateToken{kind: tokPunct, text: s[i : i+size], space: space})
			space = false
			i += size
		}
	}
	return toks
}

// skipDateLead skips a leading weekday and the words that usually introduce a
// date ("Published on", "Updated:").
func skipDateLead(toks []dateToken, i int) int {
	for i < len(toks) {
		tk := toks[i]
		if tk.kind == tokWord && (weekdays[tk.text] || dateLeadWords[tk.text]) {
			i++
			continue
		}
		if tk.kind == tokPunct && (tk.text == "," || tk.text == ":" || tk.text == "." || tk.text == "(") {
			i++
			continue
		}
		break
	}
	return i
}

// cursor walks a token slice.
type cursor struct {
	toks []dateToken
	i    int
}

func (c *cursor) peek() (dateToken, bool) {
	if c.i < len(c.toks) {
		return c.toks[c.i], true
	}
	return dateToken{}, false
}

// punct consumes the punctuation mark p if it comes next.
func (c *cursor) punct(p string) bool {
	if tk, ok := c.peek(); ok && tk.kind == tokPunct && tk.text == p {
		c.i++
		return true
	}
	return false
}

// word consumes the word w if it comes next.
func (c *cursor) word(w string) bool {
	if tk, ok := c.peek(); ok && tk.kind == tokWord && tk.text == w {
		c.i++
		return true
	}
	return false
}

// num consumes a number of minDigits to maxDigits digits.
func (c *cursor) num(minDigits, maxDigits int) (int, bool) {
	if tk, ok := c.peek(); ok && tk.kind == tokNum && len(tk.text) >= minDigits && len(tk.text) <= maxDigits {
		c.i++
		return tk.n, true
	}
	return 0, false
}

// month consumes a month name and an abbreviation dot after it.
func (c *cursor) month() (time.Month, bool) {
	tk, ok := c.peek()
	if !ok || tk.kind != tokWord {
		return 0, false
	}
	m, ok := monthNames[tk.text]
	if !ok {
		return 0, false
	}
	c.i++
	c.punct(".")
	return m, true
}

// parseDateAt parses a date starting at token i. strict allows the forms that
// are only safe when the whole string is meant to be a date: two-digit years
// and compact eight-digit dates.
func parseDateAt(toks []dateToken, i int, strict bool) (time.Time, int, bool) {
	if i >= len(toks) {
		return time.Time{}, i, false
	}
	for _, f := range dateForms {
		c := cursor{toks: toks, i: i}
		y, m, d, ok := f(&c, strict)
		if !ok || !validDate(y, m, d, strict) {
			continue
		}
		hh, mm, ss, ns, loc := parseClock(&c)
		// ANSI C puts the year after the clock: "Mon Jan  2 15:04:05 2006".
		if y == yearAfterClock {
			yy, ok := c.num(4, 4)
			if !ok || !validDate(yy, m, d, strict) {
				continue
			}
			y = yy
			if loc == time.UTC {
				if l, ok := parseZone(&c); ok {
					loc = l
				}
			}
		}
		return time.Date(y, m, d, hh, mm, ss, ns, loc), c.i, true
	}
	return time.Time{}, i, false
}

// A dateForm reads the date part of one way of writing dates. It returns
// yearAfterClock as the year when the year follows the clock.
type dateForm func(c *cursor, strict bool) (y int, m time.Month, d int, ok bool)

// yearAfterClock is the year a dateForm returns when the year comes after the
// time of day, as in ANSI C dates.
const yearAfterClock = -1

var dateForms = []dateForm{formYMD, formDMY, formMDY, formNumeric, formCompact}

// formYMD reads 2023-08-09, 2023/08/09 and 2023.08.09.
func formYMD(c *cursor, _ bool) (int, time.Month, int, bool) {
	y, ok := c.num(4, 4)
	if !ok {
		return 0, 0, 0, false
	}
	tk, ok := c.peek()
	if !ok || tk.kind != tokPunct || (tk.text != "-" && tk.text != "/" && tk.text != ".") {
		return 0, 0, 0, false
	}
	sep := tk.text
	c.i++
	var m time.Month
	if n, ok := c.num(1, 2); ok {
		m = time.Month(n)
	} else if mn, ok := c.month(); ok {
		m = mn
	} else {
		return 0, 0, 0, false
	}
	if !c.punct(sep) {
		return 0, 0, 0, false
	}
	d, ok := c.num(1, 2)
	if !ok {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// formDMY reads "9 August 2023", "9th of August, 2023", "09-Aug-2023",
// "26-FEB-1987", "11. Juli 2023", "12 de julio de 2023" and, when strict,
// "09 Aug 23".
func formDMY(c *cursor, strict bool) (int, time.Month, int, bool) {
	d, ok := c.num(1, 2)
	if !ok {
		return 0, 0, 0, false
	}
	if tk, ok := c.peek(); ok && tk.kind == tokWord && ordinalSuffixes[tk.text] && !tk.space {
		c.i++
	}
	c.punct(".")
	if !c.punct("-") {
		c.punct("/")
	}
	c.word("of")
	c.word("de")
	m, ok := c.month()
	if !ok {
		return 0, 0, 0, false
	}
	if !c.punct("-") && !c.punct("/") {
		c.punct(",")
	}
	c.word("de")
	c.word("del")
	if y, ok := c.num(4, 4); ok {
		return y, m, d, true
	}
	if strict {
		if y, ok := c.num(2, 2); ok {
			return twoDigitYear(y), m, d, true
		}
	}
	return 0, 0, 0, false
}

// formMDY reads "August 9, 2023", "Aug. 9th 2023" and the ANSI C
// "Jan  2 15:04:05 2006", whose year comes after the clock.
func formMDY(c *cursor, _ bool) (int, time.Month, int, bool) {
	m, ok := c.month()
	if !ok {
		return 0, 0, 0, false
	}
	c.punct("-")
	d, ok := c.num(1, 2)
	if !ok {
		return 0, 0, 0, false
	}
	if tk, ok := c.peek(); ok && tk.kind == tokWord && ordinalSuffixes[tk.text] && !tk.space {
		c.i++
	}
	if !c.punct(",") {
		c.punct("-")
	}
	if y, ok := c.num(4, 4); ok {
		return y, m, d, true
	}
	// ANSI C: a clock, then the year.
	if tk, ok := c.peek(); ok && tk.kind == tokNum {
		save := c.i
		if c.i+1 < len(c.toks) && c.toks[c.i+1].text == ":" {
			return yearAfterClock, m, d, true
		}
		c.i = save
	}
	return 0, 0, 0, false
}

// formNumeric reads 09/08/2023, 9.8.2023 and 09-08-2023. With a slash the
// month comes first (US usage) unless the first number is above 12; with a dot
// or a hyphen the day comes first.
func formNumeric(c *cursor, _ bool) (int, time.Month, int, bool) {
	a, ok := c.num(1, 2)
	if !ok {
		return 0, 0, 0, false
	}
	tk, ok := c.peek()
	if !ok || tk.kind != tokPunct || (tk.text != "/" && tk.text != "." && tk.text != "-") {
		return 0, 0, 0, false
	}
	sep := tk.text
	c.i++
	b, ok := c.num(1, 2)
	if !ok || !c.punct(sep) {
		return 0, 0, 0, false
	}
	y, ok := c.num(4, 4)
	if !ok {
		return 0, 0, 0, false
	}
	monthFirst := sep == "/"
	switch {
	case a > 12:
		monthFirst = false
	case b > 12:
		monthFirst = true
	}
	if monthFirst {
		return y, time.Month(a), b, true
	}
	return y, time.Month(b), a, true
}

// formCompact reads 20230809, only when strict.
func formCompact(c *cursor, strict bool) (int, time.Month, int, bool) {
	if !strict {
		return 0, 0, 0, false
	}
	n, ok := c.num(8, 8)
	if !ok {
		return 0, 0, 0, false
	}
	return n / 10000, time.Month(n / 100 % 100), n % 100, true
}

func twoDigitYear(y int) int {
	if y >= 70 {
		return 1900 + y
	}
	return 2000 + y
}

func validDate(y int, m time.Month, d int, strict bool) bool {
	if m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return false
	}
	if y == yearAfterClock {
		return true
	}
	if strict {
		return y >= 1000 && y <= 9999
	}
	return y >= 1900 && y <= 2100
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// parseClock reads an optional time of day and zone after a date: "T10:00:00Z",
// ", 09:40 CET", "at 3:15 pm EDT", "15:01:01.79". Without a clock it returns
// midnight; without a zone, UTC.
func parseClock(c *cursor) (hh, mm, ss, ns int, loc *time.Location) {
	loc = time.UTC
	start := c.i
	c.punct(",")
	if !c.word("t") {
		c.word("at")
		c.word("um")
		c.word("à")
		c.punct("-")
		c.punct("|")
		c.punct("·")
	}
	h, ok := c.num(1, 2)
	if !ok {
		c.i = start
		return 0, 0, 0, 0, parseZoneAfterDate(c)
	}
	afterHour := c.i
	m := 0
	hasMinutes := false
	if c.punct(":") || c.punct(".") || c.word("h") {
		if m, ok = c.num(2, 2); ok {
			hasMinutes = true
		}
	}
	if !hasMinutes {
		c.i = afterHour
		m = 0
	}
	s := 0
	if hasMinutes && c.punct(":") {
		if s, ok = c.num(2, 2); !ok {
			s = 0
		}
		if c.punct(".") || c.punct(",") {
			if tk, ok := c.peek(); ok && tk.kind == tokNum {
				c.i++
				ns = fraction(tk.text)
			}
		}
	}
	pm, am := false, false
	if tk, ok := c.peek(); ok && tk.kind == tokWord {
		switch tk.text {
		case "pm", "p":
			pm = true
			c.i++
		case "am", "a":
			am = true
			c.i++
		}
		if pm || am {
			c.punct(".")
			if tk.text == "p" || tk.text == "a" {
				c.word("m")
				c.punct(".")
			}
		}
	}
	if !hasMinutes && !am && !pm {
		// A lone number is not a clock.
		c.i = start
		return 0, 0, 0, 0, parseZoneAfterDate(c)
	}
	if pm && h < 12 {
		h += 12
	}
	if am && h == 12 {
		h = 0
	}
	if h > 23 || m > 59 || s > 60 {
		c.i = start
		return 0, 0, 0, 0, time.UTC
	}
	if s == 60 {
		s = 59
	}
	if l, ok := parseZone(c); ok {
		loc = l
	}
	return h, m, s, ns, loc
}

// parseZoneAfterDate reads a zone written right after a date without a clock,
// which only RFC 3339 does ("2023-08-09Z" is not valid, but "2023-08-09 UTC"
// happens).
func parseZoneAfterDate(c *cursor) *time.Location {
	if tk, ok := c.peek(); ok && tk.kind == tokWord && (tk.text == "utc" || tk.text == "gmt") {
		c.i++
	}
	return time.UTC
}

// fraction turns the digits after a decimal point into nanoseconds.
func fraction(digits string) int {
	ns := 0
	for i := 0; i < 9; i++ {
		ns *= 10
		if i < len(digits) {
			ns += int(digits[i] - '0')
		}
	}
	return ns
}

// parseZone reads "Z", "+02:00", "+0200", "-5", "GMT", "UTC+3", "CEST"...
func parseZone(c *cursor) (*time.Location, bool) {
	start := c.i
	tk, ok := c.peek()
	if !ok {
		return nil, false
	}
	name := ""
	offset := 0
	if tk.kind == tokWord {
		off, known := zoneOffsets[tk.text]
		if !known {
			return nil, false
		}
		c.i++
		name = strings.ToUpper(tk.text)
		offset = off
		if name != "UTC" && name != "GMT" && name != "UT" && name != "Z" {
			return zoneLoc(name, offset), true
		}
		tk, ok = c.peek()
		if !ok || tk.kind != tokPunct || (tk.text != "+" && tk.text != "-") {
			return time.UTC, true
		}
	}
	if tk.kind != tokPunct || (tk.text != "+" && tk.text != "-" && tk.text != "−") {
		c.i = start
		return nil, false
	}
	sign := 1
	if tk.text != "+" {
		sign = -1
	}
	c.i++
	var h, m int
	if n, ok := c.num(4, 4); ok {
		h, m = n/100, n%100
	} else if n, ok := c.num(1, 2); ok {
		h = n
		if c.punct(":") {
			if m, ok = c.num(2, 2); !ok {
				c.i = start
				return nil, false
			}
		}
	} else {
		c.i = start
		return nil, false
	}
	if h > 14 || m > 59 {
		c.i = start
		return nil, false
	}
	offset = sign * (h*3600 + m*60)
	if offset == 0 {
		return time.UTC, true
	}
	return zoneLoc("", offset), true
}

func zoneLoc(name string, offset int) *time.Location {
	if offset == 0 && (name == "" || name == "UTC" || name == "GMT") {
		return time.UTC
	}
	return time.FixedZone(name, offset)
}

// zoneOffsets maps zone abbreviations to seconds east of UTC. Ambiguous
// abbreviations take their most common meaning in news: CST is US Central,
// IST is India.
var zoneOffsets = map[string]int{
	"z": 0, "utc": 0, "gmt": 0, "ut": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600,
	"bst": 1 * 3600, "ist": 5*3600 + 1800, "wet": 0, "west": 1 * 3600,
	"cet": 1 * 3600, "cest": 2 * 3600, "met": 1 * 3600, "mez": 1 * 3600, "mesz": 2 * 3600,
	"eet": 2 * 3600, "eest": 3 * 3600, "msk": 3 * 3600,
	"jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600, "awst": 8 * 3600,
	"aest": 10 * 3600, "aedt": 11 * 3600, "acst": 9*3600 + 1800, "nzst": 12 * 3600, "nzdt": 13 * 3600,
	"wib": 7 * 3600, "pht": 8 * 3600, "pkt": 5 * 3600,
}

var monthNames = map[string]time.Month{
	// English
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10,
	"november": 11, "nov": 11, "december": 12, "dec": 12,
	// French
	"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
	"mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
	"août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
	"décembre": 12, "decembre": 12, "déc": 12,
	// German
	"januar": 1, "jänner": 1, "jän": 1, "februar": 2, "märz": 3, "maerz": 3, "mär": 3,
	"juni": 6, "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
	// Spanish
	"enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
	"junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
	"octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
	// Italian
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
	"settembre": 9, "ottobre": 10, "dicembre": 12,
	// Portuguese
	"janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6,
	"julho": 7, "setembro": 9, "outubro": 10, "out": 10, "novembro": 11, "dezembro": 12,
	// Dutch
	"januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
}

var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true,
	"fri": true, "sat": true, "sun": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true,
	"samedi": true, "dimanche": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true,
	"samstag": true, "sonnabend": true, "sonntag": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true,
	"sábado": true, "domingo": true,
}

// dateLeadWords introduce a date in a dateline.
var dateLeadWords = map[string]bool{
	"published": true, "updated": true, "posted": true, "date": true, "on": true,
	"last": true, "modified": true, "created": true, "dated": true, "first": true,
	"publié": true, "publie": true, "le": true, "mis": true, "à": true, "jour": true,
	"veröffentlicht": true, "aktualisiert": true, "am": true, "stand": true, "vom": true,
	"publicado": true, "el": true, "pubblicato": true, "il": true,
}

var ordinalSuffixes = map[string]bool{"st": true, "nd": true, "rd": true, "th": true, "er": true, "e": true}
