package output

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckPath(t *testing.T) {
	long := strings.Repeat("a", maxElem)
	for _, p := range []string{
		"index.html",
		"actors/kaja-kallas/index.html",
		"feed.xml",
		"static/style.css",
		"timeline/2025/index.html",
		"topics/ukraine-war/feed.xml",
		"a b/ü.html",
		long,
		long + "/" + long,
	} {
		if err := checkPath(p); err != nil {
			t.Errorf("checkPath(%q) = %v, want nil", p, err)
		}
	}
	for _, c := range []struct{ path, why string }{
		{"", "empty"},
		{"/etc/passwd", "absolute"},
		{"../x", `".." element`},
		{"a/../../x", `".." element`},
		{"a/..", `".." element`},
		{"..", `".." element`},
		{`a\b`, "backslash"},
		{`..\x`, "backslash"},
		{"a//b", "empty element"},
		{"a/", "empty element"},
		{".", "starts with a dot"},
		{"a/./b", "starts with a dot"},
		{".git/config", "starts with a dot"},
		{"a/.htaccess", "starts with a dot"},
		{".well-known/security.txt", "starts with a dot"},
		{"a\x00b", "control character"},
		{"a\nb", "control character"},
		{"a\x7fb", "control character"},
		{"a\u0085b", "control character"},
		{"a\xffb", "UTF-8"},
		{long + "a", "longer than 255"},
	} {
		err := checkPath(c.path)
		if err == nil {
			t.Errorf("checkPath(%q) = nil, want error", c.path)
			continue
		}
		if !strings.Contains(err.Error(), c.why) || !strings.Contains(err.Error(), strconv.Quote(c.path)) {
			t.Errorf("checkPath(%q) = %q, want it to name the path and say %q", c.path, err, c.why)
		}
	}
}

func FuzzCheckPath(f *testing.F) {
	for _, s := range []string{"index.html", "a/b", "../x", "a//b", `a\b`, ".git/x", "a/./b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if checkPath(p) != nil {
			return
		}
		// Whatever passes must stay below the root it is joined to.
		if strings.HasPrefix(p, "/") || hasDotElem(p) || strings.ContainsAny(p, "\\\x00") {
			t.Fatalf("checkPath accepted %q", p)
		}
	})
}

func hasDotElem(p string) bool {
	for _, e := range strings.Split(p, "/") {
		if e == "" || strings.HasPrefix(e, ".") {
			return true
		}
	}
	return false
}
