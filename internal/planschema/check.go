package planschema

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/suggest"
)

// Check returns a document's findings against the schema: misses for
// missing required keys, wrong types, values outside a closed list, a
// period that does not end after it starts and a waiver that names no
// rule in waivable; advice for unknown keys and likely typos in known
// values. Findings carry paths, not places: the engine places every
// finding, whichever check made it, the same way.
func Check(doc *plan.Document, waivable []string) []check.Finding {
	c := checker{}
	c.object(Schema, doc.Root, "")
	c.period(doc)
	c.waivers(doc, waivable)
	return c.findings
}

type checker struct {
	findings []check.Finding
}

func (c *checker) add(level check.Level, path string, format string, args ...any) {
	c.findings = append(c.findings, check.Finding{Level: level, Path: path, Message: fmt.Sprintf(format, args...)})
}

// field finds a key's schema.
func (f *Field) field(name string) *Field {
	for _, s := range f.Fields {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func (f *Field) names() []string {
	out := make([]string, len(f.Fields))
	for i, s := range f.Fields {
		out[i] = s.Name
	}
	return out
}

// object checks a mapping's keys against the schema.
func (c *checker) object(f *Field, n *plan.Node, path string) {
	for _, kv := range n.Fields {
		p := plan.JoinPath(path, kv.Key)
		s := f.field(kv.Key)
		if s == nil {
			if hint := suggest.Hint(kv.Key, f.names()); hint != "" {
				c.add(check.Advice, p, "unknown key %q%s", kv.Key, hint)
			} else {
				c.add(check.Advice, p, "unknown key %q: plan format 1 does not read it", kv.Key)
			}
			continue
		}
		c.value(s, kv.Value, p)
	}
	for _, s := range f.Fields {
		if !s.Required {
			continue
		}
		v := n.Get(s.Name)
		p := plan.JoinPath(path, s.Name)
		switch {
		case v == nil || v.Kind == plan.Null:
			c.add(check.Miss, p, "required key %s is missing", p)
		case v.Kind == plan.String && strings.TrimSpace(v.Text) == "":
			c.add(check.Miss, p, "required key %s is empty", p)
		}
	}
}

// value checks one value; a null counts as absent, which only a required
// key's parent reports.
func (c *checker) value(f *Field, n *plan.Node, path string) {
	if n.Kind == plan.Null {
		return
	}
	wrong := func() {
		c.add(check.Miss, path, "%s should be %s, found %s", path, f.Type, describe(n))
	}
	switch f.Type {
	case Object:
		if n.Kind != plan.Map {
			wrong()
			return
		}
		c.object(f, n, path)
	case List:
		if n.Kind != plan.List {
			wrong()
			return
		}
		for i, it := range n.Items {
			c.value(f.Items, it, plan.IndexPath(path, i))
		}
	case Text:
		if n.Kind != plan.String {
			wrong()
			return
		}
		if len(f.Values) > 0 && !slices.Contains(f.Values, n.Text) {
			if hint := suggest.Hint(n.Text, f.Values); hint != "" {
				c.add(check.Advice, path, "%q is not a value plancheck knows here%s", n.Text, hint)
			}
		}
	case Integer:
		if n.Kind != plan.Number || !isInteger(n.Text) {
			wrong()
			return
		}
		if f.Const != "" && n.Text != f.Const {
			c.add(check.Miss, path, "%s must be %s, found %s", path, f.Const, n.Text)
		}
	case Number:
		if n.Kind != plan.Number {
			wrong()
		}
	case Boolean:
		if n.Kind != plan.Bool {
			wrong()
		}
	case Date:
		if n.Kind != plan.String {
			wrong()
			return
		}
		if _, err := time.Parse("2006-01-02", n.Text); err != nil {
			if len(n.Text) == 10 && n.Text[4] == '-' && n.Text[7] == '-' {
				c.add(check.Miss, path, "%s should be a date, but %q is not a day of the calendar", path, n.Text)
			} else {
				wrong()
			}
		}
	case Enum:
		if n.Kind != plan.String {
			wrong()
			return
		}
		if !slices.Contains(f.Values, n.Text) {
			c.add(check.Miss, path, "%s is %q, not one of %s%s", path, n.Text, strings.Join(f.Values, ", "), suggest.Hint(n.Text, f.Values))
		}
	}
}

// period checks that the plan ends after it starts, when both are dates.
func (c *checker) period(doc *plan.Document) {
	p := doc.Root.Get("plan").Get("period")
	start, end := p.Get("start"), p.Get("end")
	if start == nil || end == nil || start.Kind != plan.String || end.Kind != plan.String {
		return
	}
	s, err1 := time.Parse("2006-01-02", start.Text)
	e, err2 := time.Parse("2006-01-02", end.Text)
	if err1 != nil || err2 != nil || e.After(s) {
		return
	}
	c.add(check.Miss, "plan.period.end", "the plan period ends on %s, which is not after its start on %s", end.Text, start.Text)
}

// waivers checks that each waiver names a rule that can be waived.
func (c *checker) waivers(doc *plan.Document, waivable []string) {
	ws := doc.Root.Get("waivers")
	if ws == nil || ws.Kind != plan.List {
		return
	}
	for i, w := range ws.Items {
		id := w.Get("recommendation")
		if id == nil || id.Kind != plan.String || strings.TrimSpace(id.Text) == "" || slices.Contains(waivable, id.Text) {
			continue
		}
		c.add(check.Miss, plan.IndexPath("waivers", i)+".recommendation", "the waiver names %q, which is not a recommendation id (see plancheck rules)", id.Text)
	}
}

func isInteger(num string) bool {
	r, ok := new(big.Rat).SetString(num)
	return ok && r.IsInt()
}

// describe names a value for a message, quoting text so that nothing a
// plan holds can reach a terminal unescaped.
func describe(n *plan.Node) string {
	switch n.Kind {
	case plan.String:
		s := n.Text
		if r := []rune(s); len(r) > 60 {
			s = string(r[:57]) + "..."
		}
		return fmt.Sprintf("text %q", s)
	case plan.Number:
		return "the number " + n.Text
	case plan.Bool:
		return n.Text
	case plan.Map:
		return "a mapping"
	case plan.List:
		return fmt.Sprintf("a list of %d", len(n.Items))
	}
	return n.Kind.String()
}
