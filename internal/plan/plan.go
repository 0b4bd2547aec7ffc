// Package plan holds a plan document: the tree decoded from a YAML, JSON or
// TOML file, with the line and column of every key and value, so that any
// finding about a dotted path can be pointed at a place in the file.
package plan

import (
	"strconv"
	"strings"
)

// Syntax is the language a plan file is written in: YAML, JSON or TOML.
// (Reports call it the plan's "format"; in the code, "format" is a report
// format, and the plan format's schema is package planschema.)
type Syntax string

// The syntaxes a plan can be written in.
const (
	YAML Syntax = "yaml"
	JSON Syntax = "json"
	TOML Syntax = "toml"
)

// Syntaxes lists the supported syntaxes in the order they are documented.
var Syntaxes = []Syntax{YAML, JSON, TOML}

// ParseSyntax accepts a syntax name ("yml" is taken for YAML).
func ParseSyntax(s string) (Syntax, bool) {
	switch strings.ToLower(s) {
	case "yaml", "yml":
		return YAML, true
	case "json":
		return JSON, true
	case "toml":
		return TOML, true
	}
	return "", false
}

// Pos is a 1-based line and column in a file. The zero Pos means unknown.
type Pos struct {
	Line   int
	Column int
}

// Kind is the type of a value in a plan document.
type Kind uint8

// The kinds of value a plan holds. Dates are strings: each format's native
// date (YAML timestamp, TOML local date) is kept as the text written.
const (
	Null Kind = iota
	Bool
	Number
	String
	Map
	List
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Map:
		return "mapping"
	case List:
		return "list"
	}
	return "unknown"
}

// Node is one value of a plan document.
type Node struct {
	Kind Kind
	Pos  Pos
	// Text holds a scalar: the string itself, a number as a JSON number
	// literal, or "true"/"false".
	Text   string
	Fields []Field // Map entries, in file order
	Items  []*Node // List elements
}

// Field is one key of a mapping, with where the key is written.
type Field struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// Document is one plan file, decoded.
type Document struct {
	File   string
	Syntax Syntax
	Root   *Node
	// Text is the file's text, to tell where what is at a position ends;
	// nil when the document was built without it.
	Text *Text
}

// End returns where the key or value written at p ends (see Text.End),
// or the zero Pos when the document has no text or p is not in it.
func (d *Document) End(p Pos) Pos {
	if d == nil || d.Text == nil {
		return Pos{}
	}
	return d.Text.End(d.Syntax, p)
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if f := n.field(key); f != nil {
		return f.Value
	}
	return nil
}

func (n *Node) field(key string) *Field {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return &n.Fields[i]
		}
	}
	return nil
}

// Lookup follows a dotted path such as "objectives[1].by" and returns the
// string value there, or "" when it is absent or not a string.
func (d *Document) Lookup(path string) string {
	n := d.Root
	for _, s := range SplitPath(path) {
		if s.Index < 0 {
			n = n.Get(s.Key)
		} else if n != nil && n.Kind == List && s.Index < len(n.Items) {
			n = n.Items[s.Index]
		} else {
			n = nil
		}
	}
	if n == nil || n.Kind != String {
		return ""
	}
	return n.Text
}

// Locate returns where a dotted path is written: the key itself when it
// exists, else its nearest existing ancestor, else line 1 column 1.
func (d *Document) Locate(path string) Pos {
	at := Pos{Line: 1, Column: 1}
	if d == nil || d.Root == nil {
		return at
	}
	n := d.Root
	for _, s := range SplitPath(path) {
		if s.Index < 0 {
			f := n.field(s.Key)
			if f == nil {
				return at
			}
			at, n = f.KeyPos, f.Value
			continue
		}
		if n.Kind != List || s.Index >= len(n.Items) {
			return at
		}
		n = n.Items[s.Index]
		at = n.Pos
	}
	return at
}

// Segment is one step of a path: a mapping key, or a list index when
// Index >= 0.
type Segment struct {
	Key   string
	Index int
}

// SplitPath splits "objectives[1].by" into objectives, [1], by. Malformed
// brackets are taken as part of the key, so any string yields a walkable
// path.
func SplitPath(path string) []Segment {
	if path == "" {
		return nil
	}
	var segs []Segment
	for _, part := range strings.Split(path, ".") {
		key := part
		var idx []int
		for strings.HasSuffix(key, "]") {
			open := strings.LastIndexByte(key, '[')
			if open < 0 {
				break
			}
			i, err := strconv.Atoi(key[open+1 : len(key)-1])
			if err != nil || i < 0 {
				break
			}
			idx = append(idx, i)
			key = key[:open]
		}
		if key != "" || len(idx) == 0 {
			segs = append(segs, Segment{Key: key, Index: -1})
		}
		for j := len(idx) - 1; j >= 0; j-- {
			segs = append(segs, Segment{Index: idx[j]})
		}
	}
	return segs
}

// JoinPath builds the dotted path of a child: a key under a mapping or an
// index under a list.
func JoinPath(parent string, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// IndexPath builds the path of a list element.
func IndexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}
