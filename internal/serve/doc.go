// Package serve is the live preview behind "annals serve": it builds a site
// into memory, serves it over HTTP, watches the site's content/, templates/
// and static/ folders, rebuilds when they change and tells open browsers to
// reload through server-sent events.
//
// It promises:
//
//   - Pages come only from the in-memory build; a request path never
//     reaches the file system, and paths with "..", encoded dots or slashes,
//     backslashes or NUL bytes are refused.
//   - Only requests whose Host is a loopback name or the address the server
//     was bound to are answered (a defence against DNS rebinding); the
//     reload stream also checks Origin.
//   - A content error never stops the server: the last good build is still
//     served, with an overlay listing every error, until the error is fixed.
//   - The live-reload script and the overlay are added to HTML responses
//     only; "annals build" output never contains them.
//
// A change to static/ alone is copied without rendering; any other change
// rebuilds the site in memory, and browsers are told to reload only when a
// served file or the list of errors actually changed.
package serve
