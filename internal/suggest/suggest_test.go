package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"governance", "funding", "inclusion", "ai", "monthly", "quarterly"}
	cases := []struct {
		word, want string
		ok         bool
	}{
		{"govrnance", "governance", true},
		{"Funding", "funding", true},
		{"AI", "ai", true},
		{"inclusoin", "inclusion", true},
		{"montly", "monthly", true},
		{"annually", "", false},
		{"x", "", false},
	}
	for _, c := range cases {
		got, ok := Closest(c.word, known)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", c.word, got, ok, c.want, c.ok)
		}
	}
	if got := Hint("fundng", known); got != ` (did you mean "funding"?)` {
		t.Errorf("Hint = %q", got)
	}
	if got := Hint("funding", known); got != "" {
		t.Errorf("Hint of a known word = %q", got)
	}
}

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"governance", "governance", 0},
		{"goverance", "governance", 1},
		{"hybird", "hybrid", 1}, // a swap is one edit
		{"contingency_gpb", "contingency_gbp", 1},
		{"id", "by", 2},
		{"ca", "abc", 3}, // no character is edited twice
		{"fortnighly", "fortnightly", 1},
		{"biweekly", "weekly", 2},
		{"café", "cafe", 1}, // characters, not bytes
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
}
