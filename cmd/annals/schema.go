package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/annals/annals/internal/schema"
)

func runSchema(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: annals schema %s\n\nPrints the JSON Schema (draft 2020-12) of that kind's front matter.\n", strings.Join(schema.Kinds, "|"))
	}
	pos, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	b, err := schema.For(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "annals schema: %v\n", err)
		return exitUsage
	}
	stdout.Write(b)
	return exitOK
}
