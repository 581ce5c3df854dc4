package site

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// archive is a whole site inlined as text: "-- path --" lines start each
// file, as in txtar. A file named "want" holds the expected result.
type archive struct {
	comment string
	files   map[string][]byte
	order   []string
}

func parseArchive(data []byte) *archive {
	a := &archive{files: map[string][]byte{}}
	var name string
	var buf bytes.Buffer
	flush := func() {
		if name != "" {
			a.files[name] = bytes.Clone(buf.Bytes())
			a.order = append(a.order, name)
		} else {
			a.comment = buf.String()
		}
		buf.Reset()
	}
	for line := range bytes.Lines(data) {
		t := strings.TrimRight(string(line), "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		buf.Write(line)
	}
	flush()
	return a
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, n := range a.order {
		b.WriteString("-- " + n + " --\n")
		b.Write(a.files[n])
	}
	return b.Bytes()
}

// fs is the site of the archive: every file but "want".
func (a *archive) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for n, b := range a.files {
		if n != "want" {
			m[n] = &fstest.MapFile{Data: b, Mode: 0o644}
		}
	}
	return m
}

func (a *archive) setWant(b []byte) {
	if _, ok := a.files["want"]; !ok {
		a.order = append(a.order, "want")
	}
	a.files["want"] = b
}

func readArchive(t *testing.T, path string) *archive {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseArchive(data)
}
