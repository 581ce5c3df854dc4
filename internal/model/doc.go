// Package model holds the types every stage shares: dates with their
// precision, slugs, positions and content errors, and the resolved site
// (articles, events, actors, topics, sources). It imports nothing of ours
// and does no I/O; every other stage depends on it and on nothing later.
package model
