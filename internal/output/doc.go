// Package output owns the last step of a build: it turns the pages a build
// renders, plus the site's static files, into the published output
// directory, or into memory for the live preview.
//
// It promises:
//
//   - Nothing is written outside the output directory. Every page path is
//     validated before use, and files are created, never opened if they
//     exist, in a fresh temporary directory that is private until
//     published, so a crafted path cannot redirect a write, and a symlink
//     where a page goes is refused or replaced, never written through.
//     Symlinks and other non-regular entries of the static file system are
//     skipped, never followed.
//   - A failed build leaves the previous output exactly as it was. The site is
//     built beside the target in ".<base>.tmp-<random>" and only swapped into
//     place once every page has been written; on any error the temporary
//     directory is removed. A successful build replaces the whole directory,
//     so pages of deleted content disappear.
//   - The same pages give the same bytes, whatever the number of workers or
//     the order in which they run: every path has exactly one writer, two
//     pages at one path are an error, and a page may replace a static file
//     only after all static files are in place.
//   - Minification is chosen by the media type a path's extension implies
//     (HTML, CSS, JavaScript, SVG, XML and feeds, JSON); other files, such as
//     .ics calendars and images, are written byte for byte.
//
// The swap of an existing directory takes two renames (old out of the way,
// new into place), because POSIX offers no portable atomic exchange of two
// directories. Between them, for a moment, the target path does not exist; a
// reader at that instant sees a missing site, never a half-written one. If the
// second rename fails, the old directory is renamed back.
//
// Power loss is outside these promises: files are not synced to disk.
package output
