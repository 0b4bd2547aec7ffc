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
