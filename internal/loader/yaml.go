package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/plancheck/plancheck/internal/plan"
)

// yamlBreaks are the line breaks YAML knows besides LF (NEL, LINE
// SEPARATOR, PARAGRAPH SEPARATOR). YAML reads them as LF, so turning them
// into LF keeps the meaning and makes YAML's line numbers agree with the
// lines every other position counts.
var yamlBreaks = strings.NewReplacer("\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

func parseYAML(data []byte, limits Limits) (*plan.Node, *Error) {
	if bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029")) || bytes.Contains(data, []byte("\u0085")) {
		data = []byte(yamlBreaks.Replace(string(data)))
	}
	dec, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Line: 1, Column: 1, Message: err.Error()}
	}
	var doc yaml.Node
	if err := dec.Load(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Line: 1, Column: 1, Message: "the file holds only comments, no plan"}
		}
		return nil, yamlError(err, data)
	}
	var next yaml.Node
	switch err := dec.Load(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(err, data)
	case len(next.Content) > 0 || next.Line > 0:
		line := max(next.Line-1, 1) // the document's "---" is the line before its content
		if sep := documentSeparator(data, next.Line); sep > 0 {
			line = sep
		}
		return nil, &Error{Line: line, Column: 1, Message: "the file holds more than one YAML document (a second one starts here); put each plan in its own file"}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Line: 1, Column: 1, Message: "the file holds only comments, no plan"}
	}
	b := yamlBuilder{budget: budget{limits: limits}}
	return b.node(doc.Content[0], 0)
}

// documentSeparator finds the "---" line at or before line (1-based).
func documentSeparator(data []byte, line int) int {
	ls := bytes.Split(data, []byte("\n"))
	for i := min(line, len(ls)) - 1; i >= 0; i-- {
		if bytes.HasPrefix(ls[i], []byte("---")) {
			return i + 1
		}
	}
	return 0
}

// yamlError turns the YAML library's error into a positioned one, naming
// the common causes in plain words.
func yamlError(err error, data []byte) *Error {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		return &Error{Line: 1, Column: 1, Message: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	line, col := max(le.Mark.Line, 1), max(le.Mark.Column, 1)
	if l, c, ok := tabIndent(data, line); ok {
		return &Error{Line: l, Column: c, Message: "tab character used for indentation; YAML indents with spaces"}
	}
	if _, known := yamlMessages[le.Message]; known {
		if p := indentProblem(data, line, col); p != nil {
			return p
		}
	}
	msg := le.Message
	if plain := yamlMessages[le.Message]; plain != "" {
		msg = plain
	}
	// A key without its ':' is found missing at the line after it; the
	// scanner's context is the key itself.
	if le.Message == "could not find expected ':'" && le.ContextMark.Line > 0 {
		return &Error{Line: le.ContextMark.Line, Column: max(le.ContextMark.Column, 1), Message: msg}
	}
	if le.ContextMsg != "" && le.ContextMark.Line > 0 && le.ContextMark.Line != line {
		msg += fmt.Sprintf(" (%s started at line %d)", strings.TrimPrefix(le.ContextMsg, "while parsing "), le.ContextMark.Line)
	}
	return &Error{Line: line, Column: col, Message: msg}
}

// yamlMessages are the YAML library's messages for mistakes of
// indentation and punctuation, in plain words, for when indentProblem
// cannot tell more.
var yamlMessages = map[string]string{
	"mapping values are not allowed in this context": "a ':' where no key can start: is a key indented under a value, or does a value hold ': ' (then put it in quotes)?",
	"did not find expected key":                      "this line is not in line with the keys above it: keys of one mapping line up",
	"could not find expected ':'":                    "a key without its ':' (or a line indented as a key that is not one)",
	"did not find expected '-' indicator":            "this line is not in line with the list's items above it: the items of one list line up",
}

// tabIndent finds a tab in the indentation of the given line or the line
// before it (the YAML library often reports the line after the culprit).
func tabIndent(data []byte, line int) (int, int, bool) {
	ls := bytes.Split(data, []byte("\n"))
	for l := line; l >= line-1 && l >= 1; l-- {
		if l > len(ls) {
			continue
		}
		text := ls[l-1]
		for i, c := range text {
			if c == '\t' {
				return l, i + 1, true
			}
			if c != ' ' {
				break
			}
		}
	}
	return 0, 0, false
}

type yamlBuilder struct {
	budget budget
	// copied counts the bytes of text (keys and scalars) that aliases have
	// copied into the plan. Counting values is not enough: one alias of a
	// long string is one value, and a few hundred of them cost gigabytes
	// once the plan is checked. The text copied may not pass the file
	// size limit, so that a plan costs at most what two files at the
	// limit would, while the small mappings real plans repeat are far
	// below it.
	copied int64
	// alias is the outermost alias being expanded, where a refusal is
	// placed: an inner one would point into the anchored value, away
	// from the alias that made the copy.
	alias *yaml.Node
}

// copy accounts for text that the alias at copies into the plan.
func (b *yamlBuilder) copy(n int, at *yaml.Node) *Error {
	b.copied += int64(n)
	if limit := b.budget.limits.MaxFileSize; b.copied > limit {
		return &Error{Line: at.Line, Column: at.Column, Message: fmt.Sprintf("YAML aliases copy more than %s of text into the plan, the file size limit (raise it with --max-file-size)", humanBytes(limit))}
	}
	return nil
}

func (b *yamlBuilder) node(n *yaml.Node, depth int) (*plan.Node, *Error) {
	pos := plan.Pos{Line: n.Line, Column: n.Column}
	if err := b.budget.enter(depth, pos); err != nil {
		return nil, err
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, &Error{Line: pos.Line, Column: pos.Column, Message: "alias to an unknown anchor"}
		}
		// Past here the values counted include copies made by aliases,
		// and the message about too many says so.
		b.budget.tooMany = "the plan expands to more than %d values (are YAML aliases repeating a large value?)"
		if b.alias == nil {
			b.alias = n
			defer func() { b.alias = nil }()
		}
		v, err := b.node(n.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		out := *v
		out.Pos = pos
		return &out, nil
	case yaml.MappingNode:
		return b.mapping(n, depth)
	case yaml.SequenceNode:
		out := &plan.Node{Kind: plan.List, Pos: pos, Items: make([]*plan.Node, 0, len(n.Content))}
		for _, c := range n.Content {
			v, err := b.node(c, depth+1)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, v)
		}
		return out, nil
	case yaml.ScalarNode:
		if b.alias != nil {
			if err := b.copy(len(n.Value), b.alias); err != nil {
				return nil, err
			}
		}
		return yamlScalar(n, pos), nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &plan.Node{Kind: plan.Null, Pos: pos}, nil
		}
		return b.node(n.Content[0], depth)
	}
	return nil, &Error{Line: pos.Line, Column: pos.Column, Message: "unsupported YAML node"}
}

func (b *yamlBuilder) mapping(n *yaml.Node, depth int) (*plan.Node, *Error) {
	out := &plan.Node{Kind: plan.Map, Pos: plan.Pos{Line: n.Line, Column: n.Column}, Fields: make([]plan.Field, 0, len(n.Content)/2)}
	first := make(map[string]int, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		copiedBy := b.alias
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			if copiedBy == nil {
				copiedBy = k
			}
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Line: k.Line, Column: k.Column, Message: "a key must be a plain word, not a mapping or a list"}
		}
		if copiedBy != nil {
			if err := b.copy(len(k.Value), copiedBy); err != nil {
				return nil, err
			}
		}
		if line, dup := first[k.Value]; dup {
			return nil, &Error{Line: k.Line, Column: k.Column, Message: fmt.Sprintf("duplicate key %q (first at line %d)", k.Value, line)}
		}
		first[k.Value] = k.Line
		val, err := b.node(v, depth+1)
		if err != nil {
			return nil, err
		}
		out.Fields = append(out.Fields, plan.Field{Key: k.Value, KeyPos: plan.Pos{Line: k.Line, Column: k.Column}, Value: val})
	}
	// Merge keys ("<<: *defaults") add the fields the mapping does not set
	// itself; the first merged mapping wins, as YAML 1.1 specifies.
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, s := range sources {
			v, err := b.node(s, depth+1)
			if err != nil {
				return nil, err
			}
			if v.Kind != plan.Map {
				return nil, &Error{Line: s.Line, Column: s.Column, Message: "a merge key (<<) must name a mapping"}
			}
			for _, f := range v.Fields {
				if _, set := first[f.Key]; !set {
					first[f.Key] = f.KeyPos.Line
					out.Fields = append(out.Fields, f)
				}
			}
		}
	}
	return out, nil
}

func yamlScalar(n *yaml.Node, pos plan.Pos) *plan.Node {
	switch n.ShortTag() {
	case "!!null":
		return &plan.Node{Kind: plan.Null, Pos: pos}
	case "!!bool":
		if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return &plan.Node{Kind: plan.Bool, Pos: pos, Text: strconv.FormatBool(b)}
		}
	case "!!int":
		if num, ok := normaliseInt(n.Value); ok {
			return &plan.Node{Kind: plan.Number, Pos: pos, Text: num}
		}
	case "!!float":
		if num, ok := normaliseFloat(n.Value); ok {
			return &plan.Node{Kind: plan.Number, Pos: pos, Text: num}
		}
	}
	return &plan.Node{Kind: plan.String, Pos: pos, Text: n.Value}
}
