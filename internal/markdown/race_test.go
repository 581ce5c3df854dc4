//go:build race

package markdown

// raceSlowdown widens time guards under the race detector, which makes
// parsing about ten times slower.
const raceSlowdown = 10
