// Package annals embeds the built-in templates and static files, so the
// annals binary builds a site with no other files installed.
package annals

import (
	"embed"
	"io/fs"
)

//go:embed templates static
var files embed.FS

// Templates are the built-in page templates; a site's templates/ folder
// overrides any of them by file name.
func Templates() fs.FS { return sub("templates") }

// Static are the built-in static files, copied to the output root; a
// site's static/ folder is merged over them.
func Static() fs.FS { return sub("static") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // the folder is embedded above; this cannot fail
	}
	return f
}
