package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/site"
)

// browserPath finds Chromium; CHROMIUM overrides the usual places.
func browserPath(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found (looked for $CHROMIUM, /usr/bin/chromium); CI must run the browser tests")
	}
	t.Skip("no Chromium found (looked for $CHROMIUM, /usr/bin/chromium); install it to run the browser tests")
	return ""
}

// served builds the bundled site into a temporary folder and serves it on
// the loopback interface.
func served(t *testing.T) string {
	t.Helper()
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	out := filepath.Join(t.TempDir(), "public")
	cfg := site.Config{Site: root.FS(), Templates: annals.Templates(), Static: annals.Static(), Minify: true, Version: "test"}
	if _, err := site.Build(context.Background(), cfg, out); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(r.URL.Path))); err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(out, "404.html"))
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// browser is one headless Chromium with a fresh profile, and the script
// errors it has reported since the last call to take.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
}

func start(t *testing.T) *browser {
	t.Helper()
	exe := browserPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	b := &browser{ctx: ctx}
	// Console starts the browser and subscribes before it returns, so no
	// message of the pages that follow is lost.
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" {
				b.mu.Lock()
				b.errors = append(b.errors, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) take() []string {
	// Messages arrive on another goroutine; give the last ones a moment.
	time.Sleep(50 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	e := b.errors
	b.errors = nil
	return e
}

// do runs steps, failing the test on an error.
func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// get runs one action and returns its value.
func get[T any](t *testing.T, b *browser, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// shots is where screenshots go for review.
func shots(t *testing.T) string {
	dir := os.Getenv("ANNALS_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageTypes are one page of every kind the site has.
var pageTypes = []struct{ name, path string }{
	{"home", "/"},
	{"year", "/timeline/2025/"},
	{"article", "/articles/kallas-bbc-territory-trap/"},
	{"event", "/events/wef-davos-2026/"},
	{"actor", "/actors/kaja-kallas/"},
	{"topic", "/topics/security-guarantees/"},
	{"source", "/sources/anadolu-agency/"},
	{"events", "/events/"},
	{"actors", "/actors/"},
	{"topics", "/topics/"},
	{"sources", "/sources/"},
	{"articles", "/articles/"},
	{"search", "/search/?q=kallas"},
	{"404", "/no-such-page/"},
}

// TestPages opens every page type at phone and desktop width: each has one
// h1, no script errors, and a screenshot is written.
func TestPages(t *testing.T) {
	base := served(t)
	b := start(t)
	dir := shots(t)
	for _, w := range []struct {
		name string
		w, h int64
	}{{"390", 390, 844}, {"1280", 1280, 900}} {
		b.do(t, chromedp.EmulateViewport(w.w, w.h))
		for _, pt := range pageTypes {
			b.do(t, chromedp.Navigate(base+pt.path), chromedp.WaitReady(chromedp.CSS("body")))
			if pt.name == "search" {
				b.do(t, chromedp.WaitVisible(chromedp.CSS("#search-results li")))
			}
			h1 := get(t, b, chromedp.Nodes(chromedp.CSSAll("h1")))
			png := get(t, b, chromedp.FullScreenshot(100))
			if len(h1) != 1 {
				t.Errorf("%s at %s px: %d h1 elements, want 1", pt.path, w.name, len(h1))
			}
			for _, e := range b.take() {
				if pt.name == "404" && strings.Contains(e, "404") {
					continue // the browser logs the status of the page itself
				}
				t.Errorf("%s at %s px: %s", pt.path, w.name, e)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s.png", pt.name, w.name)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

// visible counts the filterable items on the page that are not hidden.
const visible = `Array.from(document.querySelectorAll("[data-item]")).filter(e => !e.hidden).length`

// TestFilters uses the filter form with the keyboard, as a reader would,
// and checks that it narrows the list, says so, and keeps its state in the
// URL so that a reload or a shared link shows the same.
func TestFilters(t *testing.T) {
	base := served(t)
	b := start(t)
	b.do(t,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/timeline/2025/"),
		chromedp.WaitVisible(chromedp.CSS("form[data-filters]")),
	)
	all := get(t, b, chromedp.Evaluate[int](visible))
	// The actor with the fewest entries, so the filter has something to hide.
	actor := get(t, b, chromedp.Evaluate[string](`(() => {
		let best = null;
		for (const o of document.querySelector("#f-actor").options) {
			const m = /\((\d+)\)$/.exec(o.text);
			if (m && (!best || +m[1] < best[1])) best = [o.value, +m[1]];
		}
		return best[0];
	})()`))
	b.do(t,
		chromedp.SetValue(chromedp.CSS("#f-actor"), actor),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#f-actor").dispatchEvent(new Event("change", {bubbles: true}))`))
			return err
		}),
	)
	some := get(t, b, chromedp.Evaluate[int](visible))
	url := get(t, b, chromedp.Location())
	status := get(t, b, chromedp.Text(chromedp.CSS(".filter-status")))
	if some == 0 || some >= all {
		t.Errorf("filtering by actor shows %d of %d entries", some, all)
	}
	if !strings.Contains(url, "actor="+actor) {
		t.Errorf("URL after filtering = %s, want actor=%s in it", url, actor)
	}
	if !strings.Contains(status, fmt.Sprintf("Showing %d of %d", some, all)) {
		t.Errorf("status = %q", status)
	}

	// The same URL, loaded afresh, shows the same selection.
	b.do(t, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("form[data-filters]")))
	if again := get(t, b, chromedp.Evaluate[int](visible)); again != some {
		t.Errorf("reloading %s shows %d entries, want %d", url, again, some)
	}

	// Keyboard: focus the status select, move to the next option, then
	// reset with the button.
	b.do(t,
		chromedp.Navigate(base+"/events/"),
		chromedp.WaitVisible(chromedp.CSS("form[data-filters]")),
		chromedp.Focus(chromedp.CSS("#f-status")),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.Sleep(200*time.Millisecond),
	)
	afterKeys := get(t, b, chromedp.Evaluate[int](visible))
	url = get(t, b, chromedp.Location())
	b.do(t,
		chromedp.Click(chromedp.CSS("form[data-filters] button[type=reset]")),
		chromedp.Sleep(200*time.Millisecond),
	)
	afterReset := get(t, b, chromedp.Evaluate[int](visible))
	if afterKeys == 0 || afterKeys >= afterReset {
		t.Errorf("status filter by keyboard shows %d of %d events", afterKeys, afterReset)
	}
	if !strings.Contains(url, "status=") {
		t.Errorf("URL after keyboard filtering = %s, want status= in it", url)
	}
	for _, e := range b.take() {
		t.Error(e)
	}
}

// TestSearch types a word into the search page and checks results, the
// live status and the URL.
func TestSearch(t *testing.T) {
	base := served(t)
	b := start(t)
	b.do(t,
		chromedp.Navigate(base+"/search/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "laughing"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li")),
	)
	n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll("#search-results li").length`))
	status := get(t, b, chromedp.Text(chromedp.CSS("#search-status")))
	first := get(t, b, chromedp.Text(chromedp.CSS("#search-results li a")))
	url := get(t, b, chromedp.Location())
	if n == 0 || !strings.Contains(status, "result") {
		t.Errorf("search for a quoted word: %d results, status %q", n, status)
	}
	if !strings.Contains(first, "trap") {
		t.Errorf("first result %q, want the article quoting “Putin is just laughing”", first)
	}
	if !strings.Contains(url, "q=laughing") {
		t.Errorf("URL after searching = %s", url)
	}
	// Names are found without their accents and by prefix.
	b.do(t,
		chromedp.Navigate(base+"/search/?q=yeni+saf"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li")),
	)
	if first := get(t, b, chromedp.Text(chromedp.CSS("#search-results li a"))); !strings.Contains(first, "Yeni") {
		t.Errorf("search for “yeni saf” found %q first", first)
	}
	// The header form leads to the search page with the query.
	b.do(t,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#site-q")),
		chromedp.SendKeys(chromedp.CSS("#site-q"), "Medvedev\n"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li")),
	)
	if url := get(t, b, chromedp.Location()); !strings.Contains(url, "/search/?q=Medvedev") {
		t.Errorf("header search went to %s", url)
	}
	for _, e := range b.take() {
		t.Error(e)
	}
}

// TestWithoutJavaScript checks that with scripts off a filtered URL still
// shows every entry and the filter form stays out of the way.
func TestWithoutJavaScript(t *testing.T) {
	base := served(t)
	b := start(t)
	b.do(t,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}),
		chromedp.Navigate(base+"/timeline/2025/?actor=vladimir-putin"),
		chromedp.WaitReady(chromedp.CSS("body")),
	)
	items := get(t, b, chromedp.Nodes(chromedp.CSSAll("[data-item]")))
	hidden := get(t, b, chromedp.Nodes(chromedp.CSSAll("[data-item][hidden]"), chromedp.AtLeast(0)))
	forms := get(t, b, chromedp.Nodes(chromedp.CSSAll("form[data-filters][hidden]"), chromedp.AtLeast(0)))
	if len(items) < 5 || len(hidden) != 0 {
		t.Errorf("without JavaScript: %d entries, %d hidden", len(items), len(hidden))
	}
	if len(forms) != 1 {
		t.Error("without JavaScript the filter form is shown, though it cannot work")
	}
	// Plain links do what filters do: an entry's actor has a page listing
	// everything about them.
	b.do(t, chromedp.Navigate(base+"/actors/vladimir-putin/"), chromedp.WaitReady(chromedp.CSS("body")))
	if links := get(t, b, chromedp.Nodes(chromedp.CSSAll(`main a[href*="/events/"]`))); len(links) == 0 {
		t.Error("the actor page links no events")
	}
}
