package loader

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The YAML library reports an indentation mistake where its scanner gives
// up, often on the line after the mistake ("mapping values are not
// allowed in this context" is reported at the colon of the next key) and
// in its own words. indentProblem reads the text again, line by line, with
// the few rules of block YAML that plans use (keys of one mapping line up,
// a nested block goes further in than its key, a key ends with ':'), to
// find the line that breaks them and say which key is out of line with
// which. It gives up on what it does not model (flow collections over
// several lines, quoted text over several lines, complex keys), leaving
// the library's place and message.

// yamlLine is one line of block YAML as indentProblem reads it.
type yamlLine struct {
	n    int  // 1-based
	col  int  // column of the content, after the indentation and any "- "
	dash int  // column of a leading "- ", or 0
	key  bool // the line starts with "key:"
	name string
	// value is what follows "key:", its comment removed; for a line
	// that is not a key, the line's text.
	value string
	// colon is the column of the key's ':', and inner the column of a
	// later ": " in a plain value (YAML reads it as another key).
	colon, inner int
	// block is a value that continues on the lines below: "|", ">", or
	// a flow collection or a quoted text left open.
	block bool
}

// level is an open mapping or list: its column and its last entry.
type level struct {
	col  int
	list bool
	// the last key (or list item) of the level, and where it is
	last            string
	lastLine, lastC int
	// open: the last key has no value on its line, and no line below has
	// given it one yet.
	open bool
	// text: the last key has a plain value that may go on over the lines
	// below, further in than the level.
	text bool
	// word: the value of an open key given on the next line, a line
	// without ':' that may be a key missing its colon.
	word *yamlLine
	// entries counts the level's keys or items so far; inItem is a
	// mapping that starts on a list item's line ("- key: value").
	entries int
	inItem  bool
}

// indentProblem finds the mistake the YAML library met at line mark,
// column markCol (or within a few lines before it), as an *Error at the
// mistake.
func indentProblem(data []byte, mark, markCol int) *Error {
	var stack []*level
	raw := bytes.Split(data, []byte("\n"))
	// A mistake is looked for no further back than a few lines before
	// the library's place: further back, a line this reading takes for a
	// mistake is more likely a construct it does not model.
	from := mark - 5
	blockCol := 0 // a "|" or ">" text runs while lines are further in than this
	for i, line := range raw {
		n := i + 1
		if n > mark {
			break
		}
		text := string(line)
		if blockCol > 0 {
			if strings.TrimSpace(text) == "" || indentOf(text) >= blockCol {
				continue
			}
			blockCol = 0
		}
		l, ok := readYAMLLine(n, text)
		if !ok {
			return nil
		}
		if l == nil { // a blank line, a comment or a directive
			continue
		}
		if l.n == mark && l.inner > 0 && l.inner == markCol {
			return &Error{Line: l.n, Column: l.inner, Message: fmt.Sprintf("the value of `%s` holds ': ', which YAML reads as the start of another key: put the value in quotes", l.name)}
		}
		problem, ok := placeLine(&stack, l, raw)
		if !ok {
			return nil
		}
		if problem != nil {
			if problem.Line < from {
				return nil
			}
			return problem
		}
		if l.block {
			// What follows belongs to this value while it is further in
			// than the key (or the list item holding it).
			blockCol = l.col
			if l.dash > 0 && !l.key {
				blockCol = l.dash
			}
			blockCol++
		}
	}
	return nil
}

// placeLine puts a line in the stack of open levels, or says why it
// cannot go there; false when the line is one this reading does not
// model, and the levels can no longer be trusted.
func placeLine(stack *[]*level, l *yamlLine, raw [][]byte) (*Error, bool) {
	s := *stack
	// c is where the line's first entry starts: its "- " or its key.
	c := l.col
	if l.dash > 0 {
		c = l.dash
	}
	word := !l.key && l.dash == 0
	if len(s) > 0 && s[len(s)-1].open {
		t := s[len(s)-1]
		t.open = false
		switch {
		// A nested block starts further in than its key; a list may
		// start at its key's column.
		case c > t.lastC || (l.dash > 0 && c == t.lastC && !t.list):
			if word {
				t.text, t.word = true, l
			} else {
				*stack = append(s, start(l)...)
			}
			return nil, true
		case word && c == t.lastC:
			return &Error{Line: l.n, Column: l.col, Message: fmt.Sprintf(
				"`%s` at line %d column %d lines up with `%s` at line %d column %d, whose value it seems to be: a value on the line after its key goes further in than the key (or, if it is a key, it needs a ':')",
				short(l.value), l.n, l.col, t.last, t.lastLine, t.lastC)}, true
		case word && !slices.ContainsFunc(s, func(v *level) bool { return v.col == c }):
			// Further out than its key, and in line with nothing: a
			// value meant for the key.
			return &Error{Line: l.n, Column: l.col, Message: fmt.Sprintf(
				"`%s` at line %d column %d is indented less than `%s` at line %d column %d, whose value it seems to be: a value on the line after its key goes further in than the key",
				short(l.value), l.n, l.col, t.last, t.lastLine, t.lastC)}, true
		}
	}
	// A value given on the line after its key was a key missing its ':'
	// when the next key lines up with it, or goes further in.
	if len(s) > 0 && s[len(s)-1].word != nil && l.key && c >= s[len(s)-1].word.col {
		w := s[len(s)-1].word
		return &Error{Line: w.n, Column: w.col, Message: missingColon(w)}, true
	}
	// Close the levels the line is further out than; a list at its key's
	// column closes at a key in that column.
	var popped []*level
	for len(s) > 0 {
		t := s[len(s)-1]
		if t.col < c || (t.col == c && !(t.list && l.dash == 0 && len(s) > 1 && s[len(s)-2].col == c)) {
			break
		}
		popped = append(popped, t)
		s = s[:len(s)-1]
	}
	if len(s) == 0 {
		*stack = start(l)
		return nil, true
	}
	t := s[len(s)-1]
	if t.col == c {
		switch {
		case t.list != (l.dash > 0):
			return nil, false // a list item among keys, or a key among items
		case word:
			return &Error{Line: l.n, Column: l.col, Message: missingColon(l)}, true
		}
		// The level's next entry, whose own levels start again.
		next := start(l)
		next[0].entries = t.entries + 1
		*stack = append(s[:len(s)-1], next...)
		return nil, true
	}
	// Further in than the level it falls in, whose last entry took no
	// block: more of a plain value, or a key out of line.
	*stack = s
	if word {
		if t.text {
			return nil, true
		}
		return &Error{Line: l.n, Column: l.col, Message: missingColon(l)}, true
	}
	// The key it was most likely meant to line up with: the nearest in
	// column of the levels it falls between, the deepest on a tie.
	// chain is the levels from the deepest the line closed down to the
	// outermost: each one's parent is the next.
	chain := append(popped, t)
	for i := len(s) - 2; i >= 0; i-- {
		chain = append(chain, s[i])
	}
	best := -1
	for i, p := range chain[:len(popped)+1] {
		if p.last != "" && (best < 0 || abs(p.col-c) < abs(chain[best].col-c)) {
			best = i
		}
	}
	if best < 0 {
		return nil, false
	}
	b := chain[best]
	what := "keys of one mapping line up"
	if l.dash > 0 {
		what = "the items of one list line up"
	}
	// When the key it is out of line with is its level's first, and the
	// lines below line up with this one, it is the first that is out of
	// line.
	if b.entries == 1 && !b.inItem && (l.dash > 0) == b.list {
		parent := 0
		if best+1 < len(chain) {
			parent = chain[best+1].col
		}
		if here, there := alignedBelow(raw, l.n, parent, c, b.col); here > there {
			return &Error{Line: b.lastLine, Column: b.lastC, Message: fmt.Sprintf("`%s` at line %d column %d is indented differently from `%s` at line %d column %d and the lines below it: %s",
				b.last, b.lastLine, b.lastC, l.label(), l.n, c, what)}, true
		}
	}
	return &Error{Line: l.n, Column: c, Message: fmt.Sprintf("`%s` at line %d column %d is indented differently from `%s` at line %d column %d: %s",
		l.label(), l.n, c, b.last, b.lastLine, b.lastC, what)}, true
}

// alignedBelow counts the lines after line n that start in column here,
// and in column there, up to the end of the block they are in: the first
// line that starts at or before column parent.
func alignedBelow(raw [][]byte, n, parent, here, there int) (int, int) {
	atHere, atThere := 0, 0
	for _, line := range raw[min(n, len(raw)):] {
		text := string(line)
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		switch col := indentOf(text); {
		case col <= parent:
			return atHere, atThere
		case col == here:
			atHere++
		case col == there:
			atThere++
		}
	}
	return atHere, atThere
}

// start opens the levels a line begins: a list item, and the mapping of
// its key.
func start(l *yamlLine) []*level {
	var out []*level
	if l.dash > 0 {
		out = append(out, &level{col: l.dash, list: true, last: l.label(), lastLine: l.n, lastC: l.dash})
		if !l.key {
			out[0].text = !l.block && l.value != ""
			out[0].open = l.value == ""
			return out
		}
	}
	if l.key {
		out = append(out, &level{col: l.col, last: l.name, lastLine: l.n, lastC: l.col,
			open: l.value == "", text: l.value != "" && !l.block, inItem: l.dash > 0})
	} else {
		out = append(out, &level{col: l.col, text: true})
	}
	for _, v := range out {
		v.entries = 1
	}
	return out
}

func (l *yamlLine) label() string {
	switch {
	case l.key && l.dash > 0:
		return "- " + l.name
	case l.key:
		return l.name
	case l.dash > 0:
		return short("- " + l.value)
	}
	return short(l.value)
}

func missingColon(l *yamlLine) string {
	word, rest, more := strings.Cut(l.value, " ")
	if !more {
		return fmt.Sprintf("`%s` at line %d column %d is not a key: a key is followed by ':', as in `%s:`", short(word), l.n, l.col, short(word))
	}
	return fmt.Sprintf("`%s` at line %d column %d is not a key: a key is followed by ':', as in `%s: %s`", short(l.value), l.n, l.col, short(word), short(rest))
}

// short cuts a text to be quoted in a message.
func short(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:37]) + "…"
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func indentOf(text string) int {
	return len(text) - len(strings.TrimLeft(text, " ")) + 1
}

// readYAMLLine reads one line: nil for a line with nothing to place, and
// false for a line this reading does not model.
func readYAMLLine(n int, text string) (*yamlLine, bool) {
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "", strings.HasPrefix(trimmed, "#"), strings.HasPrefix(text, "%"):
		return nil, true
	case strings.HasPrefix(text, "---"), strings.HasPrefix(text, "..."):
		return nil, false
	case strings.ContainsRune(text, '\t'):
		return nil, false
	}
	l := &yamlLine{n: n}
	pos := indentOf(text) // column, 1-based; the indentation is spaces
	rest := text[pos-1:]
	if rest == "-" || strings.HasPrefix(rest, "- ") {
		l.dash = pos
		after := strings.TrimLeft(rest[1:], " ")
		pos += len(rest) - len(after)
		rest = after
		if rest == "" || strings.HasPrefix(rest, "#") {
			l.col = pos
			return l, true
		}
		if rest == "-" || strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "? ") {
			return nil, false
		}
	}
	if strings.HasPrefix(rest, "? ") || rest == "?" {
		return nil, false
	}
	l.col = pos
	end, ok := scanToken(rest)
	if !ok {
		return nil, false
	}
	body := stripComment(rest)
	// A key: the token, then ':' and a space or the end.
	if k := strings.TrimRight(rest[:end], " "); end < len(body) && body[end] == ':' && (end+1 == len(body) || body[end+1] == ' ') && k != "" && !strings.ContainsAny(k[:1], "[{") {
		l.key, l.name = true, strings.Trim(k, `"'`)
		l.colon = pos + utf8.RuneCountInString(rest[:end])
		l.value = strings.TrimSpace(body[end+1:])
		switch {
		case l.value == "":
		case strings.HasPrefix(l.value, "|"), strings.HasPrefix(l.value, ">"):
			l.block = true
		case strings.HasPrefix(l.value, "[") || strings.HasPrefix(l.value, "{"):
			l.block = !balanced(l.value)
		case strings.HasPrefix(l.value, `"`) || strings.HasPrefix(l.value, "'"):
			if e, ok := scanToken(l.value); !ok || e > len(l.value) {
				return nil, false
			}
		case strings.HasPrefix(l.value, "&"), strings.HasPrefix(l.value, "!"):
			// an anchor or a tag, then the value or a block below
			if _, v, ok := strings.Cut(l.value, " "); ok {
				l.value = strings.TrimSpace(v)
			} else {
				l.value = ""
			}
		default:
			if i := strings.Index(l.value, ": "); i >= 0 || strings.HasSuffix(l.value, ":") {
				if i < 0 {
					i = len(l.value) - 1
				}
				after := strings.TrimLeft(body[end+1:], " ")
				l.inner = l.colon + 1 + (len(body[end+1:]) - len(after)) + utf8.RuneCountInString(l.value[:i])
			}
		}
		return l, true
	}
	l.value = strings.TrimSpace(body)
	if strings.HasPrefix(l.value, "[") || strings.HasPrefix(l.value, "{") {
		if !balanced(l.value) {
			return nil, false
		}
	}
	if strings.HasPrefix(l.value, "|") || strings.HasPrefix(l.value, ">") {
		l.block = true
	}
	return l, true
}

// scanToken finds the end of the first token of s: a quoted text (which
// must close on the line), or plain text up to ": ", a ':' at the end, or
// a comment.
func scanToken(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	switch s[0] {
	case '"':
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i + 1, true
			}
		}
		return 0, false
	case '\'':
		for i := 1; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				return i + 1, true
			}
		}
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ':' && (i+1 == len(s) || s[i+1] == ' '):
			return i, true
		case s[i] == '#' && i > 0 && s[i-1] == ' ':
			return i, true
		}
	}
	return len(s), true
}

// stripComment removes a comment from the end of a line (a '#' after a
// space, outside quotes), and the spaces before it.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" [{,:", s[i-1]) >= 0):
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimRight(s[:i], " ")
		}
	}
	return strings.TrimRight(s, " ")
}

// balanced tells whether a flow collection closes on its line.
func balanced(s string) bool {
	depth := 0
	for _, c := range s {
		switch c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		}
	}
	return depth <= 0
}
