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

func TestSimilarByWords(t *testing.T) {
	ids := []string{
		"nao-benefits-realisation", "nao-digital-maturity", "nao-foundations-first", "nao-funding-understood",
		"nao-governance-accountability", "nao-implementation-plan", "nao-interoperability", "nao-legacy-systems",
		"nao-lessons-learned", "nao-skills-capacity", "plan-format", "wg-accountable-owner", "wg-change-resourced",
		"wg-common-standards", "wg-data-trust", "wg-digital-embedded", "wg-digital-inclusion", "wg-digital-skills",
		"wg-multidisciplinary-delivery", "wg-patient-centred", "wg-spend-reprioritised", "nao", "wade-gery",
	}
	cases := []struct {
		word string
		want string // the hint's list, "" for none
	}{
		{"wg-inclusion", `"wg-digital-inclusion"`},
		{"inclusion", `"wg-digital-inclusion"`},
		{"wg-inclusoin", `"wg-digital-inclusion"`},
		{"governance", `"nao-governance-accountability"`},
		{"nao-legacy", `"nao-legacy-systems"`},
		{"legacy-system", `"nao-legacy-systems"`},
		{"data-trust", `"wg-data-trust"`},
		{"nao-skills", `"nao-skills-capacity"`},
		{"skills", `"nao-skills-capacity" or "wg-digital-skills"`},
		{"wg-digital", `"wg-digital-embedded", "wg-digital-inclusion" or "wg-digital-skills"`},
		{"wg-digital-inclusion", ""}, // known
		{"digital", ""},              // four fit as well: no guess
		{"wg", ""},
		{"wg-nope", ""},
		{"frobnicate", ""},
	}
	for _, c := range cases {
		want := ""
		if c.want != "" {
			want = " (did you mean " + c.want + "?)"
		}
		if got := Hint(c.word, ids); got != want {
			t.Errorf("Hint(%q) = %q, want %q", c.word, got, want)
		}
	}
	settings := []string{"evidence_check", "evidence_root", "fail_on", "format", "max_file_size", "only", "policy", "skip", "timeout", "today"}
	if got := Hint("fail", settings); got != ` (did you mean "fail_on"?)` {
		t.Errorf("Hint(fail) = %q", got)
	}
	if got := Hint("evidence", settings); got != ` (did you mean "evidence_check" or "evidence_root"?)` {
		t.Errorf("Hint(evidence) = %q", got)
	}
}
