package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// checkShard writes shard with enc and holds it to encoding/json's output.
func checkShard(t *testing.T, what string, shard map[string][]int32, enc map[string][]byte) {
	t.Helper()
	var got, want bytes.Buffer
	writeShard(&got, shard, enc)
	if err := writeJSON(&want, shard); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("%s:\n got %s\nwant %s", what, got.String(), want.String())
	}
}

// TestWriteShard holds the shard writer to encoding/json's output.
func TestWriteShard(t *testing.T) {
	checkShard(t, "shard", map[string][]int32{
		"kallas": {1, 4, 9}, "şafak": {2}, "ελλάδα": {3, 5}, "2025": {7},
		"q\"uo\\te": {8}, "ctl\x01\n\t\r\b\f": {0}, "sep\u2028\u2029": {10},
		"<html>&": {11}, "bad\xffutf8": {12}, "": {13}, "big": {123456789, 2147483647},
	}, nil)
}

// TestWriteShardKept checks a shard written from kept encodings: as it
// was, and after a word's postings change and its encoding is dropped, as
// the live preview's patch does.
func TestWriteShardKept(t *testing.T) {
	shard := map[string][]int32{"kallas": {1, 4, 9}, "kaja": {1}, "kyiv": {2, 30}}
	enc := map[string][]byte{}
	checkShard(t, "first", shard, enc)
	if len(enc) != len(shard) {
		t.Fatalf("kept %d encodings, want %d", len(enc), len(shard))
	}
	checkShard(t, "from the kept encodings", shard, enc)
	// A kept encoding is used as it is, not made again.
	kept := enc["kaja"]
	enc["kaja"] = []byte(`"kaja":[99]`)
	var b bytes.Buffer
	writeShard(&b, shard, enc)
	if !bytes.Contains(b.Bytes(), []byte(`"kaja":[99]`)) {
		t.Errorf("the kept encoding was not used: %s", b.String())
	}
	enc["kaja"] = kept
	shard["kyiv"] = append(shard["kyiv"], 41)
	shard["kharkiv"] = []int32{5}
	delete(enc, "kyiv")
	checkShard(t, "after the edit", shard, enc)
}

// FuzzWords holds the ASCII way of splitting folded text into words to
// the way for any text, which reads it a rune at a time through
// unicode's tables.
func FuzzWords(f *testing.F) {
	f.Add("The talks in Geneva, on 12 May 2025, were \"FINAL\" — or not.")
	f.Add("a an AN x1 1x __init__ e-mail 3.14 can't")
	f.Add("Şafak and Zoë Ångström met in Łódź.")
	f.Fuzz(func(t *testing.T, s string) {
		got, want := words(s), unicodeWords(fold(s))
		if !slices.Equal(got, want) {
			t.Fatalf("words(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkWords splits a body's worth of plain text, and of names that
// fold to ASCII.
func BenchmarkWords(b *testing.B) {
	for name, text := range map[string]string{
		"ascii": strings.Repeat("Officials said the talks, held in Geneva on 12 May, went on late; the text was not final. ", 30),
		"names": strings.Repeat("Zoë Ångström and Łukasz Żółć met Çağla Demir in Kraków. ", 30),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				words(text)
			}
		})
	}
}
