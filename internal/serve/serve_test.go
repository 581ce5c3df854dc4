package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	annals "github.com/annals/annals"
)

// testSite is a small valid site.
var testSite = map[string]string{
	"content/_index.md": "---\ntitle: Test timeline\n---\nIntro.\n",
	"content/articles/first.md": `---
title: First title
date: 2025-08-22
source: Example Wire
actors: [Ada Lovelace]
---
The body of the first article.
`,
	"content/actors/ada-lovelace.md": "---\ntitle: Ada Lovelace\n---\nA person.\n",
}

// harness is a running preview server on a free loopback port.
type harness struct {
	t    *testing.T
	dir  string
	base string // http://127.0.0.1:port
	host string
	srv  *Server
	log  *syncBuffer
}

type syncBuffer struct {
	mu chan struct{}
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.String()
}

func start(t *testing.T, files map[string]string) *harness {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		writeFile(t, filepath.Join(dir, name), body)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncBuffer{mu: make(chan struct{}, 1)}
	srv, _, err := New(ctx, Options{
		Dir: dir, Site: root.FS(), Templates: testTemplates(t), Static: annals.Static(),
		Version: "test", Log: log, Debounce: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after cancel")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	h := &harness{t: t, dir: dir, base: "http://" + ln.Addr().String(), host: ln.Addr().String(), srv: srv, log: log}
	select {
	case <-srv.watching:
	case <-time.After(5 * time.Second):
		t.Fatal("watcher never started")
	}
	return h
}

// testTemplates replace every built-in template with a plain page, so these
// tests exercise the server, not the look of the site.
func testTemplates(t *testing.T) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := fs.ReadDir(annals.Templates(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		m[e.Name()] = &fstest.MapFile{Data: []byte("<!doctype html><html><head><title>{{.Title}}</title></head><body><h1>{{.Title}}</h1></body></html>\n")}
	}
	return m
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) write(name, body string) { writeFile(h.t, filepath.Join(h.dir, name), body) }

func (h *harness) get(p string) (int, string, http.Header) {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.base+p, nil)
	resp, err := noRedirect.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

var noRedirect = &http.Client{
	Timeout:       5 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// poll requests p until ok accepts the answer or the time is up.
func (h *harness) poll(p string, ok func(code int, body string) bool, within time.Duration) bool {
	h.t.Helper()
	deadline := time.Now().Add(within)
	for {
		code, body, _ := h.get(p)
		if ok(code, body) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(15 * time.Millisecond)
	}
}

func (h *harness) waitFor(p, want string) {
	h.t.Helper()
	if !h.poll(p, func(code int, body string) bool { return strings.Contains(body, want) }, 5*time.Second) {
		_, body, _ := h.get(p)
		h.t.Fatalf("%s never contained %q; last body:\n%.2000s", p, want, body)
	}
}

func TestServesBuiltSite(t *testing.T) {
	h := start(t, testSite)
	code, body, hdr := h.get("/articles/first/")
	if code != 200 || !strings.Contains(body, "First title") {
		t.Fatalf("article page: %d\n%.500s", code, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if !strings.Contains(body, eventsPath) || strings.Contains(body, `id="annals-overlay"`) {
		t.Error("want the reload script and no overlay")
	}
	if i, j := strings.Index(body, "<script>(function(){\nvar key"), strings.LastIndex(body, "</body>"); i < 0 || i > j {
		t.Error("reload script is not before </body>")
	}
	code, _, hdr = h.get("/articles/first")
	if code != http.StatusFound || hdr.Get("Location") != "/articles/first/" {
		t.Errorf("folder without slash: %d %q", code, hdr.Get("Location"))
	}
	code, body, _ = h.get("/no/such/page/")
	if code != 404 || !strings.Contains(body, "</html>") {
		t.Errorf("missing page: %d, want the site's 404.html\n%.300s", code, body)
	}
	for p, want := range map[string]string{
		"/feed.xml": "application/xml", "/timeline.json": "application/json",
		"/events.ics": "text/calendar; charset=utf-8", "/robots.txt": "text/plain; charset=utf-8",
	} {
		code, body, hdr := h.get(p)
		if code != 200 || hdr.Get("Content-Type") != want {
			t.Errorf("%s: %d %q, want %q", p, code, hdr.Get("Content-Type"), want)
		}
		if strings.Contains(body, eventsPath) {
			t.Errorf("%s: reload script injected into a non-HTML file", p)
		}
	}
}

func TestEditShowsUp(t *testing.T) {
	h := start(t, testSite)
	h.write("content/articles/first.md", strings.Replace(testSite["content/articles/first.md"], "First title", "Edited title", 1))
	h.waitFor("/articles/first/", "Edited title")
}

func TestSaveByRename(t *testing.T) {
	h := start(t, testSite)
	final := filepath.Join(h.dir, "content/articles/first.md")
	tmp := filepath.Join(h.dir, "content/articles/.first.md.swp-tmp")
	writeFile(t, tmp, strings.Replace(testSite["content/articles/first.md"], "First title", "Renamed into place", 1))
	if err := os.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	h.waitFor("/articles/first/", "Renamed into place")
}

func TestNewFolder(t *testing.T) {
	h := start(t, testSite)
	h.write("content/articles/2026/deep/second.md", "---\ntitle: Second in a new folder\ndate: 2026-01-02\nsource: Example Wire\n---\nBody.\n")
	h.waitFor("/articles/second/", "Second in a new folder")
	// A file added later to the new folder is seen too: the folder is watched.
	h.write("content/articles/2026/deep/third.md", "---\ntitle: Third one\ndate: 2026-01-03\nsource: Example Wire\n---\nBody.\n")
	h.waitFor("/articles/third/", "Third one")
}

func TestErrorOverlay(t *testing.T) {
	h := start(t, testSite)
	h.write("content/articles/first.md", strings.Replace(testSite["content/articles/first.md"], "title:", "titel:", 1))
	h.waitFor("/articles/first/", `id="annals-overlay"`)
	_, body, _ := h.get("/articles/first/")
	for _, want := range []string{`role="alert"`, "content/articles/first.md:2:1", "unknown key &#34;titel&#34;", `aria-label="Close`, "First title"} {
		if !strings.Contains(body, want) {
			t.Errorf("overlay page lacks %q", want)
		}
	}
	if _, body, _ := h.get("/feed.xml"); strings.Contains(body, `id="annals-overlay"`) {
		t.Error("overlay injected into the feed")
	}
	if !strings.Contains(h.log.String(), "content/articles/first.md:2:1: unknown key") {
		t.Errorf("error not printed to the log:\n%s", h.log.String())
	}
	h.write("content/articles/first.md", strings.Replace(testSite["content/articles/first.md"], "First title", "Fixed title", 1))
	h.waitFor("/articles/first/", "Fixed title")
	if _, body, _ := h.get("/articles/first/"); strings.Contains(body, `id="annals-overlay"`) {
		t.Error("overlay still shown after the fix")
	}
}

func TestFirstBuildBroken(t *testing.T) {
	files := map[string]string{"content/articles/bad.md": "---\ntitle: [unclosed\n---\n"}
	h := start(t, files)
	code, body, _ := h.get("/")
	if code != 500 || !strings.Contains(body, `id="annals-overlay"`) || !strings.Contains(body, "content/articles/bad.md:") {
		t.Fatalf("broken first build: %d\n%.1000s", code, body)
	}
	h.write("content/articles/bad.md", testSite["content/articles/first.md"])
	h.waitFor("/articles/bad/", "First title")
}

// eventReader reads a server-sent event stream line by line.
type eventReader struct{ lines chan string }

func newEventReader(r io.Reader) *eventReader {
	e := &eventReader{lines: make(chan string, 64)}
	go func() {
		defer close(e.lines)
		br := bufio.NewReader(r)
		for {
			s, err := br.ReadString('\n')
			if err != nil {
				return
			}
			e.lines <- strings.TrimRight(s, "\n")
		}
	}()
	return e
}

// next returns the data of the next event named name.
func (e *eventReader) next(t *testing.T, name string, within time.Duration) string {
	t.Helper()
	timeout := time.After(within)
	event := ""
	for {
		select {
		case s, ok := <-e.lines:
			if !ok {
				t.Fatalf("event stream ended before %q", name)
			}
			if v, ok := strings.CutPrefix(s, "event: "); ok {
				event = v
			}
			if v, ok := strings.CutPrefix(s, "data: "); ok && event == name {
				return v
			}
		case <-timeout:
			t.Fatalf("no %q event within %v", name, within)
		}
	}
}

func TestReloadEvent(t *testing.T) {
	h := start(t, testSite)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	r := newEventReader(resp.Body)
	r.next(t, "hello", 2*time.Second)
	h.write("content/articles/first.md", strings.Replace(testSite["content/articles/first.md"], "First title", "Retitled", 1))
	r.next(t, "reload", 5*time.Second)
}

func TestNoReloadWhenNothingChanged(t *testing.T) {
	h := start(t, testSite)
	ch, stop := h.srv.Subscribe()
	defer stop()
	// Same bytes: the pages come out identical.
	rep, err := h.srv.Rebuild(context.Background(), []string{"content/articles/first.md"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Notified || rep.Updated != 0 || !rep.Full {
		t.Errorf("identical rebuild: %+v", rep)
	}
	select {
	case <-ch:
		t.Error("browsers told to reload for identical output")
	default:
	}
}

func TestStaticOnlyCopies(t *testing.T) {
	h := start(t, testSite)
	h.write("static/css/extra.css", "body{color:red}")
	rep, err := h.srv.Rebuild(context.Background(), []string{"static/css/extra.css"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Full {
		t.Errorf("a static change rendered pages: %+v", rep)
	}
	code, body, hdr := h.get("/css/extra.css")
	if code != 200 || body != "body{color:red}" || hdr.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("static file: %d %q %q", code, body, hdr.Get("Content-Type"))
	}
	os.Remove(filepath.Join(h.dir, "static/css/extra.css"))
	if _, err := h.srv.Rebuild(context.Background(), []string{"static/css/extra.css"}); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := h.get("/css/extra.css"); code != 404 {
		t.Errorf("removed static file still served: %d", code)
	}
}

// rawGet sends a request line as written, so that no client cleans it.
func rawGet(t *testing.T, addr, target, host string) int {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestRefusesTraversal(t *testing.T) {
	h := start(t, testSite)
	// A file beside the site, which a traversal would reach.
	writeFile(t, filepath.Join(filepath.Dir(h.dir), "secret.txt"), "secret")
	for _, target := range []string{
		"/../secret.txt", "/articles/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
		"/..%2fsecret.txt", "/articles%2f..%2f..%2fsecret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
		"/index.html%00", "/./index.html", "/.%2e/secret.txt",
	} {
		if code := rawGet(t, h.host, target, h.host); code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", target, code)
		}
	}
	if code := rawGet(t, h.host, "/articles/first/", h.host); code != 200 {
		t.Errorf("plain request: %d", code)
	}
}

func TestRefusesForeignHost(t *testing.T) {
	h := start(t, testSite)
	_, port, _ := net.SplitHostPort(h.host)
	for host, want := range map[string]int{
		"evil.example":             403,
		"evil.example:" + port:     403,
		"127.0.0.1.nip.io:" + port: 403,
		"localhost:" + port:        200,
		"app.localhost:" + port:    200,
		"127.0.0.1:" + port:        200,
		"[::1]:" + port:            200,
		"":                         403,
	} {
		if code := rawGet(t, h.host, "/", host); code != want {
			t.Errorf("Host %q: %d, want %d", host, code, want)
		}
	}
}

func TestEventsOrigin(t *testing.T) {
	h := start(t, testSite)
	for origin, want := range map[string]int{
		"http://evil.example":   403,
		"null":                  403,
		"http://" + h.host + "": 200,
		"":                      200,
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", h.base+eventsPath, nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != want {
			t.Errorf("Origin %q: %d, want %d", origin, resp.StatusCode, want)
		}
		resp.Body.Close()
		cancel()
	}
}

func TestHostAllowed(t *testing.T) {
	for _, c := range []struct {
		host, bound string
		want        bool
	}{
		{"127.0.0.1:1313", "127.0.0.1:1313", true},
		{"localhost", "127.0.0.1:1313", true},
		{"LOCALHOST.:1313", "127.0.0.1:1313", true},
		{"192.168.1.5:1313", "127.0.0.1:1313", false},
		{"192.168.1.5:1313", "192.168.1.5:1313", true},
		{"192.168.1.5:1313", "0.0.0.0:1313", true},
		{"rebind.example:1313", "0.0.0.0:1313", false},
		{"[::1]:1313", "[::]:1313", true},
		{"", "127.0.0.1:1313", false},
	} {
		if got := hostAllowed(c.host, c.bound); got != c.want {
			t.Errorf("hostAllowed(%q, %q) = %v", c.host, c.bound, got)
		}
	}
}
