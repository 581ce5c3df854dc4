package serve

import (
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/annals/annals/internal/model"
)

// eventsPath is the live-reload stream. Site pages never start with "_annals".
const eventsPath = "/_annals/events"

// Handler answers preview requests. bound is the address the server
// listens on; requests for other hosts than it and loopback names are
// refused.
func (s *Server) Handler(bound string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if !hostAllowed(r.Host, bound) {
			http.Error(w, "annals serve: forbidden host "+r.Host+"; use http://"+previewHost(bound)+"/", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p, ok := requestPath(r)
		if !ok {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		if "/"+p == eventsPath {
			s.events(w, r, bound)
			return
		}
		s.file(w, r, p)
	})
}

// requestPath returns the request's path without its leading slash, or
// false when it could name something outside the site: a "." or ".."
// segment (also percent-encoded), an encoded slash, a backslash or a NUL.
func requestPath(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	if r.RequestURI != "" {
		raw = strings.ToLower(r.RequestURI)
		if i := strings.IndexByte(raw, '?'); i >= 0 {
			raw = raw[:i]
		}
	}
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", false
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	p = p[1:]
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	return p, true
}

// file serves one built file, a redirect to a folder's slash, or the
// site's 404 page.
func (s *Server) file(w http.ResponseWriter, r *http.Request, p string) {
	w.Header().Set("Cache-Control", "no-store")
	good, problems, notFound := s.state()
	if !good {
		// No build has succeeded yet: every page is the error list.
		s.write(w, r, http.StatusInternalServerError, "index.html", errorPage, problems)
		return
	}
	body, name, redirect := s.lookup(p)
	switch {
	case redirect:
		u := url.URL{Path: "/" + p + "/", RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusFound)
	case body != nil:
		s.write(w, r, http.StatusOK, name, body, problems)
	case notFound != nil:
		s.write(w, r, http.StatusNotFound, "404.html", notFound, problems)
	default:
		http.Error(w, "404 page not found", http.StatusNotFound)
	}
}

// write sends a file with its content type; HTML gets the reload script
// and, while the site has errors, the overlay.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, body []byte, problems []*model.Error) {
	ct := contentType(name, body)
	if strings.HasPrefix(ct, "text/html") {
		body = inject(body, s.id, problems)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// types are the content types of the files a site holds; the system's
// table varies between machines, so the common ones are fixed here.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".xml":         "application/xml",
	".atom":        "application/atom+xml",
	".rss":         "application/rss+xml",
	".ics":         "text/calendar; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".webmanifest": "application/manifest+json",
}

func contentType(name string, body []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(body)
}

// hostAllowed reports whether a request's Host header names this server:
// a loopback name or address, or the address it is bound to. A DNS
// rebinding attack needs a host name that resolves to us, so IP literals
// are safe when bound to every interface.
func hostAllowed(host, bound string) bool {
	h := hostOnly(host)
	if h == "" {
		return false
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	bh := hostOnly(bound)
	if strings.EqualFold(h, bh) {
		return true
	}
	ip, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	if b, err := netip.ParseAddr(bh); err == nil && b.IsUnspecified() {
		return true
	}
	return false
}

// hostOnly strips the port and IPv6 brackets from a host[:port].
func hostOnly(hostport string) string {
	h := hostport
	if sh, _, err := net.SplitHostPort(hostport); err == nil {
		h = sh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// previewHost is the address to print for people to open.
func previewHost(bound string) string {
	h, port, err := net.SplitHostPort(bound)
	if err != nil {
		return bound
	}
	if ip, err := netip.ParseAddr(h); err == nil && ip.IsUnspecified() {
		h = "localhost"
	}
	return net.JoinHostPort(h, port)
}

// PreviewURL is the address people should open for a server bound to addr.
func PreviewURL(addr string) string { return "http://" + previewHost(addr) + "/" }

// originAllowed checks the Origin of a reload stream request: browsers send
// it for cross-origin requests, and only pages of this server may listen.
func originAllowed(r *http.Request, bound string) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true // same-origin EventSource requests carry none
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(u.Host, r.Host) && hostAllowed(u.Host, bound)
}

// events streams reload notices to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request, bound string) {
	if !originAllowed(r, bound) {
		http.Error(w, "annals serve: forbidden origin", http.StatusForbidden)
		return
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// The hello names this server run, so a tab that reconnects to a
	// restarted server reloads.
	fmt.Fprintf(w, "retry: 1000\nevent: hello\ndata: %s\n\n", s.id)
	if rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case g := <-ch:
			fmt.Fprintf(w, "event: reload\ndata: %d\n\n", g)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		}
		if rc.Flush() != nil {
			return
		}
	}
}
