package render

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestFiltersDeterministic gives a page more tied filter values than a
// facet shows: which ones it shows must not depend on map order.
func TestFiltersDeterministic(t *testing.T) {
	v := &view{}
	var tags []Tags
	for i := range facetCap + 20 {
		tags = append(tags, Tags{Topic: fmt.Sprintf("t%03d", i), Year: "2025"})
	}
	first := v.filters("items", tags)
	if first == nil || len(first.Facets) != 1 {
		t.Fatalf("facets = %+v", first)
	}
	opts := first.Facets[0].Options
	if len(opts) != facetCap || opts[0].Value != "t000" || opts[facetCap-1].Value != fmt.Sprintf("t%03d", facetCap-1) {
		t.Errorf("options %s … %s, want the first %d values", opts[0].Value, opts[len(opts)-1].Value, facetCap)
	}
	for range 20 {
		if again := v.filters("items", tags); !reflect.DeepEqual(again, first) {
			var got []string
			for _, o := range again.Facets[0].Options {
				got = append(got, o.Value)
			}
			t.Fatalf("a second run shows other options: %s", strings.Join(got, " "))
		}
	}
}
