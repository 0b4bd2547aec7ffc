package plan

import "testing"

func TestTextEnd(t *testing.T) {
	cases := []struct {
		syntax Syntax
		text   string
		at     Pos
		want   Pos
	}{
		// YAML: a plain key ends at its colon, a plain item at the end
		// of the line or a comment; quotes run to their closing quote.
		{YAML, "plan:\n  title: T\n", Pos{2, 3}, Pos{2, 8}},
		{YAML, "a: {name: PCN Board, meets: bi-monthly}\n", Pos{1, 22}, Pos{1, 27}},
		{YAML, "a: {name: PCN Board, meets: bi-monthly}\n", Pos{1, 29}, Pos{1, 39}},
		{YAML, "in_scope:\n  - clinical safety   # why\n", Pos{2, 5}, Pos{2, 20}},
		{YAML, "\"odd key\": 1\n", Pos{1, 1}, Pos{1, 10}},
		{YAML, "- 'it''s: fine'\n", Pos{1, 3}, Pos{1, 16}},
		{YAML, "url: https://example.org/a:b\n", Pos{1, 6}, Pos{1, 29}},
		{YAML, "- {a: 1}\n", Pos{1, 3}, Pos{1, 4}},
		// Columns count characters, not bytes.
		{YAML, "naïve: 1\nclé: été\n", Pos{2, 1}, Pos{2, 4}},
		{YAML, "é: [ünïcode, x]\n", Pos{1, 5}, Pos{1, 12}},
		// JSON: keys and strings are quoted, with escapes.
		{JSON, "{\"plan\": {\"title\": \"a \\\"b\\\" c\"}}", Pos{1, 11}, Pos{1, 18}},
		{JSON, "{\"plan\": {\"title\": \"a \\\"b\\\" c\"}}", Pos{1, 20}, Pos{1, 31}},
		{JSON, "[1.5, true]", Pos{1, 7}, Pos{1, 11}},
		{JSON, "[1.5, true]", Pos{1, 2}, Pos{1, 5}},
		// TOML: dotted keys end at each dot; a number keeps its point.
		{TOML, "plan.period.start = \"2026-01-01\"\n", Pos{1, 6}, Pos{1, 12}},
		{TOML, "plan.period.start = \"2026-01-01\"\n", Pos{1, 13}, Pos{1, 18}},
		{TOML, "[[legacy_systems]]\n", Pos{1, 3}, Pos{1, 17}},
		{TOML, "x = [1.5, 2]\n", Pos{1, 6}, Pos{1, 9}},
		{TOML, "'lit\\' = 1\n", Pos{1, 1}, Pos{1, 7}},
		// A string that closes on a later line ends with its first line.
		{TOML, "notes = \"\"\"\nmore\n\"\"\"\n", Pos{1, 9}, Pos{1, 12}},
		{TOML, "notes = '''one line'''\n", Pos{1, 9}, Pos{1, 23}},
		{YAML, "a: \"runs on  \n  further\"\n", Pos{1, 4}, Pos{1, 12}},
		// Nothing at the position: one character.
		{YAML, "# A draft: it misses most\nplancheck: 1\n", Pos{1, 1}, Pos{1, 2}},
		{TOML, "# A draft = yes\n", Pos{1, 1}, Pos{1, 2}},
		{YAML, "a:\n", Pos{1, 2}, Pos{1, 3}},
		{YAML, "a: 1\n", Pos{1, 9}, Pos{1, 10}},
		// Not in the text.
		{YAML, "a: 1\n", Pos{3, 1}, Pos{}},
		{YAML, "a: 1\n", Pos{}, Pos{}},
	}
	for _, c := range cases {
		if got := NewText([]byte(c.text)).End(c.syntax, c.at); got != c.want {
			t.Errorf("%s %q at %v: end %v, want %v", c.syntax, c.text, c.at, got, c.want)
		}
	}
	var doc *Document
	if got := doc.End(Pos{1, 1}); got != (Pos{}) {
		t.Errorf("a nil document: %v", got)
	}
	if got := (&Document{Syntax: YAML}).End(Pos{1, 1}); got != (Pos{}) {
		t.Errorf("a document without text: %v", got)
	}
}
