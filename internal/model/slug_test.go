package model

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Yeni Şafak":                 "yeni-safak",
		"Kaja Kallas":                "kaja-kallas",
		"  EU foreign-policy chief ": "eu-foreign-policy-chief",
		"Zoë Ångström":               "zoe-angstrom",
		"../../etc/passwd":           "etc-passwd",
		"Łukasz Żółć":                "lukasz-zolc", // Ł and ł have no decomposition
		"Straße":                     "strasse",
		"G7":                         "g7",
		"ﬁnance":                     "finance", // NFKD unfolds the ligature
		"C:\\Windows":                "c-windows",
		"":                           "",
		"---":                        "",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugForms(t *testing.T) {
	name := "Zoë Ångström"
	if Slug(norm.NFC.String(name)) != Slug(norm.NFD.String(name)) {
		t.Errorf("NFC and NFD forms of %q fold differently", name)
	}
	cyr := "Володимир Зеленський"
	if s := Slug(cyr); !IsSlug(s) || s != Slug(norm.NFD.String(cyr)) || s == Slug("Сергій") {
		t.Errorf("Slug(%q) = %q: want a stable, distinct, safe slug", cyr, s)
	}
}

func TestSlugLong(t *testing.T) {
	long := "A 6.7 magnitude earthquake hits New Zealand, causing a tsunami warning to be issued; a tsunami was then spotted in Fiordland https://www.nzherald.co.nz/"
	a, b := Slug(long), Slug(long+" (updated)")
	if len(a) > MaxSlug || !IsSlug(a) || Slug(a) != a {
		t.Errorf("Slug(long) = %q (%d bytes): want a slug of at most %d bytes that folds to itself", a, len(a), MaxSlug)
	}
	if a == b {
		t.Errorf("two long names with one beginning share the slug %q", a)
	}
	if !strings.HasPrefix(a, "a-6-7-magnitude-earthquake-hits-new-zealand") {
		t.Errorf("Slug(long) = %q: want it to start with the name", a)
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Yeni Şafak", "../x", "Зеленський", "ﬁ", "a\x00b", "\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if len(got) > MaxSlug {
			t.Fatalf("Slug(%q) = %q is over %d bytes", s, got, MaxSlug)
		}
		if got != "" && !IsSlug(got) {
			t.Fatalf("Slug(%q) = %q is not [a-z0-9-]+", s, got)
		}
		if got != "" && (got[0] == '-' || got[len(got)-1] == '-') {
			t.Fatalf("Slug(%q) = %q has an edge dash", s, got)
		}
		if Slug(got) != got {
			t.Fatalf("Slug is not idempotent: %q -> %q -> %q", s, got, Slug(got))
		}
	})
}
