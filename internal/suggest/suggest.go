// Package suggest finds the known word closest to a mistyped one, for
// "did you mean …?" hints.
package suggest

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

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

// maxSuggestions is the most candidates a hint names: more would be a
// list to read, not a suggestion.
const maxSuggestions = 3

// Similar returns what a mistyped or half-remembered name most likely
// means, at most three candidates: the closest by edit distance when it
// is near enough (Closest); else the candidates that hold every word of
// it ("wg-inclusion" is "wg-digital-inclusion" short of a word, far in
// letters); else those sharing the most of its words, one of them rare
// among the candidates (a word most candidates hold, such as a
// framework's prefix, says nothing). Words are split at anything but
// letters and digits, and a word matches one it begins or that is a typo
// of it. None when more candidates than three fit as well.
func Similar(word string, candidates []string) []string {
	if c, ok := Closest(word, candidates); ok {
		if c == word {
			return nil
		}
		return []string{c}
	}
	given := words(word)
	if len(given) == 0 {
		return nil
	}
	// holders[i] is how many candidates hold given word i.
	holders := make([]int, len(given))
	matched := make([][]bool, len(candidates))
	for ci, c := range candidates {
		matched[ci] = make([]bool, len(given))
		cw := words(c)
		for gi, g := range given {
			if slices.ContainsFunc(cw, func(w string) bool { return sameWord(g, w) }) {
				matched[ci][gi] = true
				holders[gi]++
			}
		}
	}
	var all, best []string
	bestShared := 0
	for ci, c := range candidates {
		if c == word {
			continue
		}
		shared, rare := 0, false
		for gi, m := range matched[ci] {
			if m {
				shared++
				rare = rare || holders[gi] <= maxSuggestions
			}
		}
		switch {
		case shared == len(given):
			all = append(all, c)
		case !rare || shared < bestShared:
		case shared > bestShared:
			best, bestShared = []string{c}, shared
		default:
			best = append(best, c)
		}
	}
	for _, out := range [][]string{all, best} {
		if len(out) > maxSuggestions {
			return nil
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// words splits a name into its lower-case words.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// sameWord tells whether the word given matches a candidate's word: the
// same, its beginning (four letters or more), or a typo of it.
func sameWord(given, w string) bool {
	n := len([]rune(given))
	switch {
	case given == w:
		return true
	case n < 4:
		return false
	case strings.HasPrefix(w, given):
		return true
	}
	return Distance(given, w) <= max(1, n/3)
}

// Hint returns " (did you mean "x"?)" for what Similar finds, naming
// up to three candidates, or "".
func Hint(word string, candidates []string) string {
	found := Similar(word, candidates)
	if len(found) == 0 {
		return ""
	}
	quoted := make([]string, len(found))
	for i, c := range found {
		quoted[i] = strconv.Quote(c)
	}
	list := quoted[0]
	if n := len(quoted); n > 1 {
		list = strings.Join(quoted[:n-1], ", ") + " or " + quoted[n-1]
	}
	return " (did you mean " + list + "?)"
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
