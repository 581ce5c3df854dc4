package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// plainCases are blocks the fast path must take, each as yaml.v3 reads it.
var plainCases = []string{
	"title: Election summit ease, investment prices ease\ndate: \"2019-12-10\"\nsource: Gazeta Wyborcza\nurl: https://www.wyborcza.pl/2019/12/10/a-2943\nlanguage: pl\nactors:\n    - White House\n    - José Núñez\ntopics:\n    - Reconstruction talks\nevents:\n    - rome-conference-0123\n",
	"title: 'It''s here'\nquotes:\n    - by: Lars Hoffmann\n      text: Signature legal flights.\n      said: \"2020-01-02\"\n    - by: Zoë Ångström\n      text: \"Quoted: yes\"\n",
	"title: x\nactors:\n- A\n- B\n\nnext:   y  \n",
	"params:\n  color: blue\n  deep:\n    deeper: yes\nname: Foo:bar\n",
	"date: 2019-05?\nend: 2019-11-03~\nwhen: 2019-02\nthen: 2019-2\nlast: 2019-12\n",
	"topics:\n    - 2026 Iran war\n    - 1st of May\nplace: 10 Downing Street\n",
	"events:\n  - id: summit\n    actors:\n    - A\n    place: Alaska\n  - plain-id\n",
}

// plainRefused are blocks it must leave to yaml.v3.
var plainRefused = []string{
	"",
	"date: 2019-12-10\n",
	"draft: true\n",
	"when: 2001-12-14 21:59:43.10\n",
	"n: 12\n",
	"n: 2019\n",
	"n: 12-05\n",
	"n: 1_000\n",
	"n: null\n",
	"title: # comment\n",
	"title: a\n  continued\n",
	"title: |\n  block\n",
	"actors: [a, b]\n",
	"title: \"esc\\\"aped\"\n",
	"title: \"two\n  lines\"\n",
	"title: a: b\n",
	"title:\nnext: b\n",
	"title: \ta\n",
	"title: a\r\n",
	"  indented: a\n",
	"a: &x b\n",
	"a: *x\n",
	"a: !!str b\n",
	"- a\n",
	"---\na: b\n",
	"a: b\x85c\n",
}

// sameTree reports whether the fast path took block and, if it did,
// fails t unless yaml.v3 reads it without error into the same tree.
func sameTree(t testing.TB, name string, block []byte) bool {
	t.Helper()
	got, ok := plainYAML(block)
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(block, &want); err != nil {
		t.Errorf("%s: taken, but yaml.v3 refuses it: %v", name, err)
	} else if !reflect.DeepEqual(got, &want) {
		t.Errorf("%s:\n got %s\nwant %s", name, dumpNode(got), dumpNode(&want))
	}
	// Parsed into nodes that held another tree, it is the same tree.
	slab := new([]yaml.Node)
	if _, ok := plainYAMLIn([]byte(plainCases[0]+"quotes:\n    - by: Lars Hoffmann\n      text: Urged.\n"), slab); !ok {
		t.Fatal("the tree that fills the slab was refused")
	}
	if again, ok := plainYAMLIn(block, slab); !ok {
		t.Errorf("%s: refused into used nodes", name)
	} else if !reflect.DeepEqual(again, got) {
		t.Errorf("%s: into used nodes:\n got %s\nwant %s", name, dumpNode(again), dumpNode(got))
	}
	return true
}

func TestPlainYAML(t *testing.T) {
	for _, c := range plainCases {
		if !sameTree(t, fmt.Sprintf("%q", c), []byte(c)) {
			t.Errorf("refused %q", c)
		}
	}
	for _, c := range plainRefused {
		if n, ok := plainYAML([]byte(c)); ok {
			t.Errorf("took %q, making %s", c, dumpNode(n))
		}
	}
}

// TestPlainYAMLSites runs every front matter of the repository's own
// sites through both parsers.
func TestPlainYAMLSites(t *testing.T) {
	taken := 0
	for _, root := range []string{"../../content", "../../cmd/annals/testdata", "testdata"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			block, ok := frontBlock(src)
			if !ok {
				return nil
			}
			if sameTree(t, p, block) {
				taken++
			}
			return nil
		})
	}
	if taken == 0 {
		t.Fatal("the fast path took no front matter of the bundled site")
	}
}

// frontBlock is the text between a file's --- lines.
func frontBlock(src []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil, false
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return nil, false
	}
	return rest[:i+1], true
}

// FuzzPlainYAML holds the fast path to yaml.v3: whatever it takes,
// yaml.v3 reads without error into the same tree.
func FuzzPlainYAML(f *testing.F) {
	for _, c := range plainCases {
		f.Add(c)
	}
	for _, c := range plainRefused {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameTree(t, fmt.Sprintf("%q", s), []byte(s))
	})
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "\n%s%d %q %q style=%d anchor=%q comments=%q,%q,%q @%d:%d",
			strings.Repeat("  ", depth), n.Kind, n.Tag, n.Value, n.Style, n.Anchor,
			n.HeadComment, n.LineComment, n.FootComment, n.Line, n.Column)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// BenchmarkFrontMatter compares the two ways an article's front matter
// is read.
func BenchmarkFrontMatter(b *testing.B) {
	block := []byte(plainCases[0] + "quotes:\n    - by: Lars Hoffmann\n      text: Signature legal flights agency urged unclear informal reshuffle.\n")
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := plainYAML(block); !ok {
				b.Fatal("refused")
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var root yaml.Node
			if err := yaml.Unmarshal(block, &root); err != nil {
				b.Fatal(err)
			}
		}
	})
}
