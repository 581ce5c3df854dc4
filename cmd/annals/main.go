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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
