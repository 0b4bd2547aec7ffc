package loader

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/plancheck/plancheck/internal/plan"
)

// The fuzz targets feed the loaders arbitrary bytes. Whatever comes in,
// a loader must not panic or hang, an error must say where (line and
// column from 1), and a plan it accepts must be a mapping whose every key
// is found again at its own place by Locate. Seeds are the fixtures, under
// testdata/fuzz.

func FuzzParseYAML(f *testing.F) { fuzzSyntax(f, plan.YAML) }
func FuzzParseJSON(f *testing.F) { fuzzSyntax(f, plan.JSON) }
func FuzzParseTOML(f *testing.F) { fuzzSyntax(f, plan.TOML) }

func fuzzSyntax(f *testing.F, format plan.Syntax) {
	f.Add([]byte("plancheck: 1\n"))
	f.Add([]byte(`{"plancheck": 1, "plan": {"title": "x"}}`))
	f.Add([]byte("plancheck = 1\n[plan]\ntitle = \"x\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parseWithin(t, format, data, 2*time.Second)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("not a loader error: %T %v", err, err)
			}
			if e.Line < 1 || e.Column < 1 || e.Message == "" {
				t.Fatalf("an error without a place or a message: %+v", e)
			}
			if lines := lineCount(data); e.Line > lines+1 {
				t.Fatalf("error at line %d of a %d-line input: %v", e.Line, lines, e)
			}
			return
		}
		if doc.Root.Kind != plan.Map {
			t.Fatalf("accepted a top level that is a %v", doc.Root.Kind)
		}
		checkPositions(t, doc, doc.Root, "")
	})
}

// lineCount counts lines: LF, CRLF and a lone CR each end one, and so do
// the breaks YAML adds (NEL, LINE and PARAGRAPH SEPARATOR).
func lineCount(data []byte) int {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.NewReplacer("\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
	return strings.Count(s, "\n") + 1
}

// parseWithin parses, and fails the input when parsing takes longer than
// limit: the fuzzer has no watchdog of its own for inputs that hang.
func parseWithin(t *testing.T, format plan.Syntax, data []byte, limit time.Duration) (*plan.Document, error) {
	type result struct {
		doc *plan.Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := Loader{Syntax: format, Limits: Limits{MaxNodes: 20_000, MaxDepth: 50}}.Parse("f", data)
		done <- result{doc, err}
	}()
	select {
	case r := <-done:
		return r.doc, r.err
	case <-time.After(limit):
		t.Fatalf("parsing %d bytes took over %v: %q", len(data), limit, data)
	}
	return nil, nil
}

// checkPositions walks a tree: each key's path locates to that key.
func checkPositions(t *testing.T, doc *plan.Document, n *plan.Node, path string) {
	t.Helper()
	switch n.Kind {
	case plan.Map:
		for _, f := range n.Fields {
			p := plan.JoinPath(path, f.Key)
			// Keys holding dots or brackets cannot be written as a dotted
			// path; the catalogue never names such keys.
			if strings.ContainsAny(f.Key, ".[]") || f.Key == "" {
				continue
			}
			if got := doc.Locate(p); got != f.KeyPos && f.KeyPos.Line > 0 {
				// A repeated key name at the same level is refused, so the
				// first match is this field.
				t.Fatalf("Locate(%q) = %v, the key is at %v", p, got, f.KeyPos)
			}
			checkPositions(t, doc, f.Value, p)
		}
	case plan.List:
		for i, it := range n.Items {
			checkPositions(t, doc, it, plan.IndexPath(path, i))
		}
	case plan.String:
		if !utf8.ValidString(n.Text) {
			t.Fatalf("text that is not UTF-8 at %s", path)
		}
	}
}

// FuzzLocate maps arbitrary paths on the example plan: a position always
// comes back, inside the file.
func FuzzLocate(f *testing.F) {
	doc, err := Loader{}.LoadFile("../../fixtures/plans/northshire.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"governance.owner.role", "objectives[0].by", "legacy.systems[9].x", "a[", "[0]", "..", "x]]", "waivers[-1]", "plan.period.start.deeper"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		pos := doc.Locate(path)
		if pos.Line < 1 || pos.Column < 1 || pos.Line > 106 {
			t.Fatalf("Locate(%q) = %v", path, pos)
		}
		plan.SplitPath(path)
	})
}
