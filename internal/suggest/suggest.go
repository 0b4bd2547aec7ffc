// Package suggest finds the known word closest to a mistyped one, for
// "did you mean …?" hints.
package suggest

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidate nearest to word, when it is near enough to
// be a likely typo: the same word in another case, or at most a third of
// its letters (and at least one) away.
func Closest(word string, candidates []string) (string, bool) {
	lower := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(lower, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 {
		return "", false
	}
	limit := max(1, len([]rune(word))/3)
	return best, bestDist <= limit
}

// Hint returns " (did you mean "x"?)" for a close candidate, or "".
func Hint(word string, candidates []string) string {
	if c, ok := Closest(word, candidates); ok && c != word {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}
