// Package scaffold writes the text of new entry files for "annals new": an
// article, event, actor, topic or source with every front matter key
// present, empty where the editor must choose, and a comment saying what
// each key takes. What it writes passes "annals check" as it is (an article
// is a draft until the editor removes draft: true).
package scaffold
