package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/annals/annals/internal/model"
)

func TestCheckFormats(t *testing.T) {
	const src = "testdata/check/broken"
	for _, format := range []string{"text", "github", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runCmd("check", "-src", src, "-format", format)
			if code != exitContent {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitContent, errs)
			}
			golden(t, "testdata/check/"+format+".golden", []byte(out))
		})
	}
}

func TestCheckJSONIsDocumentedArray(t *testing.T) {
	_, out, _ := runCmd("check", "-src", "testdata/check/broken", "-format", "json")
	var ds []Diagnostic
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ds); err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 || ds[0].Severity != "error" || ds[len(ds)-1].Severity != "warning" {
		t.Errorf("want errors then warnings: %+v", ds)
	}
}

func TestCheckWarningsAndStrict(t *testing.T) {
	const src = "testdata/check/warnings"
	if code, out, errs := runCmd("check", "-src", src); code != exitOK {
		t.Errorf("warnings alone: exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := runCmd("check", "-src", src, "-strict"); code != exitContent {
		t.Errorf("-strict with warnings: exit %d, want %d", code, exitContent)
	}
	code, out, _ := runCmd("check", "-src", src, "-format", "json")
	if code != exitOK || !strings.Contains(out, `"severity": "warning"`) {
		t.Errorf("json warnings: exit %d\n%s", code, out)
	}
	if code, _, _ := runCmd("check", "-src", src, "-format", "xml"); code != exitUsage {
		t.Errorf("unknown format: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCmd("check", "-src", "testdata/no/such/site"); code != exitUsage {
		t.Errorf("missing site: exit %d, want %d", code, exitUsage)
	}
}

func TestCheckEmptyJSON(t *testing.T) {
	code, out, _ := runCmd("check", "-src", "testdata/check/clean", "-format", "json")
	if code != exitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean site: exit %d, json %q", code, out)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var b strings.Builder
	d := model.Diagnostics{Errors: []*model.Error{
		model.Errorf(model.Pos{Path: "content/a,b:c%.md", Line: 2, Col: 3}, "100%% bad\r\nline two"),
		model.Errorf(model.Pos{Path: "-base-url"}, "base URL is wrong"),
	}}
	reportGitHub(&b, d, "site")
	want := "::error file=site/content/a%2Cb%3Ac%25.md,line=2,col=3::100%25 bad%0D%0Aline two\n" +
		"::error::-base-url: base URL is wrong\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
