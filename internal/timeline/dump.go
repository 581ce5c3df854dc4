package timeline

import (
	"fmt"
	"io"
	"strings"

	"github.com/annals/annals/internal/model"
)

// Dump writes the resolved timeline as plain text, one fact per line, so
// golden tests show model changes apart from template changes.
func (ix *Index) Dump(w io.Writer) {
	s := ix.Site
	fmt.Fprintf(w, "site %q lang=%s base=%s\n", s.Settings.Title, s.Settings.Language, s.Settings.BaseURL)
	for _, y := range ix.Years {
		fmt.Fprintf(w, "\nyear %d (%d entries)\n", y.Year, y.Count)
		for _, m := range y.Months {
			name := "month unknown"
			if m.Month != 0 {
				name = m.Month.String()
			}
			fmt.Fprintf(w, "  %s\n", name)
			for _, e := range m.Entries {
				if e.Event != nil {
					fmt.Fprintf(w, "    %-12s event %s %q status=%s", e.Event.Date, e.Event.ID, e.Event.Name, e.Event.Status)
					if e.Event.Parent != nil {
						fmt.Fprintf(w, " parent=%s", e.Event.Parent.ID)
					}
					fmt.Fprintln(w)
					for _, a := range e.Articles {
						fmt.Fprintf(w, "      %-12s article %s\n", a.Date, a.Slug)
					}
					continue
				}
				fmt.Fprintf(w, "    %-12s article %s\n", e.Article.Date, e.Article.Slug)
			}
		}
	}
	fmt.Fprintln(w)
	for _, a := range s.Articles {
		fmt.Fprintf(w, "article %s %q date=%s", a.Slug, a.Title, a.Date)
		if a.Source != nil {
			fmt.Fprintf(w, " source=%s", a.Source.ID)
		}
		fmt.Fprintln(w)
		list(w, "actors", a.Actors)
		list(w, "topics", a.Topics)
		list(w, "events", a.Events)
		list(w, "cites", a.Cites)
		if len(a.Links) > 0 {
			var ids []string
			for _, l := range a.Links {
				ids = append(ids, string(l.Kind)+"/"+l.ID)
			}
			fmt.Fprintf(w, "  links %s\n", strings.Join(ids, " "))
		}
		for _, q := range a.Quotes {
			fmt.Fprintf(w, "  quote by=%s", q.By.ID)
			if q.Event != nil {
				fmt.Fprintf(w, " event=%s", q.Event.ID)
			}
			fmt.Fprintf(w, " said=%s %q\n", q.Said, q.Text)
		}
	}
	entity := func(e *model.Entity) {
		fmt.Fprintf(w, "%s %s %q", strings.TrimSuffix(string(e.Kind), "s"), e.ID, e.Name)
		if len(e.Aliases) > 0 {
			fmt.Fprintf(w, " aliases=%q", e.Aliases)
		}
		if e.Record.Path == "" {
			fmt.Fprint(w, " (from names)")
		}
		fmt.Fprintln(w)
		var slugs []string
		for _, a := range ix.Mentions[e.Ref()] {
			slugs = append(slugs, a.Slug)
		}
		if len(slugs) > 0 {
			fmt.Fprintf(w, "  mentioned by %s\n", strings.Join(slugs, " "))
		}
	}
	for e := range s.Entities() {
		entity(e)
	}
}

// named is anything with an entity.
type named interface{ Ref() model.EntityRef }

func list[T named](w io.Writer, label string, xs []T) {
	if len(xs) == 0 {
		return
	}
	ids := make([]string, len(xs))
	for i, x := range xs {
		ids[i] = x.Ref().ID
	}
	fmt.Fprintf(w, "  %s %s\n", label, strings.Join(ids, " "))
}
