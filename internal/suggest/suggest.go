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

// Distance is the optimal string alignment distance between a and b, in
// characters: the fewest insertions, deletions, substitutions and swaps
// of two adjacent characters that turn one into the other, no character
// being edited twice. Unlike plain Levenshtein distance, a swapped pair
// ("hybird") is one edit, as a typist makes it.
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows of the table are enough: a swap looks two rows back.
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
