// Command annals builds a static timeline site from annotated markdown.
//
// main only wires signals and exit codes; everything else is in run, so
// tests drive the real start-up path.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/annals/annals/internal/heapstart"
)

func main() {
	// A build allocates fast from a small heap (see heapstart); a
	// preview server lives on, and keeps the default. A build holds its
	// heap goal until it exits, so it never stops heapstart.
	if len(os.Args) > 1 && (os.Args[1] == "build" || os.Args[1] == "check") {
		heapstart.At(96 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
