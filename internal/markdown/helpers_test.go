package markdown

import (
	"strings"

	"github.com/annals/annals/internal/model"
)

// testEntities are the entities the test lookup knows, by kind.
var testEntities = map[model.Kind][]string{
	model.KindActor:  {"Kaja Kallas", "Vladimir Putin", "AC/DC"},
	model.KindEvent:  {"Alaska summit"},
	model.KindTopic:  {"Sanctions"},
	model.KindSource: {"Reuters"},
}

// lookupTest resolves the names of testEntities by folded name, as the
// resolver does with ids, names and aliases.
func lookupTest(kind model.Kind, name string) (string, model.EntityRef, error) {
	id := model.Slug(name)
	for _, k := range model.EntityKinds {
		if kind != "" && k != kind {
			continue
		}
		for _, n := range testEntities[k] {
			if model.Slug(n) == id {
				return "/" + string(k) + "/" + id + "/", model.EntityRef{Kind: k, ID: id}, nil
			}
		}
	}
	return "", model.EntityRef{}, ErrNotFound
}

// lookupAll resolves every name, for fuzzing.
func lookupAll(kind model.Kind, name string) (string, model.EntityRef, error) {
	if kind == "" {
		kind = model.KindTopic
	}
	id := model.Slug(name)
	return "/" + string(kind) + "/" + id + "/", model.EntityRef{Kind: kind, ID: id}, nil
}

func actor(id string) model.EntityRef { return model.EntityRef{Kind: model.KindActor, ID: id} }

// fill repeats s to about n bytes.
func fill(s string, n int) string { return strings.Repeat(s, n/len(s)) }
