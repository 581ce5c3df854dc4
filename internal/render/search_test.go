package render

import (
	"bytes"
	"testing"
)

// TestWriteShard holds the shard writer to encoding/json's output.
func TestWriteShard(t *testing.T) {
	shard := map[string][]int{
		"kallas": {1, 4, 9}, "şafak": {2}, "ελλάδα": {3, 5}, "2025": {7},
		"q\"uo\\te": {8}, "ctl\x01\n\t\r\b\f": {0}, "sep\u2028\u2029": {10},
		"<html>&": {11}, "bad\xffutf8": {12}, "": {13},
	}
	var got, want bytes.Buffer
	writeShard(&got, shard, nil)
	if err := writeJSON(&want, shard); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("shard:\n got %s\nwant %s", got.String(), want.String())
	}
}

// TestWriteShardKept checks a shard written from kept encodings: as it
// was, and after a word's postings change and its encoding is dropped, as
// the live preview's patch does.
func TestWriteShardKept(t *testing.T) {
	shard := map[string][]int{"kallas": {1, 4, 9}, "kaja": {1}, "kyiv": {2, 30}}
	enc := map[string][]byte{}
	var first, again, want bytes.Buffer
	writeShard(&first, shard, enc)
	if len(enc) != len(shard) {
		t.Fatalf("kept %d encodings, want %d", len(enc), len(shard))
	}
	writeShard(&again, shard, enc)
	if err := writeJSON(&want, shard); err != nil {
		t.Fatal(err)
	}
	if first.String() != want.String() || again.String() != want.String() {
		t.Fatalf("first %s\nagain %s\nwant  %s", first.String(), again.String(), want.String())
	}
	shard["kyiv"] = append(shard["kyiv"], 41)
	shard["kharkiv"] = []int{5}
	delete(enc, "kyiv")
	var changed, wantChanged bytes.Buffer
	writeShard(&changed, shard, enc)
	if err := writeJSON(&wantChanged, shard); err != nil {
		t.Fatal(err)
	}
	if changed.String() != wantChanged.String() {
		t.Errorf("after the edit:\n got %s\nwant %s", changed.String(), wantChanged.String())
	}
}
