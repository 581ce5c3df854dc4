package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/annals/annals/internal/load"
)

// frontKeys reads every front matter key internal/load knows from its
// source: the string arguments of the decoder's field helpers and the
// names of hand-written fields.
func frontKeys(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../load/front.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{"params": true}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if ok && slices.Contains([]string{"scalar", "list", "boolean", "integer"}, sel.Sel.Name) && len(n.Args) == 2 {
				if lit, ok := n.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					set[s] = true
				}
			}
		case *ast.CompositeLit:
			if id, ok := n.Type.(*ast.Ident); ok && id.Name == "field" && len(n.Elts) > 0 {
				if lit, ok := n.Elts[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					set[s] = true
				}
			}
		}
		return true
	})
	if len(set) < 30 {
		t.Fatalf("found only %d keys in front.go; has its shape changed?", len(set))
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// place is one object of front matter: where a key goes in a test file,
// and how to find its properties in the schema.
type place struct {
	kind   string
	file   string
	doc    func(key string) string
	schema func(s map[string]any) map[string]any
}

func top(s map[string]any) map[string]any { return props(s) }

func props(o any) map[string]any {
	return o.(map[string]any)["properties"].(map[string]any)
}

// objectIn finds the object alternative of an anyOf or array of items.
func objectIn(o any) map[string]any {
	m := o.(map[string]any)
	if items, ok := m["items"]; ok {
		return objectIn(items)
	}
	if alts, ok := m["anyOf"]; ok {
		for _, a := range alts.([]any) {
			am := a.(map[string]any)
			if am["type"] == "object" {
				return am
			}
			if _, ok := am["items"]; ok {
				return objectIn(am)
			}
		}
	}
	return m
}

var places = []place{
	{"article", "content/articles/a.md", func(k string) string { return "title: T\n" + k + ": x\n" }, top},
	{"event", "content/events/e.md", func(k string) string { return k + ": x\n" }, top},
	{"actor", "content/actors/a.md", func(k string) string { return k + ": x\n" }, top},
	{"topic", "content/topics/t.md", func(k string) string { return k + ": x\n" }, top},
	{"source", "content/sources/s.md", func(k string) string { return k + ": x\n" }, top},
	{"site", "content/_index.md", func(k string) string { return k + ": x\n" }, top},
	{"article", "content/articles/q.md", func(k string) string { return "quotes:\n  - {by: a, text: b, " + k + ": x}\n" },
		func(s map[string]any) map[string]any { return props(objectIn(props(s)["quotes"])) }},
	{"article", "content/articles/i.md", func(k string) string { return "events:\n  - {id: e, " + k + ": x}\n" },
		func(s map[string]any) map[string]any { return props(objectIn(props(s)["events"])) }},
	{"actor", "content/actors/r.md", func(k string) string { return "roles:\n  - {title: a, " + k + ": x}\n" },
		func(s map[string]any) map[string]any { return props(objectIn(props(s)["roles"])) }},
	{"site", "content/_index.md", func(k string) string { return "limits: {" + k + ": 1}\n" },
		func(s map[string]any) map[string]any { return props(props(s)["limits"]) }},
}

// TestKeysMatchLoad checks, for every key load knows and every object of
// front matter, that the schema lists the key exactly when load accepts it
// there.
func TestKeysMatchLoad(t *testing.T) {
	keys := frontKeys(t)
	for i, p := range places {
		b, err := For(p.kind)
		if err != nil {
			t.Fatal(err)
		}
		var s map[string]any
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		inSchema := p.schema(s)
		t.Run(fmt.Sprintf("%s/%d", p.kind, i), func(t *testing.T) {
			for _, k := range keys {
				if k == "id" && p.kind == "article" && strings.Contains(p.file, "/i.md") {
					// The inline event's own id is what the doc gives anyway.
					continue
				}
				fsys := fstest.MapFS{p.file: {Data: []byte("---\n" + p.doc(k) + "---\n")}}
				_, diags := load.Load(context.Background(), fsys)
				unknown := false
				for _, e := range diags.Errors {
					if strings.Contains(e.Err.Error(), fmt.Sprintf("unknown key %q", k)) {
						unknown = true
					}
				}
				_, listed := inSchema[k]
				if listed == unknown {
					t.Errorf("key %q: load accepts it = %v, schema lists it = %v", k, !unknown, listed)
				}
			}
		})
	}
}

func TestSchemasAreValidJSON(t *testing.T) {
	for _, k := range Kinds {
		b, err := For(k)
		if err != nil {
			t.Fatal(err)
		}
		var s map[string]any
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["additionalProperties"] != false {
			t.Errorf("%s: want draft 2020-12 and additionalProperties false", k)
		}
	}
	if _, err := For("poem"); err == nil {
		t.Error("unknown kind accepted")
	}
}
