package plan

import (
	"reflect"
	"testing"
)

func TestSplitPath(t *testing.T) {
	cases := map[string][]Segment{
		"a.b":                 {{Key: "a", Index: -1}, {Key: "b", Index: -1}},
		"objectives[1].by":    {{Key: "objectives", Index: -1}, {Index: 1}, {Key: "by", Index: -1}},
		"m[0][2]":             {{Key: "m", Index: -1}, {Index: 0}, {Index: 2}},
		"odd[x]":              {{Key: "odd[x]", Index: -1}},
		"":                    nil,
		"legacy.systems[10]":  {{Key: "legacy", Index: -1}, {Key: "systems", Index: -1}, {Index: 10}},
		"neg[-1].still_a_key": {{Key: "neg[-1]", Index: -1}, {Key: "still_a_key", Index: -1}},
	}
	for in, want := range cases {
		if got := SplitPath(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitPath(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestLocate(t *testing.T) {
	item := &Node{Kind: Map, Pos: Pos{5, 5}, Fields: []Field{{Key: "by", KeyPos: Pos{6, 7}, Value: &Node{Kind: String, Text: "2027-01-01"}}}}
	doc := &Document{Root: &Node{Kind: Map, Pos: Pos{3, 1}, Fields: []Field{
		{Key: "objectives", KeyPos: Pos{4, 1}, Value: &Node{Kind: List, Pos: Pos{5, 3}, Items: []*Node{item}}},
	}}}
	cases := map[string]Pos{
		"objectives[0].by":     {6, 7},
		"objectives[0]":        {5, 5},
		"objectives[0].metric": {5, 5},
		"objectives[3].by":     {4, 1},
		"objectives.by":        {4, 1},
		"missing.key":          {1, 1},
		"":                     {1, 1},
	}
	for path, want := range cases {
		if got := doc.Locate(path); got != want {
			t.Errorf("Locate(%q) = %v, want %v", path, got, want)
		}
	}
	if got := doc.Lookup("objectives[0].by"); got != "2027-01-01" {
		t.Errorf("Lookup = %q", got)
	}
	if got := doc.Lookup("objectives[0]"); got != "" {
		t.Errorf("Lookup of a mapping = %q", got)
	}
}
