package markdown

import "testing"

func BenchmarkSummary(b *testing.B) {
	src := []byte("# Title\n\nFirst paragraph with [[Kaja Kallas]] and *markup*.\n\nSecond paragraph.\n")
	for b.Loop() {
		Summary(src)
	}
}

func BenchmarkRender(b *testing.B) {
	src := []byte("# Title\n\nFirst paragraph with [[Kaja Kallas]] and *markup*.\n\nSecond paragraph.\n")
	r := New(Options{})
	for b.Loop() {
		r.Render(src, lookupTest)
	}
}
