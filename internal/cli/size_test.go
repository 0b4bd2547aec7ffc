package cli

import (
	"strings"
	"testing"
)

// TestParseSize lists the sizes --max-file-size takes and refuses.
func TestParseSize(t *testing.T) {
	t.Parallel()
	accepted := map[string]int64{
		"1": 1, "1000000": 1e6, "1B": 1, "512KiB": 512 << 10, "8MiB": 8 << 20, "8 MiB": 8 << 20, " 2MB ": 2e6,
		"1.5KB": 1500, "1.5MiB": 3 << 19, "0.5KiB": 512, "1kB": 1000, "1GiB": 1 << 30, "1TiB": 1 << 40,
		"1099511627776": 1 << 40, "1TB": 1e12, "007KiB": 7 << 10,
	}
	for s, want := range accepted {
		if got, err := parseSize(s); err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", s, got, err, want)
		}
	}
	refused := map[string]string{
		"":                           "not a size",
		"NaN":                        "not a size",
		"Inf":                        "not a size",
		"+Inf":                       "not a size",
		"-1":                         "not a size",
		"-1KiB":                      "not a size",
		"0":                          "too small",
		"0B":                         "too small",
		"0.0MiB":                     "too small",
		"0.5B":                       "not a whole number of bytes",
		"1.5":                        "not a whole number of bytes",
		"0.0001KiB":                  "not a whole number of bytes",
		"1e-9KiB":                    "not a size",
		"1e3":                        "not a size",
		"0x10":                       "not a size",
		"0x1p3KiB":                   "not a size",
		"1_000":                      "not a size",
		"1.":                         "not a size",
		".5MiB":                      "not a size",
		"8mib":                       "not a size",
		"8 MiB s":                    "not a size",
		"1025GiB":                    "over the largest limit",
		"2TiB":                       "over the largest limit",
		"1099511627777":              "over the largest limit",
		"99999999999999999999999999": "over the largest limit",
	}
	for s, want := range refused {
		if got, err := parseSize(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %d, %v; want an error saying %q", s, got, err, want)
		}
	}
	if _, stderr, code := run(t, "", "", "lint", "--max-file-size", "NaN", "fixtures/plans/northshire.yaml"); code != 2 || !strings.Contains(stderr, `--max-file-size "NaN": "NaN" is not a size`) {
		t.Errorf("--max-file-size NaN: exit %d %q", code, stderr)
	}
}
