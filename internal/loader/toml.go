package loader

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/plancheck/plancheck/internal/plan"
)

// parseTOML lets go-toml decode (and so validate) the document, then walks
// go-toml's parser AST once more to learn where each key is written.
func parseTOML(data []byte, limits Limits) (*plan.Node, *Error) {
	if err := tomlDepth(data, limits.MaxDepth); err != nil {
		return nil, err
	}
	if onlyComments(data, "#") {
		return nil, &Error{Line: 1, Column: 1, Message: "the file holds only comments, no plan"}
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			msg := strings.TrimPrefix(de.Error(), "toml: ")
			switch {
			case strings.Contains(msg, "already defined") || strings.Contains(msg, "already exists"):
				msg = tomlDuplicate(data, line, msg)
			case strings.HasPrefix(msg, "unexpected character U+000A at start of value"):
				msg = "a value is missing after the ="
			}
			return nil, &Error{Line: line, Column: col, Message: msg}
		}
		return nil, &Error{Line: 1, Column: 1, Message: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	w := newTOMLWalker(data)
	w.walk()
	b := tomlBuilder{pos: w.pos, budget: budget{limits: limits}}
	return b.node(doc, "", plan.Pos{Line: 1, Column: 1}, 0)
}

// tomlDuplicate says which key a duplicate-key error is about and where
// it was first written, as the other formats do: the document is valid
// syntax, so walking it finds the key that repeats on the error's line.
func tomlDuplicate(data []byte, line int, fallback string) string {
	w := newTOMLWalker(data)
	var repeat string
	var first plan.Pos
	w.onRepeat = func(path string, was, now plan.Pos) {
		// The deepest key repeated on that line is the duplicate; its
		// dotted prefixes repeat there legitimately.
		if now.Line == line && len(path) >= len(repeat) {
			repeat, first = path, was
		}
	}
	w.walk()
	if repeat == "" {
		return fallback
	}
	keys := pathKeys(repeat)
	if strings.Contains(fallback, "table") {
		for i, k := range keys {
			keys[i] = tomlKey(k)
		}
		return fmt.Sprintf("table [%s] is defined twice (first at line %d)", strings.Join(keys, "."), first.Line)
	}
	return fmt.Sprintf("duplicate key %q (first at line %d)", keys[len(keys)-1], first.Line)
}

// tomlDepth refuses deeply nested arrays and inline tables before the
// parser, which recurses on them, sees the file.
func tomlDepth(data []byte, limit int) *Error {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case '"', '\'':
			// Skip a string, so that brackets inside it do not count.
			triple := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if triple {
				i += 3
			} else {
				i++
			}
			for i < len(data) {
				if c == '"' && data[i] == '\\' {
					i += 2
					continue
				}
				if !triple && data[i] == '\n' {
					break
				}
				if data[i] == c && (!triple || (i+2 < len(data) && data[i+1] == c && data[i+2] == c)) {
					if triple {
						i += 2
					}
					break
				}
				i++
			}
		case '[', '{':
			depth++
			if depth > limit {
				line, col := newLines(data).pos(i)
				return &Error{Line: line, Column: col, Message: fmt.Sprintf("nesting is deeper than %d levels", limit)}
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return nil
}

// The position index is keyed by paths that two places cannot share,
// whatever their keys hold: a quoted TOML key may hold any character (a
// NUL, a dot, a bracket), so no separator is safe. Each key is written
// with its length first, as .<length>:<key>, and each list item as
// [<index>]; a path then reads back one way only.

// pathKey builds the path of a key under parent.
func pathKey(parent, child string) string {
	return parent + "." + strconv.Itoa(len(child)) + ":" + child
}

// itemKey builds the path of a list item under parent.
func itemKey(parent string, i int) string { return parent + "[" + strconv.Itoa(i) + "]" }

// pathKeys reads the keys back out of a path, leaving out list items.
func pathKeys(path string) []string {
	var keys []string
	for path != "" {
		if path[0] == '[' {
			path = path[strings.IndexByte(path, ']')+1:]
			continue
		}
		colon := strings.IndexByte(path, ':')
		n, _ := strconv.Atoi(path[1:colon])
		keys = append(keys, path[colon+1:colon+1+n])
		path = path[colon+1+n:]
	}
	return keys
}

// tomlKey writes a key as it would be written in TOML: bare when it can
// be, quoted otherwise.
func tomlKey(k string) string {
	if k == "" || strings.TrimLeft(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		return strconv.Quote(k)
	}
	return k
}

type tomlWalker struct {
	p unstable.Parser
	// lines places the parser's byte offsets. The parser's own Shape
	// counts lines from the start of the file on every call, which made
	// a large file's positions cost the square of its size.
	lines  *lines
	pos    map[string]plan.Pos
	arrays map[string]int // array-of-tables path -> tables seen so far
	table  string         // path of the current [table]
	// onRepeat, when set, hears of a key written again.
	onRepeat func(path string, was, now plan.Pos)
}

func newTOMLWalker(data []byte) *tomlWalker {
	w := &tomlWalker{lines: newLines(data), pos: map[string]plan.Pos{}, arrays: map[string]int{}}
	w.p.Reset(data)
	return w
}

// walk reads every expression of the document, in file order.
func (w *tomlWalker) walk() {
	for w.p.NextExpression() {
		w.expression(w.p.Expression())
	}
}

func (w *tomlWalker) at(n *unstable.Node) plan.Pos {
	return w.lines.at(int(n.Raw.Offset))
}

func (w *tomlWalker) record(path string, pos plan.Pos) {
	was, ok := w.pos[path]
	switch {
	case !ok && pos.Line > 0:
		w.pos[path] = pos
	case ok && w.onRepeat != nil:
		w.onRepeat(path, was, pos)
	}
}

func (w *tomlWalker) expression(e *unstable.Node) {
	switch e.Kind {
	case unstable.KeyValue:
		w.keyValue(w.table, e)
	case unstable.Table, unstable.ArrayTable:
		path := ""
		var last *unstable.Node
		keys := e.Key()
		for keys.Next() {
			k := keys.Node()
			if last != nil {
				path = w.resolve(path)
			}
			path = pathKey(path, string(k.Data))
			w.record(path, w.at(k))
			last = k
		}
		if e.Kind == unstable.ArrayTable {
			n := w.arrays[path]
			w.arrays[path] = n + 1
			path = itemKey(path, n)
			if last != nil {
				w.record(path, w.at(last))
			}
		} else {
			path = w.resolve(path)
		}
		w.table = path
	}
}

// resolve steps into the newest table of an array of tables.
func (w *tomlWalker) resolve(path string) string {
	if n := w.arrays[path]; n > 0 {
		return itemKey(path, n-1)
	}
	return path
}

func (w *tomlWalker) keyValue(base string, kv *unstable.Node) {
	path := base
	keys := kv.Key()
	for keys.Next() {
		k := keys.Node()
		path = pathKey(path, string(k.Data))
		w.record(path, w.at(k))
	}
	w.value(path, kv.Value())
}

func (w *tomlWalker) value(path string, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		kids := v.Children()
		for kids.Next() {
			w.keyValue(path, kids.Node())
		}
	case unstable.Array:
		kids := v.Children()
		for i := 0; kids.Next(); i++ {
			item := kids.Node()
			ip := itemKey(path, i)
			w.record(ip, w.at(item))
			w.value(ip, item)
		}
	}
}

type tomlBuilder struct {
	pos    map[string]plan.Pos
	budget budget
}

func (b *tomlBuilder) node(v any, path string, pos plan.Pos, depth int) (*plan.Node, *Error) {
	if err := b.budget.enter(depth, pos); err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case map[string]any:
		out := &plan.Node{Kind: plan.Map, Pos: pos, Fields: make([]plan.Field, 0, len(t))}
		for k, cv := range t {
			kp := pathKey(path, k)
			at := b.pos[kp]
			child, err := b.node(cv, kp, at, depth+1)
			if err != nil {
				return nil, err
			}
			out.Fields = append(out.Fields, plan.Field{Key: k, KeyPos: at, Value: child})
		}
		// Keep the file's order, as the other formats do.
		sort.Slice(out.Fields, func(i, j int) bool {
			a, c := out.Fields[i].KeyPos, out.Fields[j].KeyPos
			if a.Line != c.Line {
				return a.Line < c.Line
			}
			if a.Column != c.Column {
				return a.Column < c.Column
			}
			return out.Fields[i].Key < out.Fields[j].Key
		})
		return out, nil
	case []any:
		out := &plan.Node{Kind: plan.List, Pos: pos, Items: make([]*plan.Node, 0, len(t))}
		for i, cv := range t {
			ip := itemKey(path, i)
			at, ok := b.pos[ip]
			if !ok {
				at = pos
			}
			child, err := b.node(cv, ip, at, depth+1)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, child)
		}
		return out, nil
	case string:
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t}, nil
	case bool:
		return &plan.Node{Kind: plan.Bool, Pos: pos, Text: strconv.FormatBool(t)}, nil
	case int64:
		return &plan.Node{Kind: plan.Number, Pos: pos, Text: strconv.FormatInt(t, 10)}, nil
	case float64:
		text := strconv.FormatFloat(t, 'g', -1, 64)
		if n, ok := normaliseNumber(text); ok {
			return &plan.Node{Kind: plan.Number, Pos: pos, Text: n}, nil
		}
		return &plan.Node{Kind: plan.String, Pos: pos, Text: text}, nil
	case toml.LocalDate:
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t.String()}, nil
	case toml.LocalDateTime:
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t.String()}, nil
	case toml.LocalTime:
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t.String()}, nil
	case time.Time:
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t.Format(time.RFC3339Nano)}, nil
	case nil:
		return &plan.Node{Kind: plan.Null, Pos: pos}, nil
	}
	return nil, &Error{Line: pos.Line, Column: pos.Column, Message: fmt.Sprintf("unsupported TOML value %T", v)}
}
