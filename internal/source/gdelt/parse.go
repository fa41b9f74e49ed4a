package gdelt

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi parses the first n digits of s; s must hold them.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// stamp parses a GDELT date: YYYYMMDD, or YYYYMMDDHHMMSS when long is
// allowed. The time is UTC.
func stamp(s string, long bool) (time.Time, bool) {
	if !digits(s) || len(s) != 8 && (!long || len(s) != 14) {
		return time.Time{}, false
	}
	y, mo, d := atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
	h, mi, sec := 0, 0, 0
	if len(s) == 14 {
		h, mi, sec = atoi(s[8:10]), atoi(s[10:12]), atoi(s[12:14])
	}
	if y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// date parses a date field named col, as stamp does.
func date(col, s string, long bool) (time.Time, error) {
	t, ok := stamp(s, long)
	if !ok {
		return time.Time{}, fmt.Errorf("bad %s %q", col, clip(s))
	}
	return t, nil
}

// id checks a numeric id field named col.
func id(col, s string) (string, error) {
	if !digits(s) || len(s) > 19 {
		return "", fmt.Errorf("bad %s %q", col, clip(s))
	}
	return s, nil
}

// integer parses an optional integer field named col: "" is 0.
func integer(col, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, fmt.Errorf("bad %s %q", col, clip(s))
	}
	return n, nil
}

// number parses an optional finite number field named col: "" is 0.
func number(col, s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("bad %s %q", col, clip(s))
	}
	return f, nil
}

// coord parses a latitude and a longitude. ok is false unless both parse,
// are finite and are in range.
func coord(lat, lon string) (la, lo float64, ok bool) {
	if lat == "" || lon == "" {
		return 0, 0, false
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || !(la >= -90 && la <= 90) || !(lo >= -180 && lo <= 180) {
		return 0, 0, false
	}
	return la, lo, true
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && s[i]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		i--
	}
	return s[:i] + "…"
}
