package engine

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// The vocabularies (policies/vocabulary.yaml) are the words the policies
// recognise in a plan's free text: team roles, sponsor titles, committee
// words. They reach the policies as data.plancheck.vocabulary, as written,
// and as data.plancheck.vocabulary_index, each list keyed by the first word
// of its entries, so that matching a text costs one set lookup per word of
// the text rather than a pass over every entry.

// Words normalises a text the way the vocabularies are matched: lower
// case, split into words at every character that is not a letter or a
// digit, one trailing "s" dropped from each word (a word that was only "s"
// is dropped). It is lib.words in Rego:
// a test keeps the two equal.
func Words(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}) {
		if w = strings.TrimSuffix(w, "s"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// parseVocabulary reads a vocabulary file: a mapping whose values are
// lists of text, or mappings of such lists.
func parseVocabulary(name string, data []byte) (map[string]any, error) {
	var v map[string]any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkVocabulary(v, ""); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

func checkVocabulary(v map[string]any, at string) error {
	for k, x := range v {
		switch x := x.(type) {
		case []any:
			for i, e := range x {
				if s, ok := e.(string); !ok || len(Words(s)) == 0 {
					return fmt.Errorf("%s%s[%d] is not a word or words", at, k, i)
				}
			}
		case map[string]any:
			if err := checkVocabulary(x, at+k+"."); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s%s is neither a list of words nor a mapping of lists", at, k)
		}
	}
	return nil
}

// mergeVocabulary adds extra's entries to base's lists (and extra's lists
// to base): a custom policy pack can add words, never take one away.
func mergeVocabulary(base, extra map[string]any) error {
	for k, x := range extra {
		switch x := x.(type) {
		case []any:
			old, exists := base[k]
			list, ok := old.([]any)
			if exists && !ok {
				return fmt.Errorf("%s is a mapping of lists, not a list", k)
			}
			for _, e := range x {
				if !containsEntry(list, e) {
					list = append(list, e)
				}
			}
			base[k] = list
		case map[string]any:
			old, exists := base[k]
			m, ok := old.(map[string]any)
			if exists && !ok {
				return fmt.Errorf("%s is a list, not a mapping of lists", k)
			}
			if m == nil {
				m = map[string]any{}
			}
			if err := mergeVocabulary(m, x); err != nil {
				return fmt.Errorf("%s.%w", k, err)
			}
			base[k] = m
		}
	}
	return nil
}

func containsEntry(list []any, e any) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

// vocabularyIndex keys each list (nested lists by their dotted name, such
// as "sponsor_titles.large") by the first word of its entries: index[list]
// [word] holds the entries, as word lists, that start with that word.
func vocabularyIndex(v map[string]any) map[string]any {
	index := map[string]any{}
	var walk func(m map[string]any, prefix string)
	walk = func(m map[string]any, prefix string) {
		for k, x := range m {
			switch x := x.(type) {
			case []any:
				byFirst := map[string][][]string{}
				for _, e := range x {
					ws := Words(e.(string))
					byFirst[ws[0]] = append(byFirst[ws[0]], ws)
				}
				out := map[string]any{}
				for first, entries := range byFirst {
					// Longest first, so that a report names the fullest match.
					sort.SliceStable(entries, func(i, j int) bool { return len(entries[i]) > len(entries[j]) })
					list := make([]any, len(entries))
					for i, ws := range entries {
						words := make([]any, len(ws))
						for j, w := range ws {
							words[j] = w
						}
						list[i] = words
					}
					out[first] = list
				}
				index[prefix+k] = out
			case map[string]any:
				walk(x, prefix+k+".")
			}
		}
	}
	walk(v, "")
	return index
}
