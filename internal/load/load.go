package load

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/parallel"
)

// ContentDir is the folder of a site that holds its entries.
const ContentDir = "content"

// Doc is one loaded entry file: its kind and typed front matter, and where
// its body is. Bodies are not held: a large site's bodies would dwarf
// everything else, so each is read again when it is rendered.
type Doc struct {
	Path     string     // site-relative, slash-separated
	Kind     model.Kind // "" for content/_index.md
	Front    any        // *IndexFront, *ArticleFront, *EventFront, *ActorFront, *TopicFront or *SourceFront
	Body     Source
	BodyLine int // line of the file on which the body starts
}

// Source locates a body in its file so it can be read again. It is small
// and holds no text.
type Source struct {
	fsys   fs.FS
	path   string
	offset int    // where the body starts, after any byte order mark
	size   int    // of the file as loaded
	sum    uint32 // CRC-32 of the file as loaded
}

// Read reads the body again. It fails if the file changed since it was
// loaded, since positions and front matter would no longer match it.
func (s Source) Read() ([]byte, error) { return s.ReadInto(new([]byte)) }

// ReadInto is Read into the memory of *buf where the file system allows
// it and the file fits, and leaves in *buf the memory read into, for the
// next read: what it returns is valid only until then.
func (s Source) ReadInto(buf *[]byte) ([]byte, error) {
	if s.fsys == nil {
		return nil, nil
	}
	src, err := readFile(s.fsys, s.path, *buf)
	if err != nil {
		return nil, fmt.Errorf("cannot read again: %w", unwrapPathError(err))
	}
	*buf = src[:0]
	if len(src) != s.size || crc32.ChecksumIEEE(src) != s.sum {
		return nil, errors.New("file changed during the build; build again")
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	return src[s.offset:], nil
}

// Pos returns the position of line (1-based, of the body) and col in the file.
func (d *Doc) Pos(line, col int) model.Pos {
	return model.Pos{Path: d.Path, Line: d.BodyLine + line - 1, Col: col}
}

// Result is everything a site's content folder holds.
type Result struct {
	Index *Doc   // content/_index.md, nil when absent
	Docs  []*Doc // every other entry, sorted by path
}

// Load reads every .md file under content/ of fsys. It never stops at the
// first bad file: every problem is in the returned diagnostics. Files are
// parsed in parallel; the result does not depend on scheduling.
func Load(ctx context.Context, fsys fs.FS) (*Result, model.Diagnostics) {
	var diags model.Diagnostics
	var paths []string
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == ContentDir && errors.Is(err, fs.ErrNotExist) {
				return err
			}
			diags.Errorf(model.Pos{Path: p}, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link could lead out of the site; entries live in the site.
			diags.Warnf(model.Pos{Path: p}, "symbolic link not followed")
			return nil
		}
		if d.IsDir() {
			if p != ContentDir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		diags.Errorf(model.Pos{Path: ContentDir}, "no content folder: a site keeps its entries in %s/", ContentDir)
		return &Result{}, diags
	}
	slices.Sort(paths)

	res := &Result{}
	limits := model.DefaultLimits
	if i := slices.Index(paths, ContentDir+"/_index.md"); i >= 0 {
		doc, d := newReader().load(fsys, paths[i], "", model.Limits{MaxBytes: 1 << 20})
		diags.Merge(d)
		res.Index = doc
		if doc != nil {
			limits = doc.Front.(*IndexFront).Limits
		}
		paths = slices.Delete(paths, i, i+1)
	}

	type item struct {
		doc   *Doc
		diags model.Diagnostics
	}
	items := make([]item, len(paths))
	// A cancelled load just stops; the caller sees ctx's error itself.
	_ = parallel.Each(ctx, len(paths), newReader, func(i int, rd *reader) error {
		kind, ok := kindOf(paths[i])
		if !ok {
			items[i].diags.Warnf(model.Pos{Path: paths[i]}, "not an entry: entries go in content/articles/, events/, actors/, topics/ or sources/; file skipped")
			return nil
		}
		items[i].doc, items[i].diags = rd.load(fsys, paths[i], kind, limits)
		return nil
	})
	for _, it := range items {
		diags.Merge(it.diags)
		if it.doc != nil {
			res.Docs = append(res.Docs, it.doc)
		}
	}
	return res, diags
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// kindOf tells an entry's kind from its folder under content/.
func kindOf(p string) (model.Kind, bool) {
	rest := strings.TrimPrefix(p, ContentDir+"/")
	folder, _, ok := strings.Cut(rest, "/")
	if !ok {
		return "", false
	}
	switch k := model.Kind(folder); k {
	case model.KindArticle, model.KindEvent, model.KindActor, model.KindTopic, model.KindSource:
		return k, true
	}
	return "", false
}

// IDFromPath is the id an entry's file name gives: its base name without
// ".md". Callers fold or check it.
func IDFromPath(p string) string {
	return strings.TrimSuffix(path.Base(p), ".md")
}

var delims = []byte("---")

// rawFront captures the front matter block as bytes, so that it can be
// decoded into a yaml.Node with positions instead of the library's map.
type rawFront struct{ data []byte }

var frontFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	v.(*rawFront).data = slices.Clone(data)
	return nil
})

// reader is what one loading worker reuses from file to file: the front
// matter library wraps what it reads in a buffered reader, unless it is
// one already, and a new one per file was a tenth of what a load
// allocated.
type reader struct {
	src bytes.Reader
	buf *bufio.Reader
	// file is the memory the last file was read into, for the next:
	// nothing loaded keeps a part of it.
	file []byte
	// nodes are the last front matter's nodes, for the next: a tree is
	// decoded into the document's fields before the next is parsed.
	nodes []yaml.Node
}

// intoReader is a file system that reads a file into memory it is given,
// as sitefs.FS does.
type intoReader interface {
	ReadFileInto(name string, buf []byte) ([]byte, error)
}

// readFile reads name from fsys, into buf where fsys can.
func readFile(fsys fs.FS, name string, buf []byte) ([]byte, error) {
	if r, ok := fsys.(intoReader); ok {
		return r.ReadFileInto(name, buf[:0])
	}
	return fs.ReadFile(fsys, name)
}

func newReader() *reader {
	rd := &reader{}
	rd.buf = bufio.NewReader(&rd.src)
	return rd
}

// front is a reader of src for the front matter library.
func (rd *reader) front(src []byte) *bufio.Reader {
	rd.src.Reset(src)
	rd.buf.Reset(&rd.src)
	return rd.buf
}

func (rd *reader) load(fsys fs.FS, p string, kind model.Kind, limits model.Limits) (*Doc, model.Diagnostics) {
	var diags model.Diagnostics
	at := func(line, col int) model.Pos { return model.Pos{Path: p, Line: line, Col: col} }
	src, err := readFile(fsys, p, rd.file)
	if err != nil {
		diags.Errorf(at(0, 0), "cannot read: %v", unwrapPathError(err))
		return nil, diags
	}
	rd.file = src[:0]
	if limits.MaxBytes > 0 && len(src) > limits.MaxBytes {
		diags.Errorf(at(1, 1), "entry is %d bytes, over the limit of %d; split it or raise limits.max_bytes in content/_index.md", len(src), limits.MaxBytes)
		return nil, diags
	}
	source := Source{fsys: fsys, path: p, size: len(src), sum: crc32.ChecksumIEEE(src)}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if !utf8.Valid(src) {
		line, col := invalidUTF8(src)
		diags.Errorf(at(line, col), "not valid UTF-8; save the file as UTF-8")
		return nil, diags
	}
	if bytes.IndexByte(src, 0) >= 0 {
		line, col := lineCol(src, bytes.IndexByte(src, 0))
		diags.Errorf(at(line, col), "NUL byte in text")
		return nil, diags
	}

	firstLine, opened := frontStart(src)
	if !opened {
		diags.Errorf(at(1, 1), "no front matter: an entry starts with a --- line, YAML fields, and another --- line")
		return nil, diags
	}
	var raw rawFront
	// The library copies all it reads into the body it returns; given
	// the file only up to the closing line, it copies no body.
	end := frontEnd(src, firstLine)
	body, err := frontmatter.Parse(rd.front(src[:end]), &raw, frontFormat)
	if err != nil {
		diags.Errorf(at(firstLine, 1), "front matter: %v", err)
		return nil, diags
	}
	consumed := end - len(body)
	if raw.data == nil && consumed == 0 {
		diags.Errorf(at(firstLine, 1), "front matter is not closed: no --- line ends the block opened here")
		return nil, diags
	}
	yamlLine := firstLine + 1
	// The library ends the block at any line that is "---" once trimmed, so
	// an indented "---" inside a block scalar would silently cut the front
	// matter short and spill the rest into the body.
	closeLine := yamlLine + bytes.Count(raw.data, []byte("\n"))
	if l := lineAt(src, closeLine); !bytes.Equal(bytes.TrimRight(l, " \t\r"), delims) {
		col := len(l) - len(bytes.TrimLeft(l, " \t")) + 1
		diags.Errorf(at(closeLine, col), "an indented --- line ends the front matter here; move it or quote it inside the value")
		return nil, diags
	}
	bodyLine := 1 + bytes.Count(src[:consumed], []byte("\n"))
	if consumed > 0 && src[consumed-1] != '\n' {
		bodyLine++
	}

	source.offset = consumed
	doc := &Doc{Path: p, Kind: kind, Body: source, BodyLine: bodyLine}
	root, plain := plainYAMLIn(raw.data, &rd.nodes)
	if !plain {
		root = new(yaml.Node)
		if err := yaml.Unmarshal(raw.data, root); err != nil {
			line, msg := yamlErrorLine(err)
			diags.Errorf(at(yamlLine+line-1, 1), "front matter: %s", msg)
			return nil, diags
		}
	}
	d := &decoder{path: p, lineOff: yamlLine - 1, diags: &diags}
	var mapping *yaml.Node
	if len(root.Content) > 0 {
		mapping = root.Content[0]
	}
	if mapping != nil && mapping.Kind != yaml.MappingNode {
		d.errorf(mapping, "front matter must be a map of fields (key: value)")
		return nil, diags
	}
	switch kind {
	case "":
		doc.Front = d.index(mapping)
	case model.KindArticle:
		doc.Front = d.article(mapping)
	case model.KindEvent:
		doc.Front = d.event(mapping)
	case model.KindActor:
		doc.Front = d.actor(mapping)
	case model.KindTopic:
		doc.Front = d.topic(mapping)
	case model.KindSource:
		doc.Front = d.source(mapping)
	}
	if len(diags.Errors) > 0 {
		return nil, diags
	}
	return doc, diags
}

// frontStart finds the opening "---" line the way the front matter library
// does (after blank lines) and reports its 1-based line.
func frontStart(src []byte) (int, bool) {
	line := 1
	for len(src) > 0 {
		l, rest, _ := bytes.Cut(src, []byte("\n"))
		t := bytes.TrimSpace(l)
		if len(t) > 0 {
			return line, bytes.Equal(t, delims)
		}
		src, line = rest, line+1
	}
	return 0, false
}

// frontEnd is where the line closing the front matter opened on line
// first ends, found as the library finds it (the first later line that is
// "---" once trimmed), or len(src) when no line closes it.
func frontEnd(src []byte, first int) int {
	off, line := 0, 1
	for off < len(src) {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		if line > first && bytes.Equal(bytes.TrimSpace(src[off:end]), delims) {
			return end
		}
		off, line = end, line+1
	}
	return len(src)
}

func lineAt(src []byte, n int) []byte {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil
		}
		src = src[j+1:]
	}
	l, _, _ := bytes.Cut(src, []byte("\n"))
	return l
}

func lineCol(src []byte, off int) (int, int) {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, utf8.RuneCount(src[start:off]) + 1
}

func invalidUTF8(src []byte) (int, int) {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return lineCol(src, i)
		}
		i += size
	}
	return 1, 1
}

// yaml.v3 reports syntax errors only as text ("yaml: line 3: ..."), with
// no typed position; this is the one place its line is read back.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems start the messages of yaml.v3's parser, as opposed to its
// scanner: the parser prints the 0-based line of where the construct began
// (and none for the first line), the scanner a 1-based one.
var parserProblems = []string{
	"did not find expected <document start>", "did not find expected node content",
	"did not find expected key", "did not find expected '-' indicator",
	"did not find expected ',' or", "found undefined tag handle", "found duplicate %",
	"found incompatible YAML document",
}

func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 1, strings.TrimPrefix(msg, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	for _, p := range parserProblems {
		if strings.HasPrefix(m[2], p) {
			n++
			break
		}
	}
	return n, m[2]
}

// errorf is fmt.Errorf for a node's position.
func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags.Add(&model.Error{Pos: d.pos(n), Err: fmt.Errorf(format, args...)})
}
