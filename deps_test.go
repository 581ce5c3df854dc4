package annals_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/annals/annals"

// allowed lists, for each stage, the packages of ours it may import, so
// that data keeps flowing one way: load → resolve → timeline → render →
// output, with model shared by all and site the only one that knows them
// all. A package not listed here may import any internal package but the
// root one, which only commands import.
var allowed = map[string][]string{
	"internal/model":    {},
	"internal/parallel": {},
	"internal/load":     {"internal/model", "internal/parallel"},
	"internal/markdown": {"internal/model"},
	"internal/resolve":  {"internal/model", "internal/load", "internal/markdown", "internal/parallel"},
	"internal/timeline": {"internal/model"},
	"internal/render":   {"internal/model", "internal/timeline", "internal/parallel", "internal/htmlexec"},
	"internal/htmlexec": {},
	"internal/output":   {},
	"internal/sitefs":   {},
	"internal/spill":    {},
}

func TestImportRules(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.Contains(p, "testdata") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(p))
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path != module && !strings.HasPrefix(path, module+"/") {
				continue
			}
			ours := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
			if ours == "" {
				if !strings.HasPrefix(pkg, "cmd/") {
					t.Errorf("%s imports the root package; only commands may", p)
				}
				continue
			}
			if rule, ok := allowed[pkg]; ok && !slices.Contains(rule, ours) {
				t.Errorf("%s imports %s; %s may import only %v", p, ours, pkg, rule)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
