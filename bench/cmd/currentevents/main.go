// Command currentevents converts the Wikipedia "Current events" corpus (one
// YAML file per day in a .tar.gz, three schemas) into an Annals site: one
// article per news item, dated to its day, its first cited outlet as source
// and the others as cites, topics from the portal's headings and categories,
// actors where the richer schema names them.
//
//	currentevents -in ../shared/corpora/current-events-2022-2026.tar.gz -out /tmp/current-events
//	currentevents -in … -out /tmp/current-events-hugo -format hugo
//
// The tarball is read as it is; nothing is extracted.
package main

import (
	"archive/tar"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	in := flag.String("in", "", "the corpus .tar.gz")
	out := flag.String("out", "", "output site directory (its content/ is replaced)")
	format := flag.String("format", "annals", "annals or hugo")
	flag.Parse()
	if *in == "" || *out == "" || (*format != "annals" && *format != "hugo") {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	f, err := os.Open(*in)
	if err != nil {
		fatal(err)
	}
	defer f.Close()
	items, err := readCorpus(f)
	if err != nil {
		fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(*out, "content")); err != nil {
		fatal(err)
	}
	st, err := convert(items).write(*out, *format == "hugo")
	if err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "currentevents: %d articles (%d unattributed, %d with actors), %d source records (%s) in %s\n",
		st.articles, st.unattributed, st.withActors, st.sourceRecords, *format, time.Since(start).Round(time.Millisecond))
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "currentevents:", err)
	os.Exit(2)
}

// readCorpus returns the items of every day file in path order, whatever the
// order inside the archive.
func readCorpus(r io.Reader) ([]item, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	type day struct {
		name string
		data []byte
	}
	var days []day
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".yaml") && !strings.HasSuffix(h.Name, ".yml") {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, 16<<20))
		if err != nil {
			return nil, err
		}
		days = append(days, day{path.Clean(h.Name), data})
	}
	sort.Slice(days, func(i, j int) bool { return days[i].name < days[j].name })
	var items []item
	for _, d := range days {
		items = append(items, parseDay(path.Base(d.name), d.data)...)
	}
	return items, nil
}
