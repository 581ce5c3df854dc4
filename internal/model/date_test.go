package model

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, canon, human string
		prec             Precision
	}{
		{"2025", "2025", "2025", Year},
		{"2025-08", "2025-08", "August 2025", Month},
		{"2025-08-22", "2025-08-22", "22 August 2025", Day},
		{"1961-05~", "1961-05~", "c. May 1961", Month},
		{"1967?", "1967?", "1967?", Year},
		{"2025-08-15%", "2025-08-15%", "c. 15 August 2025?", Day},
		{" 2025-08-22 ", "2025-08-22", "22 August 2025", Day},
		{"2024-02-29", "2024-02-29", "29 February 2024", Day},
		{"2025-08-15T14:30:00Z", "2025-08-15T14:30:00Z", "15 August 2025, 14:30 UTC", Time},
		{"2025-08-15T14:30:00+02:00", "2025-08-15T14:30:00+02:00", "15 August 2025, 14:30 UTC+2", Time},
		{"2025-08-15T14:30:00+05:30?", "2025-08-15T14:30:00+05:30?", "15 August 2025, 14:30 UTC+5:30?", Time},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d.String() != tt.canon || d.Human() != tt.human || d.Prec != tt.prec {
				t.Errorf("ParseDate(%q) = %q / %q / %d, want %q / %q / %d", tt.in, d.String(), d.Human(), d.Prec, tt.canon, tt.human, tt.prec)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, in := range []string{"", "?", "2025-13-45", "2024-02-30", "2025-02-29", "2025-00", "2025-13", "2025-1-2", "25", "20250822", "August 2025", "2025-08-22T25:00:00Z", "２０２５", "-2025", "2025-08-22 10:00"} {
		if d, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, d)
		}
	}
}

// TestCompareOrder checks the SPEC's order: start of span, then finer
// precision first; and that it is total (antisymmetric, transitive).
func TestCompareOrder(t *testing.T) {
	in := []string{"2025-08-15", "2025", "2025-08", "2025-08-15T10:00:00Z", "2025-08~", "2025-08?", "2024-12-31", "2025-08-15T12:00:00+02:00", "2026"}
	want := []string{"2024-12-31", "2025", "2025-08", "2025-08~", "2025-08?", "2025-08-15", "2025-08-15T10:00:00Z", "2025-08-15T12:00:00+02:00", "2026"}
	var ds []Date
	for _, s := range in {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	slices.SortStableFunc(ds, Date.Compare)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	// 10:00Z and 12:00+02:00 are the same instant; precision and
	// qualifiers tie, so they keep input order in a stable sort.
	if !slices.Equal(got, want) {
		t.Errorf("order = %q\nwant    %q", got, want)
	}
	for _, a := range ds {
		for _, b := range ds {
			if a.Compare(b) != -b.Compare(a) {
				t.Errorf("Compare(%v, %v) not antisymmetric", a, b)
			}
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025", "2025-08", "2025-08-22", "2025-08-22?", "2025~", "2025-08-15T14:30:00+02:00", "2024-02-30", "9999-12-31%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Human()) {
			t.Fatalf("Human of %q is not UTF-8", s)
		}
		// The canonical form parses back to the same date.
		back, err := ParseDate(d.String())
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", d.String(), s, err)
		}
		if back.Compare(d) != 0 || back.String() != d.String() {
			t.Fatalf("round trip of %q: %q then %q", s, d.String(), back.String())
		}
		if !d.Start().Before(d.End()) {
			t.Fatalf("%q: span is empty", s)
		}
	})
}

// FuzzCompareStarts checks that ordering parsed dates by their fields
// agrees with ordering them by Start.
func FuzzCompareStarts(f *testing.F) {
	for _, s := range [][2]string{{"2025", "2025-01-01"}, {"2025-08", "2025-07-31"}, {"2024-02-29", "2024-03"}, {"2025-08-22T23:30:00-02:00", "2025-08-23"}, {"0000", "9999-12-31"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		da, err1 := ParseDate(a)
		db, err2 := ParseDate(b)
		if err1 != nil || err2 != nil {
			return
		}
		if got, want := compareStarts(da, db), da.Start().Compare(db.Start()); got != want {
			t.Fatalf("compareStarts(%q, %q) = %d, Start order %d", a, b, got, want)
		}
	})
}
