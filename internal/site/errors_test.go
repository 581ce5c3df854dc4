package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/model"
)

// TestErrors checks every bad-input site in testdata/errors: each archive
// ends in a "want" file with the exact diagnostics, one per line.
func TestErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			a := readArchive(t, file)
			res, err := Check(context.Background(), Config{Site: a.fs(), Templates: annals.Templates(), Static: annals.Static()})
			if err != nil {
				t.Fatal(err)
			}
			got := diagText(res.Diags)
			if *update {
				a.setWant([]byte(got))
				if err := os.WriteFile(file, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(a.files["want"]); got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func diagText(d model.Diagnostics) string {
	var b strings.Builder
	for _, e := range d.Errors {
		b.WriteString(e.Error() + "\n")
	}
	for _, e := range d.Warnings {
		b.WriteString("warning: " + e.Error() + "\n")
	}
	return b.String()
}
