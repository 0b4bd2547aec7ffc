package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/plancheck/plancheck/internal/plan"
)

// parseJSON reads JSON token by token so that every key and value keeps its
// offset; encoding/json's decoder checks the syntax.
func parseJSON(data []byte, limits Limits) (*plan.Node, *Error) {
	p := &jsonParser{data: data, lines: newLines(data), budget: budget{limits: limits}}
	p.dec = json.NewDecoder(bytes.NewReader(data))
	p.dec.UseNumber()
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	at := p.next()
	if _, tokErr := p.dec.Token(); !errors.Is(tokErr, io.EOF) {
		line, col := p.lines.pos(at)
		return nil, &Error{Line: line, Column: col, Message: "unexpected text after the end of the top-level value"}
	}
	return root, nil
}

type jsonParser struct {
	dec    *json.Decoder
	data   []byte
	lines  *lines
	budget budget
}

// next returns the offset where the next token starts: the decoder's
// offset is the end of the last token, before blanks, commas and colons.
func (p *jsonParser) next() int {
	return skipBlanks(p.data, int(p.dec.InputOffset()))
}

func skipBlanks(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (p *jsonParser) token() (json.Token, int, *Error) {
	at := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, at, p.syntaxError(err, at)
	}
	return tok, at, nil
}

func (p *jsonParser) value(depth int) (*plan.Node, *Error) {
	tok, at, err := p.token()
	if err != nil {
		return nil, err
	}
	pos := p.lines.at(at)
	if err := p.budget.enter(depth, pos); err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return p.object(pos, depth)
		}
		return p.array(pos, depth)
	case string:
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t}, nil
	case json.Number:
		if n, ok := normaliseNumber(t.String()); ok {
			return &plan.Node{Kind: plan.Number, Pos: pos, Text: n}, nil
		}
		return &plan.Node{Kind: plan.String, Pos: pos, Text: t.String()}, nil
	case bool:
		if t {
			return &plan.Node{Kind: plan.Bool, Pos: pos, Text: "true"}, nil
		}
		return &plan.Node{Kind: plan.Bool, Pos: pos, Text: "false"}, nil
	case nil:
		return &plan.Node{Kind: plan.Null, Pos: pos}, nil
	}
	return nil, &Error{Line: pos.Line, Column: pos.Column, Message: "unexpected token"}
}

func (p *jsonParser) object(pos plan.Pos, depth int) (*plan.Node, *Error) {
	out := &plan.Node{Kind: plan.Map, Pos: pos}
	first := map[string]int{}
	for p.dec.More() {
		tok, at, err := p.token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		kpos := p.lines.at(at)
		if line, dup := first[key]; dup {
			return nil, &Error{Line: kpos.Line, Column: kpos.Column, Message: fmt.Sprintf("duplicate key %q (first at line %d)", key, line)}
		}
		first[key] = kpos.Line
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out.Fields = append(out.Fields, plan.Field{Key: key, KeyPos: kpos, Value: v})
	}
	if _, _, err := p.token(); err != nil { // the closing brace
		return nil, err
	}
	return out, nil
}

func (p *jsonParser) array(pos plan.Pos, depth int) (*plan.Node, *Error) {
	out := &plan.Node{Kind: plan.List, Pos: pos}
	for p.dec.More() {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, v)
	}
	if _, _, err := p.token(); err != nil { // the closing bracket
		return nil, err
	}
	return out, nil
}

// syntaxError places a decoder error and says what went wrong in plain
// words where the decoder's message is cryptic.
func (p *jsonParser) syntaxError(err error, at int) *Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// The culprit is where the token the decoder refused starts: after
		// the previous token, past blanks and the separators it accepted.
		off := at
		if off >= len(p.data) {
			off = max(len(p.data)-1, 0)
		}
		line, col := p.lines.pos(off)
		return &Error{Line: line, Column: col, Message: p.explain(off, se.Error())}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		line, col := p.lines.pos(len(p.data))
		return &Error{Line: line, Column: col, Message: "unexpected end of file: a { or [ is not closed, or a value is missing"}
	}
	line, col := p.lines.pos(at)
	return &Error{Line: line, Column: col, Message: err.Error()}
}

func (p *jsonParser) explain(off int, msg string) string {
	c := p.data[off]
	prev := bytes.TrimRight(p.data[:off], " \t\r\n")
	switch {
	case (c == '}' || c == ']') && len(prev) > 0 && prev[len(prev)-1] == ',':
		return fmt.Sprintf("trailing comma before %c", c)
	case c == '\'':
		return "strings and keys take double quotes (\"), not single quotes"
	case c == '/' || c == '#':
		return "JSON does not allow comments"
	case c == '"' && bytes.Contains([]byte(msg), []byte("after object key")) && !bytes.Contains([]byte(msg), []byte("key:value")):
		return "missing colon after the key"
	case c == '"' || c == '{' || c == '[':
		if len(prev) > 0 && prev[len(prev)-1] != ',' && prev[len(prev)-1] != ':' && prev[len(prev)-1] != '[' && prev[len(prev)-1] != '{' {
			return "missing comma before this value"
		}
	}
	return msg
}
