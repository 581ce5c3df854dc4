// Package schema describes each kind of entry's front matter as a JSON
// Schema (draft 2020-12), for editors whose YAML tooling completes and
// checks fields as they type. The keys are exactly those internal/load
// accepts — a test reads them from its source — and unknown keys are
// refused there as here (additionalProperties: false).
package schema
