package safetext

import "testing"

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
