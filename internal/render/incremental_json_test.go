package render

import (
	"strconv"
	"strings"
	"testing"
)

// TestCutTimelineJSON checks that the file is cut at record boundaries
// whatever the records' strings hold, and refused in another layout.
func TestCutTimelineJSON(t *testing.T) {
	raw := `{"version":1,"title":"A \"quoted\" [title], {x}","base_url":"/","articles":[{"id":"articles/a","title":"]},\\"},{"id":"articles/b","quotes":[{"by":"x"}]}],"events":[],"actors":[{"id":"actors/x","n":12}],"topics":[{"id":"topics/t"}],"sources":[{"id":"sources/s","aliases":["a,b"]}]}` + "\n"
	head, lists, ok := cutTimelineJSON([]byte(raw))
	if !ok {
		t.Fatal("not cut")
	}
	if !strings.HasSuffix(string(head), `"base_url":"/","articles":[`) {
		t.Errorf("head = %s", head)
	}
	want := [][]string{
		{`{"id":"articles/a","title":"]},\\"}`, `{"id":"articles/b","quotes":[{"by":"x"}]}`},
		{},
		{`{"id":"actors/x","n":12}`},
		{`{"id":"topics/t"}`},
		{`{"id":"sources/s","aliases":["a,b"]}`},
	}
	for k := range want {
		if len(lists[k]) != len(want[k]) {
			t.Fatalf("list %d has %d records, want %d", k, len(lists[k]), len(want[k]))
		}
		for i := range want[k] {
			if string(lists[k][i]) != want[k][i] {
				t.Errorf("list %d record %d = %s, want %s", k, i, lists[k][i], want[k][i])
			}
		}
	}
	for _, bad := range []string{
		strings.Replace(raw, `,"sources"`, `,"extra":1,"sources"`, 1),
		strings.Replace(raw, `,"actors"`, `,"topics":[],"actors"`, 1),
		strings.TrimSuffix(raw, "\n"),
		"",
	} {
		if _, _, ok := cutTimelineJSON([]byte(bad)); ok {
			t.Errorf("cut a file of another layout: %s", bad)
		}
	}
}

// TestRecordsArt finds articles' records where they were, nearby and far
// away, and reports the ones the file does not have.
func TestRecordsArt(t *testing.T) {
	r := &jsonRecords{}
	for i := range 40 {
		p := "a" + strconv.Itoa(i)
		r.paths = append(r.paths, p)
		r.arts = append(r.arts, []byte("{"+p+"}"))
	}
	for _, c := range []struct {
		i    int
		path string
		ok   bool
	}{{0, "a0", true}, {5, "a4", true}, {4, "a12", true}, {39, "a0", true}, {0, "a39", true}, {45, "a39", true}, {3, "new", false}} {
		got, ok := r.art(c.i, c.path)
		if ok != c.ok || ok && string(got) != "{"+c.path+"}" {
			t.Errorf("art(%d, %s) = %s, %v", c.i, c.path, got, ok)
		}
	}
}
