package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestAppendIndentedMatchesJSONIndent(t *testing.T) {
	cases := []any{
		map[string]any{"a": []any{}, "b": map[string]any{}, "c": "x:{y},[z]\"q\\\"", "d": []any{1, 2.5, true, nil, map[string]any{"e": "é<>&"}}},
		[]any{},
		"plain",
		map[string]any{"nested": map[string]any{"deeper": []any{[]any{1}, []any{}}}},
	}
	plans := goldenPlans(t)
	if len(plans) == 0 {
		t.Fatal("no golden plans")
	}
	for _, p := range plans {
		cases = append(cases, p)
	}
	for _, c := range cases {
		compact, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "    ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := appendIndented(nil, compact, "    ", 1000); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("differs from json.Indent:\n%s\nwant\n%s", got, want.Bytes())
		}
	}
}

// TestAppendIndentedToADepth checks that shallow indentation keeps the
// value and puts each element of the second level on its own line.
func TestAppendIndentedToADepth(t *testing.T) {
	v := map[string]any{"file": "a", "results": []any{map[string]any{"id": "x", "findings": []any{1, 2}}, map[string]any{"id": "y"}}, "score": map[string]any{"met": 1}}
	compact, _ := json.Marshal(v)
	got := appendIndented(nil, compact, "", 2)
	want := `{
  "file": "a",
  "results": [
    {"findings":[1,2],"id":"x"},
    {"id":"y"}
  ],
  "score": {
    "met": 1
  }
}`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var back any
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if !bytes.Equal(again, compact) {
		t.Error("indenting changed the value")
	}
}
