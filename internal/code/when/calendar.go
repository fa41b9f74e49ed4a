package when

import "time"

// ref is the publication date that relative and incomplete dates are read
// against: the calendar day of the publication time in its own location.
type ref struct {
	t  time.Time // that day, at UTC midnight
	y  int
	m  int
	wd int // 0 Sunday – 6 Saturday
}

func newRef(published time.Time) ref {
	y, m, d := published.Date()
	t := day(y, m, d)
	return ref{t: t, y: y, m: int(m), wd: int(t.Weekday())}
}

// day returns the day at UTC midnight.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// date returns y-m-d at UTC midnight and whether it is a real date.
func date(y, m, d int) (time.Time, bool) {
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := day(y, time.Month(m), d)
	return t, t.Day() == d
}

// window is how far after publication a date without a year may fall
// before it is read as last year's: "on 28 December" in an article of 3
// January is last December, "on 12 February" in it is next month's.
const window = 61 * 24 * time.Hour

// year returns the year of month m, day d written without one: the
// publication year, or the year before when that would put the date more
// than window after publication.
func (r ref) year(m, d int) int {
	if t, ok := date(r.y, m, d); ok && t.Sub(r.t) > window {
		return r.y - 1
	}
	if m == 2 && d == 29 {
		// Not a leap year: the nearest one before.
		for y := r.y; y > r.y-8; y-- {
			if _, ok := date(y, 2, 29); ok {
				return y
			}
		}
	}
	return r.y
}

// weekday returns the weekday wd nearest the publication day in the
// direction dir: the most recent on or before it (dir 0), strictly before
// it (dir -1, "last Wednesday") or strictly after it (dir 1, "next
// Wednesday").
func (r ref) weekday(wd, dir int) time.Time {
	switch dir {
	case 1:
		d := (wd - r.wd + 7) % 7
		if d == 0 {
			d = 7
		}
		return r.t.AddDate(0, 0, d)
	case -1:
		d := (r.wd - wd + 7) % 7
		if d == 0 {
			d = 7
		}
		return r.t.AddDate(0, 0, -d)
	}
	return r.t.AddDate(0, 0, -((r.wd - wd + 7) % 7))
}

// monday returns the Monday of the publication week (weeks start on
// Monday).
func (r ref) monday() time.Time {
	return r.t.AddDate(0, 0, -((r.wd + 6) % 7))
}

// month returns the first day of month m: the most recent one not after
// the publication month (dir 0, "in July"), strictly before it (dir -1,
// "last July") or strictly after it (dir 1, "next July").
func (r ref) month(m, dir int) time.Time {
	y := r.y
	switch {
	case dir == 0 && m > r.m, dir < 0 && m >= r.m:
		y--
	case dir > 0 && m <= r.m:
		y++
	}
	return day(y, time.Month(m), 1)
}

// monthStart returns the first day of the publication month plus n months.
func (r ref) monthStart(n int) time.Time {
	return day(r.y, time.Month(r.m+n), 1)
}

// lastWeekend returns the Saturday of the weekend before the publication
// day: yesterday when it is a Sunday.
func (r ref) lastWeekend() time.Time {
	d := (r.wd + 1) % 7 // days since the last Saturday
	if d == 0 {
		d = 7
	}
	return r.t.AddDate(0, 0, -d)
}

// thisWeekend returns the Saturday of the publication week's weekend: the
// publication day or the day before when it falls on a weekend, the coming
// Saturday otherwise.
func (r ref) thisWeekend() time.Time {
	switch r.wd {
	case 6:
		return r.t
	case 0:
		return r.t.AddDate(0, 0, -1)
	}
	return r.t.AddDate(0, 0, 6-r.wd)
}
