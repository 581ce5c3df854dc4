package htmlexec

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

func (d date) Safe() template.HTML { return template.HTML("<b>" + d.Machine() + "</b>") }
func (d date) Leap() bool          { return d.Y%4 == 0 }

// TestMethods checks that registered methods are called through their
// adapters on compiled runs, where the receiver is addressable or a
// pointer, with html/template's bytes, and by reflection elsewhere.
func TestMethods(t *testing.T) {
	src := `{{.Date.Machine}} {{.When.Machine}} {{.Date.Human}} {{.Date.Safe}} <p title="{{.Date.Machine}}">{{if .Date.Leap}}leap{{end}}</p>` +
		`{{range .Dates}}{{.Machine}};{{end}}{{with index .Dates 0}}{{.Machine}}{{end}}{{with index .Map "a"}}{{.Machine}}{{end}}`
	tmpl := template.Must(template.New("m").Parse(src))
	type data struct {
		*page
		Dates []date
		Map   map[string]date
	}
	run := func(set *Set) string {
		var b bytes.Buffer
		if err := set.Execute(&b, "m", data{testPage(), []date{{2024, 1, 2}, {2023, 3, 4}}, map[string]date{"a": {2022, 5, 6}}}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	calls := map[string]int{}
	set := New(tmpl, nil)
	set.Verify()
	set.Methods(
		StringMethod("Machine", func(d *date) string { calls["Machine"]++; return d.Machine() }),
		StringMethod("Human", func(d *date) string { calls["Human"]++; return d.Human() }),
		StringMethod("Safe", func(d *date) template.HTML { calls["Safe"]++; return d.Safe() }),
		BoolMethod("Leap", func(d *date) bool { calls["Leap"]++; return d.Leap() }),
	)
	first := run(set) // html/template's, which escapes and compiles
	if len(calls) != 0 {
		t.Fatalf("html/template's run called the adapters: %v", calls)
	}
	if got := run(set); got != first {
		t.Fatalf("compiled run:\n got %q\nwant %q", got, first)
	}
	// .Date is addressable through the page pointer, .When is a pointer,
	// and slice elements are addressable: 3 + 2 + 1 calls of Machine; a
	// map's value is a copy, which is not, so it goes through reflection.
	want := map[string]int{"Machine": 6, "Human": 1, "Safe": 1, "Leap": 1}
	for name, n := range want {
		if calls[name] != n {
			t.Errorf("%s called %d times through its adapter, want %d (all: %v)", name, calls[name], n, calls)
		}
	}
	if !strings.Contains(first, "<b>2026-02-09</b>") {
		t.Errorf("a template.HTML result was escaped: %q", first)
	}
}

// TestMethodsChecked checks that a Method whose type does not match the
// method it names is refused when registered.
func TestMethodsChecked(t *testing.T) {
	for name, m := range map[string]Method{
		"missing":      StringMethod("Missing", func(d *date) string { return "" }),
		"takes an arg": StringMethod("Plus", func(d *date) string { return "" }),
		"other result": StringMethod("Safe", func(d *date) string { return "" }),
		"not a bool":   BoolMethod("Machine", func(d *date) bool { return false }),
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			New(template.New("x"), nil).Methods(m)
		})
	}
}
