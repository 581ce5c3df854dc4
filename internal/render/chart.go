package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/annals/annals/internal/model"
)

// Chart is a bar chart drawn at build time as inline SVG: one bar per
// month (or per year on a long timeline), stacked from two counts. Its
// coordinates are in a viewBox that the stylesheet stretches to the page
// width, so no script is needed to lay it out.
type Chart struct {
	ID      string // unique on the page, for aria references
	Title   string
	Desc    string // the text alternative: what the chart shows, in words
	W, H    int    // viewBox size
	Bars    []Bar
	Ticks   []Tick
	Linked  bool // bars are links into the timeline
	Legend  [2]string
	Summary []ChartRow // the same data as a table
}

// BarsSVG is the SVG of the bars, as the chart partial would write them
// from Bars. A chart has a bar per month, each a dozen template actions,
// which made charts most of the time spent on entity pages; built here,
// they cost a few appends. A site's own chart partial may still use Bars.
func (c *Chart) BarsSVG() template.HTML {
	var b strings.Builder
	rect := func(class string, x, y, w, h int) {
		b.WriteString(`<rect class="`)
		b.WriteString(class)
		b.WriteString(`" x="`)
		b.WriteString(strconv.Itoa(x))
		b.WriteString(`" y="`)
		b.WriteString(strconv.Itoa(y))
		b.WriteString(`" width="`)
		b.WriteString(strconv.Itoa(w))
		b.WriteString(`" height="`)
		b.WriteString(strconv.Itoa(h))
		b.WriteString(`"/>`)
	}
	for _, bar := range c.Bars {
		if !bar.HasValues {
			continue
		}
		if c.Linked {
			b.WriteString(`<a href="`)
			b.WriteString(attrURL(bar.Href))
			b.WriteString(`"><title>`)
			b.WriteString(text(bar.Label))
			b.WriteString(`</title><rect class="hit" vector-effect="non-scaling-stroke" x="`)
			b.WriteString(strconv.Itoa(bar.X))
			b.WriteString(`" y="0" width="`)
			b.WriteString(strconv.Itoa(bar.W))
			b.WriteString(`" height="`)
			b.WriteString(strconv.Itoa(c.H))
			b.WriteString(`"/>`)
		} else {
			b.WriteString("<g>")
		}
		if bar.H1 != 0 {
			rect("bar-a", bar.X, bar.Y1, bar.W, bar.H1)
		}
		if bar.H2 != 0 {
			rect("bar-b", bar.X, bar.Y2, bar.W, bar.H2)
		}
		if c.Linked {
			b.WriteString("</a>\n")
		} else {
			b.WriteString("</g>\n")
		}
	}
	return template.HTML(b.String())
}

// RowsHTML is the rows of the chart's table, as the chart partial would
// write them from Summary: on a busy entity, a hundred rows of five
// actions each.
func (c *Chart) RowsHTML() template.HTML {
	var b strings.Builder
	for _, r := range c.Summary {
		b.WriteString(`<tr><th scope="row"><a href="`)
		b.WriteString(attrURL(r.Href))
		b.WriteString(`">`)
		b.WriteString(text(r.Text))
		b.WriteString(`</a></th><td>`)
		b.WriteString(strconv.Itoa(r.A))
		b.WriteString(`</td><td>`)
		b.WriteString(strconv.Itoa(r.B))
		b.WriteString(`</td></tr>`)
	}
	return template.HTML(b.String())
}

// Bar is one period of a chart.
type Bar struct {
	X, W      int
	Y1, H1    int // first count (events), drawn at the bottom
	Y2, H2    int // second count (articles), stacked above
	Href      string
	Label     string
	HasValues bool
}

// Tick is a label under the chart at a horizontal position in percent.
type Tick struct {
	Left  string // CSS length from the left, "12.50%"
	Right string // or from the right, for a label near the right edge
	Text  string
}

// ChartRow is one non-empty period of a chart, for its table.
type ChartRow struct {
	Link
	A, B int
}

// period is one bucket of a chart.
type period struct {
	year  int
	month time.Month // 0 when the chart is by year
}

const chartH = 60

// span is the first and last month holding a dated entry of the site, so
// every chart of a site shares one time axis.
func (v *view) span() (first, last period, ok bool) {
	for _, y := range v.ix.Years {
		for _, m := range y.Months {
			if m.Month == 0 {
				continue
			}
			p := period{y.Year, m.Month}
			if !ok || before(p, first) {
				first = p
			}
			if !ok || before(last, p) {
				last = p
			}
			ok = true
		}
	}
	return first, last, ok
}

func before(a, b period) bool { return a.year < b.year || a.year == b.year && a.month < b.month }

// periods lists the buckets from first to last: months, or years when
// months would be too thin to see or to click.
func periods(first, last period) ([]period, bool) {
	n := (last.year-first.year)*12 + int(last.month-first.month) + 1
	if n > 120 {
		var out []period
		for y := first.year; y <= last.year; y++ {
			out = append(out, period{year: y})
		}
		return out, true
	}
	out := make([]period, 0, n)
	p := first
	for range n {
		out = append(out, p)
		p.month++
		if p.month > 12 {
			p.month, p.year = 1, p.year+1
		}
	}
	return out, false
}

func (p period) text() string {
	if p.month == 0 {
		return strconv.Itoa(p.year)
	}
	return p.month.String() + " " + strconv.Itoa(p.year)
}

// axis is what every chart of a site shares: its periods, with their
// names, links and the year ticks under them. A site of 7,000 topics
// drew 7,000 charts, each naming and linking every month again.
type axis struct {
	periods []period
	byYear  bool
	texts   []string // period.text() of each period
	hrefs   []string // periodURL of each period
	ticks   []Tick   // every chart's Ticks: read, never written
}

// chartAxis is the site's axis, made on first use; nil when nothing on
// the timeline is dated to a month.
func (v *view) chartAxis() *axis {
	v.axisOnce.Do(func() {
		first, last, ok := v.span()
		if !ok {
			return
		}
		ps, byYear := periods(first, last)
		ax := &axis{periods: ps, byYear: byYear, texts: make([]string, len(ps)), hrefs: make([]string, len(ps))}
		for i, p := range ps {
			ax.texts[i] = p.text()
			ax.hrefs[i] = v.periodURL(p)
			if byYear || p.month == 1 || i == 0 {
				pos := float64(i) * 100 / float64(len(ps))
				// A label near the right edge hangs leftwards so it stays inside.
				t := Tick{Left: fmt.Sprintf("%.2f%%", pos), Text: strconv.Itoa(p.year)}
				if pos > 90 {
					t = Tick{Right: fmt.Sprintf("%.2f%%", 100-pos-100/float64(len(ps))), Text: t.Text}
				}
				ax.ticks = append(ax.ticks, t)
			}
		}
		v.axis = ax
	})
	return v.axis
}

// index is the position of d's period on the axis, for a date precise
// enough for it.
func (ax *axis) index(d model.Date) (int, bool) {
	first := ax.periods[0]
	i := d.Year - first.year
	if !ax.byYear {
		i = i*12 + int(d.Month-first.month)
	}
	return i, i >= 0 && i < len(ax.periods)
}

// chart draws counts a and b per period. Dates given only to the year are
// left out of a monthly chart, since placing them in a month would invent
// one; undated says how many, for the description.
func (v *view) chart(id, title string, legend [2]string, a, b []model.Date, linked bool) *Chart {
	ax := v.chartAxis()
	if ax == nil {
		return nil
	}
	ps, byYear := ax.periods, ax.byYear
	ca, cb := make([]int, len(ps)), make([]int, len(ps))
	skipped := 0
	count := func(ds []model.Date, c []int) {
		for _, d := range ds {
			if d.IsZero() || (!byYear && d.Prec < model.Month) {
				skipped++
				continue
			}
			if i, ok := ax.index(d); ok {
				c[i]++
			}
		}
	}
	count(a, ca)
	count(b, cb)
	most, busiest := 0, -1
	for i := range ps {
		if ca[i]+cb[i] > most {
			most, busiest = ca[i]+cb[i], i
		}
	}
	const bw = 10
	c := &Chart{ID: id, Title: title, W: bw * len(ps), H: chartH, Linked: linked, Legend: legend, Bars: make([]Bar, len(ps)), Ticks: ax.ticks}
	for i := range ps {
		bar := Bar{X: i * bw, W: bw - 2, Label: ax.texts[i]}
		if n := ca[i] + cb[i]; n > 0 {
			h := max(3, n*(chartH-2)/most)
			bar.H1 = h * ca[i] / n
			bar.H2 = h - bar.H1
			bar.Y1 = chartH - bar.H1
			bar.Y2 = bar.Y1 - bar.H2
			bar.HasValues = true
			bar.Label = ax.texts[i] + ": " + countText(ca[i], legend[0]) + ", " + countText(cb[i], legend[1])
			if linked {
				bar.Href = ax.hrefs[i]
			}
			c.Summary = append(c.Summary, ChartRow{Link{ax.hrefs[i], ax.texts[i]}, ca[i], cb[i]})
		}
		c.Bars[i] = bar
	}
	unit := "month"
	if byYear {
		unit = "year"
	}
	total := 0
	for i := range ps {
		total += ca[i] + cb[i]
	}
	c.Desc = fmt.Sprintf("Bars per %s from %s to %s: %s and %s in all.", unit, ax.texts[0], ax.texts[len(ps)-1], countText(sum(ca), legend[0]), countText(sum(cb), legend[1]))
	if busiest >= 0 {
		c.Desc += fmt.Sprintf(" The busiest %s is %s with %d.", unit, ax.texts[busiest], most)
	}
	if skipped > 0 {
		c.Desc += fmt.Sprintf(" %d dated only to the year %s not shown.", skipped, map[bool]string{true: "is", false: "are"}[skipped == 1])
	}
	if total == 0 {
		c.Desc = "Nothing dated on the timeline yet."
	}
	return c
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// countText is "1 event" or "3 events"; nouns here are regular.
func countText(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// periodURL is where a period of a chart leads: its month on the year page,
// or the month's own page when the year is split.
func (v *view) periodURL(p period) string {
	y := v.ix.Year(p.year)
	if y == nil {
		return v.urls.Rel(YearPath(p.year))
	}
	if p.month == 0 {
		return v.urls.Rel(YearPath(p.year))
	}
	if y.Count > yearSplit {
		return v.urls.Rel(MonthPath(p.year, int(p.month)))
	}
	return v.urls.Rel(YearPath(p.year)) + "#m" + twoDigits(int(p.month))
}

// overview is the home page's picture of the whole timeline.
func (v *view) overview() *Chart {
	var evs, arts []model.Date
	for _, e := range v.ix.Site.Events {
		evs = append(evs, e.Date)
	}
	for _, a := range v.ix.Site.Articles {
		arts = append(arts, a.Date)
	}
	return v.chart("overview", "The timeline at a glance", [2]string{"event", "article"}, evs, arts, true)
}

// activity is the strip on an entity page: its events and the articles
// mentioning it, on the site's time axis.
func (v *view) activity(e *model.Entity) *Chart {
	var evs []model.Date
	if e.Kind != model.KindEvent {
		for _, x := range v.ix.EventsOf[e.Ref()] {
			evs = append(evs, x.Date)
		}
	}
	mentions := v.ix.Mentions[e.Ref()]
	arts := make([]model.Date, len(mentions))
	for i, a := range mentions {
		arts[i] = a.Date
	}
	if len(evs)+len(arts) == 0 {
		return nil
	}
	return v.chart("activity", "Activity of "+e.Name+" over time", [2]string{"event", "article"}, evs, arts, false)
}
