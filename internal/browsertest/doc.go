// Package browsertest builds the bundled site and drives it in a real
// browser (Debian's Chromium through the DevTools protocol): every page
// type renders without script errors, filters and search change what is
// shown and the URL, the page without JavaScript still shows everything,
// and screenshots at phone and desktop widths are written for review.
//
// The tests skip when no browser is installed, unless CI=true, where a
// missing browser is a failure. Screenshots go to $ANNALS_SCREENSHOTS, or
// to a temporary folder.
package browsertest
