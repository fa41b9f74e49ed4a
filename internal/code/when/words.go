package when

// wkind is what a word means to a date phrase.
type wkind uint8

const (
	wNone      wkind = iota
	wMonth           // val 1–12
	wMonthAbbr       // "Jan", "Sept": val 1–12; needs a day or a year
	wWeekday         // val 0 (Sunday) – 6
	wYesterday
	wToday // today, tonight
	wTomorrow
	wLast
	wThis
	wNext
	wEarlier // earlier, later
	wAgo
	wWeekend
	// Words that only follow a trigger word.
	wWeek
	wMonthUnit
	wYear
	wDayUnit
	wNight
	wDaytime // morning, afternoon, evening
)

// keywords are the words lookup knows.
var keywords = []string{
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec", "sunday", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "yesterday", "today", "tonight", "tomorrow", "last", "this", "next",
	"earlier", "later", "ago", "weekend",
}

// pairs is the set of the first two letters of the keywords, in any case,
// to turn most words away at once.
var pairs = func() (t [1024]bool) {
	for _, w := range keywords {
		t[pair(w[0], w[1])] = true
	}
	return t
}()

// pair returns the index in pairs of the letters a and b.
func pair(a, b byte) int {
	return int((a|0x20)&31)<<5 | int((b|0x20)&31)
}

// classify returns what w means. Month and weekday names count only when
// capitalised or in capitals ("May", "MAY", not "may"); the other words in
// any case.
func classify(w string) (wkind, int) {
	if len(w) < 3 || len(w) > 9 || !pairs[pair(w[0], w[1])] {
		return wNone, 0
	}
	var buf [9]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	k, v := lookup(string(buf[:len(w)]))
	switch k {
	case wMonth, wMonthAbbr, wWeekday:
		if !capitalised(w) {
			return wNone, 0
		}
	}
	return k, v
}

// capitalised reports whether w starts with a capital and is otherwise all
// lower case or all capitals.
func capitalised(w string) bool {
	if !isUpper(w[0]) {
		return false
	}
	upper := len(w) > 1 && isUpper(w[1])
	for i := 1; i < len(w); i++ {
		if isUpper(w[i]) != upper {
			return false
		}
	}
	return true
}

// lookup is classify on a lower-case word.
func lookup(w string) (wkind, int) {
	switch w {
	case "january":
		return wMonth, 1
	case "february":
		return wMonth, 2
	case "march":
		return wMonth, 3
	case "april":
		return wMonth, 4
	case "may":
		return wMonth, 5
	case "june":
		return wMonth, 6
	case "july":
		return wMonth, 7
	case "august":
		return wMonth, 8
	case "september":
		return wMonth, 9
	case "october":
		return wMonth, 10
	case "november":
		return wMonth, 11
	case "december":
		return wMonth, 12
	case "jan":
		return wMonthAbbr, 1
	case "feb":
		return wMonthAbbr, 2
	case "mar":
		return wMonthAbbr, 3
	case "apr":
		return wMonthAbbr, 4
	case "jun":
		return wMonthAbbr, 6
	case "jul":
		return wMonthAbbr, 7
	case "aug":
		return wMonthAbbr, 8
	case "sep", "sept":
		return wMonthAbbr, 9
	case "oct":
		return wMonthAbbr, 10
	case "nov":
		return wMonthAbbr, 11
	case "dec":
		return wMonthAbbr, 12
	case "sunday":
		return wWeekday, 0
	case "monday":
		return wWeekday, 1
	case "tuesday":
		return wWeekday, 2
	case "wednesday":
		return wWeekday, 3
	case "thursday":
		return wWeekday, 4
	case "friday":
		return wWeekday, 5
	case "saturday":
		return wWeekday, 6
	case "yesterday":
		return wYesterday, 0
	case "today", "tonight":
		return wToday, 0
	case "tomorrow":
		return wTomorrow, 0
	case "last":
		return wLast, 0
	case "this":
		return wThis, 0
	case "next":
		return wNext, 0
	case "earlier", "later":
		return wEarlier, 0
	case "ago":
		return wAgo, 0
	case "weekend":
		return wWeekend, 0
	}
	return wNone, 0
}

// unit returns what w means after a trigger word: a unit of time, a time of
// day, or any word classify knows.
func unit(w string) (wkind, int) {
	switch {
	case eqFold(w, "week"), eqFold(w, "weeks"):
		return wWeek, 0
	case eqFold(w, "month"), eqFold(w, "months"):
		return wMonthUnit, 0
	case eqFold(w, "year"), eqFold(w, "years"):
		return wYear, 0
	case eqFold(w, "day"), eqFold(w, "days"):
		return wDayUnit, 0
	case eqFold(w, "night"):
		return wNight, 0
	case eqFold(w, "morning"), eqFold(w, "afternoon"), eqFold(w, "evening"):
		return wDaytime, 0
	}
	return classify(w)
}

// count returns the number a word or digits before "ago" stand for.
func count(w string) int {
	switch {
	case isDigit(w[0]):
		if n := atoi(w); n > 0 && n < 100 {
			return n
		}
	case eqFold(w, "a"), eqFold(w, "an"), eqFold(w, "one"):
		return 1
	case eqFold(w, "two"):
		return 2
	case eqFold(w, "three"):
		return 3
	case eqFold(w, "four"):
		return 4
	case eqFold(w, "five"):
		return 5
	case eqFold(w, "six"):
		return 6
	case eqFold(w, "seven"):
		return 7
	case eqFold(w, "eight"):
		return 8
	case eqFold(w, "nine"):
		return 9
	case eqFold(w, "ten"):
		return 10
	case eqFold(w, "eleven"):
		return 11
	case eqFold(w, "twelve"):
		return 12
	}
	return 0
}

// Ranks of prepositions, see Find.
const (
	rankBare = 1 // no preposition
	rankWeak = 2 // by, until, before, after, of, at, through
	rankPrep = 3 // on, in, between, from, since, during, over
)

// prep returns the rank of the preposition w, or 0 when w is none.
func prep(w string) int {
	switch len(w) {
	case 2:
		switch {
		case eqFold(w, "on"), eqFold(w, "in"):
			return rankPrep
		case eqFold(w, "by"), eqFold(w, "of"), eqFold(w, "at"):
			return rankWeak
		}
	case 4:
		switch {
		case eqFold(w, "from"), eqFold(w, "over"):
			return rankPrep
		case eqFold(w, "till"):
			return rankWeak
		}
	case 5:
		switch {
		case eqFold(w, "since"):
			return rankPrep
		case eqFold(w, "until"), eqFold(w, "after"):
			return rankWeak
		}
	case 6:
		switch {
		case eqFold(w, "during"):
			return rankPrep
		case eqFold(w, "before"):
			return rankWeak
		}
	case 7:
		switch {
		case eqFold(w, "between"):
			return rankPrep
		case eqFold(w, "through"):
			return rankWeak
		}
	}
	return 0
}

// modifier reports whether w narrows a month or a year: "early", "mid",
// "late".
func modifier(w string) bool {
	return eqFold(w, "early") || eqFold(w, "mid") || eqFold(w, "late")
}

// eventVerb reports whether w looks like a verb that reports an event: a
// lower-case past tense ("attacked", "met", "said") or a present tense of a
// few common ones.
func eventVerb(w string) bool {
	if len(w) < 3 || !isLower(w[0]) {
		return false
	}
	if len(w) >= 4 && w[len(w)-2] == 'e' && w[len(w)-1] == 'd' {
		switch w {
		case "need", "speed", "seed", "feed", "breed", "bleed", "shed", "bed", "red", "indeed":
			return false
		}
		return true
	}
	switch w {
	case "met", "held", "began", "struck", "sent", "told", "said", "says", "made", "took",
		"gave", "led", "ran", "went", "came", "hit", "shot", "won", "lost", "fought", "sank",
		"flew", "sold", "bought", "set", "put", "cut", "left", "saw", "spoke", "wrote",
		"sought", "brought", "kept", "found", "rose", "fell", "drew", "threw", "broke",
		"chose", "meet", "meets", "holds", "will", "begins", "starts", "opens", "ends":
		return true
	}
	return false
}
