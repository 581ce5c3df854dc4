package render

import (
	"testing"
	"time"

	"github.com/annals/annals/internal/model"
)

// The axis finds a date's period by arithmetic; it must find the period
// whose year (and month, on a monthly axis) the date has, or none.
func TestAxisIndex(t *testing.T) {
	for _, span := range [][2]period{
		{{2019, time.March}, {2021, time.February}}, // by month
		{{1990, time.July}, {2025, time.January}},   // by year: over 120 months
	} {
		ps, byYear := periods(span[0], span[1])
		ax := &axis{periods: ps, byYear: byYear}
		for y := 1985; y <= 2030; y++ {
			for m := time.January; m <= time.December; m++ {
				d := model.Date{Year: y, Month: m, Prec: model.Month}
				want := -1
				for i, p := range ps {
					if p.year == y && (byYear || p.month == m) {
						want = i
					}
				}
				i, ok := ax.index(d)
				if !ok {
					i = -1
				}
				if i != want {
					t.Fatalf("axis %v–%v (by year %v): index(%d-%02d) = %d, want %d", span[0], span[1], byYear, y, m, i, want)
				}
			}
		}
	}
}
