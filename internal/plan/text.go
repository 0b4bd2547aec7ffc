package plan

import (
	"bytes"
	"unicode/utf8"
)

// Text is a plan file's text as it was parsed (UTF-8, line ends
// normalised), kept so that a place in the file can be given an end as
// well as a start: SARIF regions, which code scanning underlines, have
// both. The parsers give the start of each key and value only.
type Text struct {
	data   []byte
	starts []int // the offset of each line's first byte
}

// NewText indexes a file's lines.
func NewText(data []byte) *Text {
	starts := []int{0}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return &Text{data: data, starts: starts}
}

// line returns the text of line n (1-based), without its line end.
func (t *Text) line(n int) ([]byte, bool) {
	if t == nil || n < 1 || n > len(t.starts) {
		return nil, false
	}
	end := len(t.data)
	if n < len(t.starts) {
		end = t.starts[n] - 1
	}
	return t.data[t.starts[n-1]:end], true
}

// End returns where the token that starts at p ends: the position just
// after its last character, as SARIF's endColumn counts. The token is
// read on p's line only: a quoted key or value runs to its closing quote
// (to the end of the line when it closes on a later one), a bracket that
// opens a mapping or list is one character, and anything else runs to the
// first character that ends a bare key or value in the syntax; a comment
// is no token. Positions point at keys, list items and misspelt keys, so
// the token is the key or the item written there. A token of no
// characters (p at a comment, a separator or past the end of its line) is
// given one, so that a region is never empty. The zero Pos means p is not
// in the text.
func (t *Text) End(s Syntax, p Pos) Pos {
	text, ok := t.line(p.Line)
	if !ok || p.Column < 1 {
		return Pos{}
	}
	// Columns count characters, as the parsers give them.
	rest := text
	for i := 1; i < p.Column && len(rest) > 0; i++ {
		_, size := utf8.DecodeRune(rest)
		rest = rest[size:]
	}
	n := tokenLength(s, rest)
	if n == 0 {
		return Pos{Line: p.Line, Column: p.Column + 1}
	}
	return Pos{Line: p.Line, Column: p.Column + utf8.RuneCount(rest[:n])}
}

// tokenLength is the length in bytes of the token at the start of rest.
func tokenLength(s Syntax, rest []byte) int {
	if len(rest) == 0 {
		return 0
	}
	switch c := rest[0]; {
	case c == '"' || c == '\'':
		return quotedLength(s, rest)
	case c == '{' || c == '[':
		return 1
	case c == '#' && s != JSON:
		// A comment: nothing is written here (a place that defaults to
		// the top of the file, above the first key).
		return 0
	}
	n := 0
	for n < len(rest) && !endsBare(s, rest, n) {
		n++
	}
	// Blanks before a comment or a separator are not part of the token.
	for n > 0 && (rest[n-1] == ' ' || rest[n-1] == '\t') {
		n--
	}
	return n
}

// endsBare tells whether rest[i] ends a bare token that starts rest.
func endsBare(s Syntax, rest []byte, i int) bool {
	c := rest[i]
	switch c {
	case ',', ']', '}':
		return true
	}
	switch s {
	case JSON:
		return c == ' ' || c == '\t' || c == ':'
	case TOML:
		// A dot separates the parts of a dotted key, except in a number
		// (1.5), whose first part is all digits.
		return c == ' ' || c == '\t' || c == '=' || c == '#' ||
			c == '.' && !allDigits(rest[:i])
	}
	// YAML: a plain key or value may hold blanks; it ends at ": ", at a
	// colon that ends the line, and at " #", a comment.
	switch c {
	case ':':
		return i+1 == len(rest) || rest[i+1] == ' ' || rest[i+1] == '\t'
	case '#':
		return i > 0 && (rest[i-1] == ' ' || rest[i-1] == '\t')
	}
	return false
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// quotedLength is the length of the quoted token at the start of rest,
// closing quote included, or of the rest of the line when it does not
// close on it (a string that runs over several lines).
func quotedLength(s Syntax, rest []byte) int {
	q := rest[0]
	if s == TOML && len(rest) >= 3 && rest[1] == q && rest[2] == q {
		// A TOML multi-line string, closed by three quotes.
		if i := bytes.Index(rest[3:], rest[:3]); i >= 0 {
			return i + 6
		}
		return len(bytes.TrimRight(rest, " \t"))
	}
	// Backslash escapes a character in double quotes, and in YAML's
	// single quotes a quote is doubled; TOML's single quotes escape
	// nothing.
	for i := 1; i < len(rest); i++ {
		switch {
		case q == '"' && rest[i] == '\\':
			i++
		case rest[i] != q:
		case q == '\'' && s == YAML && i+1 < len(rest) && rest[i+1] == '\'':
			i++
		default:
			return i + 1
		}
	}
	return len(bytes.TrimRight(rest, " \t"))
}
