package check

import (
	"slices"
	"strings"
	"testing"
)

func TestSortFindings(t *testing.T) {
	fs := []Finding{
		{Level: Advice, Path: "b", Message: "x"},
		{Level: Advice, Path: "a", Message: "y"},
		{Level: Miss, Path: "a", Message: "z"},
		{Level: Miss, Path: "a", Message: "c"},
		{Level: Miss, Path: "objectives[10].by", Message: "m"},
		{Level: Miss, Path: "objectives[2].by", Message: "m"},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Path+" "+string(f.Level)+" "+f.Message)
	}
	want := []string{"a miss c", "a miss z", "a advice y", "b advice x", "objectives[2].by miss m", "objectives[10].by miss m"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
}

func TestComparePaths(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"a", "a", 0},
		{"a", "b", -1},
		{"a.b", "a", 1},
		{"x[2]", "x[10]", -1},
		{"x[10].a", "x[2].b", 1},
		{"x[2].a", "x[2].b", -1},
		{"a9", "a10", 1}, // a key, not an index: compared as text
		{"x[", "x[1]", -1},
	}
	for _, c := range cases {
		if got := sign(ComparePaths(c.a, c.b)); got != c.want {
			t.Errorf("ComparePaths(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := sign(ComparePaths(c.b, c.a)); got != -c.want {
			t.Errorf("ComparePaths(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func testCatalogue() *Catalogue {
	return NewCatalogue(1, []Rule{
		{ID: "wg-b", Framework: "wade-gery", Kind: Recommendation},
		{ID: "nao-a", Framework: "nao", Kind: Recommendation},
		{ID: "plan-format", Framework: "plancheck", Kind: Format},
		{ID: "local-x", Framework: "local", Kind: Recommendation},
	}, []Framework{{ID: "wade-gery", Title: "Wade-Gery"}, {ID: "nao", Title: "NAO"}})
}

func TestCatalogueOrdersRulesAndFrameworks(t *testing.T) {
	c := testCatalogue()
	if got := strings.Join(c.IDs(), " "); got != "local-x nao-a plan-format wg-b" {
		t.Errorf("rules %s", got)
	}
	var fws []string
	for _, f := range c.Frameworks {
		fws = append(fws, f.ID+"="+f.Title)
	}
	// Described frameworks in their order, then the others by id, titled
	// by their id.
	if got := strings.Join(fws, " "); got != "wade-gery=Wade-Gery nao=NAO local=local plancheck=plancheck" {
		t.Errorf("frameworks %s", got)
	}
	if r, ok := c.Lookup("nao-a"); !ok || r.Framework != "nao" {
		t.Errorf("lookup %+v %v", r, ok)
	}
	if _, ok := c.Lookup("nao-z"); ok {
		t.Error("found a rule that is not there")
	}
	if got := c.OfKind(Format); len(got) != 1 || got[0].ID != "plan-format" {
		t.Errorf("format rules %+v", got)
	}
}

func TestSelect(t *testing.T) {
	c := testCatalogue()
	cases := []struct {
		only, skip []string
		want       string
	}{
		{nil, nil, "local-x nao-a plan-format wg-b"},
		{[]string{"nao"}, nil, "nao-a plan-format"},
		{[]string{"wade-gery", "local-x"}, nil, "local-x plan-format wg-b"},
		{nil, []string{"nao", "wg-b"}, "local-x plan-format"},
	}
	for _, k := range cases {
		s, err := Select(c, k.only, k.skip)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range s.Rules(c) {
			got = append(got, r.ID)
		}
		if strings.Join(got, " ") != k.want {
			t.Errorf("only %v skip %v: %v, want %s", k.only, k.skip, got, k.want)
		}
	}
	for _, skip := range []string{"plan-format", "plancheck"} {
		if _, err := Select(c, nil, []string{skip}); err == nil || err.Error() != "plan-format cannot be skipped: it says whether the plan can be read as meant" {
			t.Errorf("skip %s: %v", skip, err)
		}
	}
	_, err := Select(c, []string{"nao-b"}, nil)
	if err == nil || err.Error() != `"nao-b" is neither a recommendation id nor a framework (did you mean "nao-a"?); see plancheck rules` {
		t.Errorf("unknown name: %v", err)
	}
}
