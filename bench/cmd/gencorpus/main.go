// Command gencorpus writes a synthetic, deterministic Annals site of any
// size, for benchmarks. The same -seed and -n always give byte-identical
// files, so figures measured on different machines describe the same input.
//
//	gencorpus -n 10000 -seed 1 -out /tmp/corpus-10k
//	gencorpus -n 10000 -seed 1 -out /tmp/corpus-10k-hugo -format hugo
//
// With -format hugo the same articles are written as a Hugo content tree
// (taxonomies actors, topics, sources, events) for bench/hugo.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	n := flag.Int("n", 10000, "number of articles")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "", "output site directory (its content/ is replaced)")
	format := flag.String("format", "annals", "annals or hugo")
	flag.Parse()
	if *out == "" || *n < 1 || (*format != "annals" && *format != "hugo") {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	c := newCorpus(*n, *seed)
	content := filepath.Join(*out, "content")
	// Stale files from a larger earlier run would silently join the corpus.
	if err := os.RemoveAll(content); err != nil {
		fatal(err)
	}
	if err := c.write(*out, *format == "hugo"); err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: %d articles, %d events, %d actors, %d topics, %d sources (%s) in %s\n",
		*n, len(c.events), len(c.actors), len(c.topics), len(outlets), *format, time.Since(start).Round(time.Millisecond))
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gencorpus:", err)
	os.Exit(2)
}
