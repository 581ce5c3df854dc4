// Package load reads a site's content folder from an fs.FS into typed
// front matter and raw bodies. It owns the file format: the --- block read
// with github.com/adrg/frontmatter and its YAML by gopkg.in/yaml.v3 (or,
// for the plain kind most entries have, by plainYAML, which makes the
// same tree five times faster), a UTF-8 byte order mark ignored, keys
// checked (unknown, repeated), the library's traps turned into errors (an
// unclosed block, an indented --- that would end it early), and the size
// limit. Every error carries the file's own line and column; a bad file
// never stops the others from being read.
package load
