package output

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// maxElem is the longest file name common file systems (ext4, APFS, NTFS)
// accept; longer names would fail late, after other pages were written.
const maxElem = 255

// checkPath reports why p cannot name a file of the output, or nil. The rules
// are deliberately stricter than any one file system needs, so a page that
// builds on one machine builds on every machine and never names a file
// outside the output, a hidden file, or a file a web server would refuse.
func checkPath(p string) error {
	bad := func(why string) error {
		return fmt.Errorf("output: invalid path %q: %s", p, why)
	}
	if p == "" {
		return bad("empty")
	}
	if !utf8.ValidString(p) {
		return bad("not valid UTF-8")
	}
	for _, r := range p {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return bad(fmt.Sprintf("control character %U", r))
		case r == '\\':
			return bad("backslash (paths are slash-separated)")
		}
	}
	if strings.HasPrefix(p, "/") {
		return bad("absolute")
	}
	for elem := range strings.SplitSeq(p, "/") {
		switch {
		case elem == "":
			return bad("empty element")
		case elem == "..":
			return bad(`".." element`)
		case strings.HasPrefix(elem, "."):
			return bad(fmt.Sprintf("element %q starts with a dot", elem))
		case len(elem) > maxElem:
			return bad(fmt.Sprintf("element longer than %d bytes", maxElem))
		}
	}
	// The element rules above already imply a clean path; checking again
	// keeps the promise even if those rules are relaxed later.
	if path.Clean(p) != p {
		return bad("not clean")
	}
	return nil
}
