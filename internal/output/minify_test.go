package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

func TestMinify(t *testing.T) {
	m := NewMinifier()
	for _, c := range []struct{ path, in, want string }{
		{
			"index.html",
			"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title> Annals </title>\n</head>\n<body>\n  <p class=\"x\">Hello,   <a href=\"/a/\">world</a></p>\n<pre>  x\n  y</pre>\n</body>\n</html>\n",
			"<!doctype html><html lang=en><head><meta charset=utf-8><title>Annals</title></head><body><p class=x>Hello, <a href=/a/>world</a></p><pre>  x\n  y</pre></body></html>",
		},
		{
			"actors/x/index.htm",
			"<html lang=\"en\"><body><script type=\"application/ld+json\">{ \"@type\" : \"Person\" }</script><script>let  a = 1 ;</script><style> p { color : #ff0000 } </style></body></html>",
			"<html lang=en><body><script type=application/ld+json>{\"@type\":\"Person\"}</script><script>let a=1</script><style>p{color:red}</style></body></html>",
		},
		{"static/style.css", "body {\n  color: #ff0000;\n  margin: 0px;\n}\n", "body{color:red;margin:0}"},
		{"static/app.js", "function add(a, b) {\n  return a + b;\n}\nconsole.log( add(1, 2) );\n", "function add(e,t){return e+t}console.log(add(1,2))"},
		{"static/app.MJS", "export const  x = 1 ;\n", "export const x=1"},
		{
			"static/icon.svg",
			"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <rect x=\"1\" y=\"1\" width=\"8\" height=\"8\" />\n</svg>\n",
			"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect x=\"1\" y=\"1\" width=\"8\" height=\"8\"/></svg>",
		},
		{
			"feed.xml",
			"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>Annals</title>\n  <entry>\n    <title>A &amp; B</title>\n  </entry>\n</feed>\n",
			"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Annals</title><entry><title>A &amp; B</title></entry></feed>",
		},
		{"a/feed.atom", "<feed>\n  <id>x</id>\n</feed>\n", "<feed><id>x</id></feed>"},
		{"timeline.json", "{\n  \"events\": [1, 2],\n  \"title\": \"x\"\n}\n", "{\"events\":[1,2],\"title\":\"x\"}"},
		{"events.ics", "BEGIN:VCALENDAR\r\n  X\r\nEND:VCALENDAR\r\n", "BEGIN:VCALENDAR\r\n  X\r\nEND:VCALENDAR\r\n"},
		{"robots.txt", "User-agent: *\n\nAllow: /\n", "User-agent: *\n\nAllow: /\n"},
		{"logo.png", "\x89PNG\r\n\x1a\n\x00", "\x89PNG\r\n\x1a\n\x00"},
		{"empty.html", "", ""},
	} {
		t.Run(c.path, func(t *testing.T) {
			got, err := m.Minify(c.path, []byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("Minify(%s)\n got %q\nwant %q", c.path, got, c.want)
			}
			if err := wellFormed(c.path, got); err != nil {
				t.Errorf("minified %s does not parse: %v", c.path, err)
			}
		})
	}
}

// wellFormed parses b by the type path implies, where the standard library
// has a parser for it.
func wellFormed(path string, b []byte) error {
	switch mediaType(path) {
	case "application/xml", "application/atom+xml", "image/svg+xml":
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	case "application/json":
		var v any
		return json.Unmarshal(b, &v)
	}
	return nil
}

func TestMinifyError(t *testing.T) {
	_, err := NewMinifier().Minify("static/bad.js", []byte("function ( {"))
	if err == nil || !strings.Contains(err.Error(), "static/bad.js") {
		t.Fatalf("Minify(bad js) error = %v, want one naming the path", err)
	}
}

// TestMinifyLeavesInput guards against the minifiers' habit of rewriting
// their input in place, including the byte just past its end.
func TestMinifyLeavesInput(t *testing.T) {
	m := NewMinifier()
	for _, path := range []string{"a.html", "a.css", "a.js", "a.svg", "a.xml", "a.json"} {
		src := "<HTML LANG=\"EN\"><BODY CLASS=\"A\"><P>X  Y</P></BODY></HTML> body { COLOR : #FF0000 } var X = 1 ; {\"A\" : 1}"
		buf := make([]byte, len(src), len(src)+8)
		copy(buf, src)
		full := buf[:cap(buf)]
		for i := len(src); i < len(full); i++ {
			full[i] = 'Z'
		}
		before := bytes.Clone(full)
		m.Minify(path, buf) // errors do not matter here
		if !bytes.Equal(full, before) {
			t.Errorf("Minify(%s) changed its input:\n got %q\nwant %q", path, full, before)
		}
	}
}

func TestMinifyConcurrent(t *testing.T) {
	m := NewMinifier()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				in := fmt.Sprintf("<html lang=en><body>  <p> page %d of %d </p>  </body></html>", i, g)
				want := fmt.Sprintf("<html lang=en><body><p>page %d of %d</p></body></html>", i, g)
				got, err := m.Minify("x.html", []byte(in))
				if err != nil || string(got) != want {
					t.Errorf("Minify = %q, %v; want %q", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestAppendString holds AppendString to Minify, after what the slice
// given holds.
func TestAppendString(t *testing.T) {
	m := NewMinifier()
	for path, src := range map[string]string{
		"body.html": "<p>Talks   resume\n in <a href=\"https://example.org/\">Geneva</a></p>\n<pre>  kept\n  as is</pre>\n",
		"a.css":     "a { color : red }",
		"x.ics":     "BEGIN:VCALENDAR\r\n",
	} {
		want, err := m.Minify(path, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.AppendString([]byte("before:"), path, src)
		if err != nil || string(got) != "before:"+string(want) {
			t.Errorf("%s: %q, %v; want %q", path, got, err, "before:"+string(want))
		}
	}
}
