package safetext

import (
	"strings"
	"testing"
)

func TestCleanEscapesControlCharacters(t *testing.T) {
	cases := map[string]string{
		"plain text, café":         "plain text, café",
		"\x1b[31mred\x1b[0m":       `\x1b[31mred\x1b[0m`,
		"two\nlines\tand tab":      `two\nlines\tand tab`,
		"bell\a and C1 \u009b csi": `bell\x07 and C1 \x9b csi`,
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanEscapesInvisibleCharacters(t *testing.T) {
	cases := map[string]string{
		"evil\u202etxt.yaml":     `evil\u202etxt.yaml`,
		"one\u2028two\u2029":     `one\u2028two\u2029`,
		"zero\u200bwidth\ufeff":  `zero\u200bwidth\ufeff`,
		"isolate\u2066x\u2069":   `isolate\u2066x\u2069`,
		"plain Ärztin – en dash": "plain Ärztin – en dash",
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCILogGuardsCommandsAtLineStarts(t *testing.T) {
	var b strings.Builder
	w := CILog(&b)
	for _, chunk := range []string{"::error title=x::y\n", "ok :: inside\n:", ":stop-commands::z\n", "a:b\n", "::", "warning::w\n"} {
		if n, err := w.Write([]byte(chunk)); err != nil || n != len(chunk) {
			t.Fatalf("write %q: %d %v", chunk, n, err)
		}
	}
	want := " ::error title=x::y\nok :: inside\n ::stop-commands::z\na:b\n ::warning::w\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "::") {
			t.Errorf("a line starts a command: %q", line)
		}
	}
}
