package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	src := fs.String("src", ".", "site folder (holding content/)")
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on; another interface than loopback only when asked")
	drafts := fs.Bool("drafts", false, "include articles marked draft")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	root, err := openSite(*src)
	if err != nil {
		fmt.Fprintf(stderr, "annals serve: %v\n", err)
		return exitUsage
	}
	defer root.Close()
	dir, err := filepath.Abs(*src)
	if err != nil {
		fmt.Fprintf(stderr, "annals serve: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "annals serve: %v\n", err)
		return exitUsage
	}
	defer ln.Close()

	s, _, err := serve.New(ctx, serve.Options{
		Dir: dir, Site: root.FS(), Templates: annals.Templates(), Static: annals.Static(),
		Drafts: *drafts, Version: annalsVersion(), Log: stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "annals serve: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "serving %s at %s (base URL / for the preview); Ctrl+C stops\n", *src, serve.PreviewURL(ln.Addr().String()))
	if err := s.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "annals serve: %v\n", err)
		return exitUsage
	}
	return exitOK
}
