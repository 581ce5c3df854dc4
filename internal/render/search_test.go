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
	writeShard(&got, shard)
	if err := writeJSON(&want, shard); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("shard:\n got %s\nwant %s", got.String(), want.String())
	}
}
