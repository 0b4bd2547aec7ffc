package loader

import (
	"math"
	"strconv"
	"strings"
)

// maxNumberLength bounds the text of a number: no amount in a plan needs
// more digits, and the policy engine's arithmetic on a million-digit
// number costs seconds. A longer number is kept as text, which the
// plan-format check reports.
const maxNumberLength = 40

// normaliseNumber writes a decimal number (as JSON writes it) in the one
// form every format shares: an integer in decimal, anything else in Go's
// shortest float form, so that 1.0 in JSON is 1 as in YAML and TOML.
// Infinite, NaN and over-long numbers are not numbers a plan can use.
func normaliseNumber(s string) (string, bool) {
	if len(s) > maxNumberLength {
		return "", false
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(i, 10), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	return strconv.FormatFloat(f, 'g', -1, 64), true
}

// normaliseInt reads a YAML integer (signs, underscores, 0x, 0o or 0b
// prefixes) into the shared form.
func normaliseInt(s string) (string, bool) {
	s = strings.TrimPrefix(strings.ReplaceAll(s, "_", ""), "+")
	if len(s) > maxNumberLength {
		return "", false
	}
	if i, err := strconv.ParseInt(s, 0, 64); err == nil {
		return strconv.FormatInt(i, 10), true
	}
	return normaliseNumber(s)
}

// normaliseFloat reads a YAML float into the shared form.
func normaliseFloat(s string) (string, bool) {
	return normaliseNumber(strings.ReplaceAll(s, "_", ""))
}
