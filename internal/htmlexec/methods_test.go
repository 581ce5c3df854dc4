package htmlexec

import (
	"bytes"
	"html/template"
	"runtime"
	"strings"
	"testing"
)

// tally is data whose methods count their calls, by whether reflection
// made them.
type tally struct {
	Y     int
	calls map[string]int
}

func (t tally) Text() string        { t.count("Text"); return "y" + string(rune('0'+t.Y%10)) }
func (t tally) Safe() template.HTML { t.count("Safe"); return "<b>safe</b>" }
func (t *tally) Even() bool         { t.count("Even"); return t.Y%2 == 0 }

func (t tally) count(name string) {
	pc := make([]uintptr, 16)
	frames := runtime.CallersFrames(pc[:runtime.Callers(3, pc)])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "reflect.") {
			t.calls[name+" by reflection"]++
			return
		}
		if !more {
			break
		}
	}
	t.calls[name]++
}

// TestMethods checks that registered methods are called directly on
// compiled runs, where the receiver is addressable or a pointer, with
// html/template's bytes, and through reflection elsewhere.
func TestMethods(t *testing.T) {
	src := `{{.T.Text}} {{.P.Text}} {{.T.Safe}} <p title="{{.T.Text}}">{{if .T.Even}}even{{end}}</p>` +
		`{{range .S}}{{.Text}};{{end}}{{with index .M "a"}}{{.Text}}{{end}}`
	tmpl := template.Must(template.New("m").Parse(src))
	calls := map[string]int{}
	type data struct {
		T tally
		P *tally
		S []tally
		M map[string]tally
	}
	run := func(set *Set) string {
		var b bytes.Buffer
		d := &data{tally{2, calls}, &tally{3, calls}, []tally{{4, calls}, {5, calls}}, map[string]tally{"a": {6, calls}}}
		if err := set.Execute(&b, "m", d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	set := New(tmpl, nil)
	set.Verify()
	set.Methods(StringMethod((*tally).Text), StringMethod((*tally).Safe), BoolMethod((*tally).Even))
	first := run(set) // html/template's, which escapes and compiles
	clear(calls)
	// Verify runs html/template again after the compiled run: each call
	// is then made twice, once directly and once by reflection.
	if got := run(set); got != first {
		t.Fatalf("compiled run:\n got %q\nwant %q", got, first)
	}
	// .T is addressable through the pointer, .P is a pointer, and slice
	// elements are addressable: 2 + 1 + 2 calls of Text; a map's value
	// is a copy, which is not, so that one goes through reflection.
	want := map[string]int{
		"Text": 5, "Safe": 1, "Even": 1,
		"Text by reflection": 6 + 1, "Safe by reflection": 1, "Even by reflection": 1,
	}
	for name, n := range want {
		if calls[name] != n {
			t.Errorf("%s: %d calls, want %d (all: %v)", name, calls[name], n, calls)
		}
	}
	if !strings.Contains(first, "<b>safe</b>") {
		t.Errorf("a template.HTML result was escaped: %q", first)
	}
}

// TestMethodsChecked checks that a function that only has a method's
// type is refused when registered.
func TestMethodsChecked(t *testing.T) {
	for name, m := range map[string]Method{
		"a function":         StringMethod(func(*tally) string { return "" }),
		"a call of a method": StringMethod(func(t *tally) string { return t.Text() }),
		"its result changed": BoolMethod(func(t *tally) bool { return !t.Even() }),
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
