// Package markdown turns the body of an entry into safe HTML, the entities
// it links and the plain text of its first paragraph.
//
// It owns the one goldmark configuration of Annals: CommonMark with GFM
// tables and strikethrough, no typographer, no linkify, no task lists, and
// these features, each in its own file with its parser, renderer and Extend:
//
//   - wikilink.go: [[Name]], [[kind/Name]], [[Name|shown text]] and
//     [[kind/Name|shown text]], resolved through the Lookup given to Render;
//   - links.go: link, image and autolink destinations are limited to http,
//     https, mailto and relative URLs, decided on the destination the browser
//     would see, and external links get rel="noopener";
//   - rawhtml.go: raw HTML is shown as escaped text, never passed through;
//   - heading.go: "#" renders as <h2> because a page's <h1> is its title,
//     and every heading gets an id that is deterministic and unique in the
//     document;
//   - limits.go: hostile input is refused with a Problem instead of stalling
//     a build (nesting deeper than Limits.MaxDepth, tables that would pad
//     millions of cells, link syntax goldmark would rescan quadratically,
//     reference links that repeat huge targets).
//
// Promises: a Renderer is built once and is safe for concurrent use, since
// every per-call value (the lookup, links found, problems) lives in the
// goldmark parser.Context of that call; the package has no mutable state of
// its own. The same input always gives the same output. Problem positions
// are 1-based lines and columns of the source given to Render, the column
// counted in runes (a tab or an "é" is one column), so that an editor can
// jump to them whatever the script.
package markdown
