package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision is how much of a Date the editor gave.
type Precision uint8

// Precisions from coarsest to finest; the zero value means no date.
const (
	NoDate Precision = iota
	Year
	Month
	Day
	Time
)

// Date is a publication or event date with the precision and qualifiers the
// editor wrote, so that pages never show an invented day.
type Date struct {
	Year        int
	Month       time.Month // 0 when Prec < Month
	Day         int        // 0 when Prec < Day
	Hour, Min   int        // only when Prec == Time
	Sec         int
	Offset      int // seconds east of UTC, only when Prec == Time
	Prec        Precision
	Uncertain   bool // "?" in EDTF
	Approximate bool // "~" in EDTF
}

// IsZero reports whether d holds no date at all.
func (d Date) IsZero() bool { return d.Prec == NoDate }

// ParseDate reads the date grammar of the SPEC: "2025", "2025-08",
// "2025-08-22" or an RFC 3339 time, optionally followed by "?" (uncertain),
// "~" (approximate) or "%" (both), as in EDTF level 1.
func ParseDate(s string) (Date, error) {
	var d Date
	raw := s
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		switch s[len(s)-1] {
		case '?':
			d.Uncertain = true
		case '~':
			d.Approximate = true
		case '%':
			d.Uncertain, d.Approximate = true, true
		default:
			goto body
		}
		s = s[:len(s)-1]
	}
body:
	if s == "" {
		return Date{}, fmt.Errorf("empty date %q", raw)
	}
	switch {
	case len(s) == 4:
		y, err := digits(s)
		if err != nil {
			return Date{}, badDate(raw)
		}
		d.Year, d.Prec = y, Year
	case len(s) == 7 && s[4] == '-':
		y, err1 := digits(s[:4])
		m, err2 := digits(s[5:])
		if err1 != nil || err2 != nil {
			return Date{}, badDate(raw)
		}
		if m < 1 || m > 12 {
			return Date{}, fmt.Errorf("date %q has no month %d", raw, m)
		}
		d.Year, d.Month, d.Prec = y, time.Month(m), Month
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, err1 := digits(s[:4])
		m, err2 := digits(s[5:7])
		day, err3 := digits(s[8:])
		if err1 != nil || err2 != nil || err3 != nil {
			return Date{}, badDate(raw)
		}
		if m < 1 || m > 12 {
			return Date{}, fmt.Errorf("date %q has no month %d", raw, m)
		}
		if day < 1 || day > daysIn(y, time.Month(m)) {
			return Date{}, fmt.Errorf("date %q does not exist: %s %d has %d days", raw, time.Month(m), y, daysIn(y, time.Month(m)))
		}
		d.Year, d.Month, d.Day, d.Prec = y, time.Month(m), day, Day
	default:
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return Date{}, badDate(raw)
		}
		_, off := t.Zone()
		d.Year, d.Month, d.Day = t.Date()
		d.Hour, d.Min, d.Sec = t.Clock()
		d.Offset, d.Prec = off, Time
	}
	return d, nil
}

func badDate(raw string) error {
	return fmt.Errorf("date %q is not YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339 (with an optional trailing ? or ~)", raw)
}

var errNotDigits = errors.New("not digits")

func digits(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errNotDigits
		}
	}
	return strconv.Atoi(s)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Start is the first instant of the span the date covers, in UTC.
func (d Date) Start() time.Time {
	switch d.Prec {
	case Year:
		return time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case Day:
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	case Time:
		return time.Date(d.Year, d.Month, d.Day, d.Hour, d.Min, d.Sec, 0, time.FixedZone("", d.Offset)).UTC()
	}
	return time.Time{}
}

// End is the first instant after the span the date covers, in UTC.
func (d Date) End() time.Time {
	s := d.Start()
	switch d.Prec {
	case Year:
		return s.AddDate(1, 0, 0)
	case Month:
		return s.AddDate(0, 1, 0)
	case Day:
		return s.AddDate(0, 0, 1)
	case Time:
		return s.Add(time.Second)
	}
	return s
}

// Compare orders dates by the start of their span, then finer precision
// first; it returns -1, 0 or +1. A missing date sorts last.
func (d Date) Compare(o Date) int {
	if d.IsZero() || o.IsZero() {
		switch {
		case d.IsZero() && o.IsZero():
			return 0
		case d.IsZero():
			return 1
		default:
			return -1
		}
	}
	if c := compareStarts(d, o); c != 0 {
		return c
	}
	switch {
	case d.Prec > o.Prec:
		return -1
	case d.Prec < o.Prec:
		return 1
	}
	// Certain before uncertain so that equal spans still order totally.
	return cmpInt(d.qualifierRank(), o.qualifierRank())
}

// compareStarts orders d and o by Start. Dates without a time of day
// start at midnight UTC of their first day, and parsed ones always name a
// real day, so their fields order them without building a time.Time:
// sorting a timeline compares dates millions of times.
func compareStarts(d, o Date) int {
	if d.Prec == Time || o.Prec == Time {
		return d.Start().Compare(o.Start())
	}
	if c := cmpInt(d.Year, o.Year); c != 0 {
		return c
	}
	if c := cmpInt(int(max(d.Month, 1)), int(max(o.Month, 1))); c != 0 {
		return c
	}
	return cmpInt(max(d.Day, 1), max(o.Day, 1))
}

func (d Date) qualifierRank() int {
	r := 0
	if d.Approximate {
		r++
	}
	if d.Uncertain {
		r += 2
	}
	return r
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String gives the date back in the SPEC grammar (EDTF level 1).
func (d Date) String() string {
	var s string
	switch d.Prec {
	case NoDate:
		return ""
	case Year:
		s = fmt.Sprintf("%04d", d.Year)
	case Month:
		s = fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case Day:
		s = fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	case Time:
		s = time.Date(d.Year, d.Month, d.Day, d.Hour, d.Min, d.Sec, 0, time.FixedZone("", d.Offset)).Format(time.RFC3339)
	}
	switch {
	case d.Uncertain && d.Approximate:
		s += "%"
	case d.Uncertain:
		s += "?"
	case d.Approximate:
		s += "~"
	}
	return s
}

// Human is the date as readers see it, at exactly the precision given:
// "22 August 2025", "August 2025", "c. 2025", "2025?".
func (d Date) Human() string {
	var s string
	switch d.Prec {
	case NoDate:
		return "undated"
	case Year:
		s = strconv.Itoa(d.Year)
	case Month:
		s = d.Month.String() + " " + strconv.Itoa(d.Year)
	case Day:
		s = strconv.Itoa(d.Day) + " " + d.Month.String() + " " + strconv.Itoa(d.Year)
	case Time:
		s = fmt.Sprintf("%d %s %d, %02d:%02d %s", d.Day, d.Month, d.Year, d.Hour, d.Min, zoneName(d.Offset))
	}
	if d.Approximate {
		s = "c. " + s
	}
	if d.Uncertain {
		s += "?"
	}
	return s
}

func zoneName(off int) string {
	if off == 0 {
		return "UTC"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	if off%3600 == 0 {
		return fmt.Sprintf("UTC%c%d", sign, off/3600)
	}
	return fmt.Sprintf("UTC%c%d:%02d", sign, off/3600, off%3600/60)
}

// Machine is the value for an HTML datetime attribute: only the parts given.
func (d Date) Machine() string {
	switch d.Prec {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	case Time:
		return d.Start().Format(time.RFC3339)
	}
	return ""
}

// Qualifier describes the date's uncertainty in words, or "" when certain.
func (d Date) Qualifier() string {
	switch {
	case d.Uncertain && d.Approximate:
		return "approximate and uncertain"
	case d.Uncertain:
		return "uncertain"
	case d.Approximate:
		return "approximate"
	}
	return ""
}
