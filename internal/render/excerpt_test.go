package render

import (
	"bytes"
	"html/template"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/report"
)

// TestHTMLShowsEachFindingBesideItsLine gives the HTML writer the plans'
// text: each finding with a line shows that line, escaped, with the text
// from its column marked; without the text, or past its end, none.
func TestHTMLShowsEachFindingBesideItsLine(t *testing.T) {
	plans := goldenPlans(t)
	var sparse *report.Plan
	for i := range plans {
		if strings.HasSuffix(plans[i].File, "sparse.yaml") {
			sparse = &plans[i]
		}
	}
	if sparse == nil {
		t.Fatal("no sparse.yaml among the golden plans")
	}
	text, err := os.ReadFile("../../" + sparse.File)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	var b bytes.Buffer
	w, err := New(HTML, &b, testHeader(plans), Options{
		Source:  func(file string) []byte { return map[string][]byte{sparse.File: text}[file] },
		Prelude: template.HTML(`<nav class="prelude"><a href="/">Check another plan</a></nav>`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Plan(sparse); err != nil {
		t.Fatal(err)
	}
	if err := w.End(report.Tail{Summary: report.NewSummary(report.FailOnMust)}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	n := 0
	for _, r := range sparse.Results {
		for _, f := range r.Findings {
			if f.Line == 0 || (f.Line == 1 && f.Column == 1) {
				continue
			}
			n++
			line := []rune(lines[f.Line-1])
			at := strings.TrimRight(string(line[f.Column-1:]), " ")
			want := "line </span>" + strconv.Itoa(f.Line) + "</span>" + template.HTMLEscapeString(string(line[:f.Column-1])) + "<mark>" + template.HTMLEscapeString(at) + "</mark>"
			if !strings.Contains(out, want) {
				t.Errorf("%s: no excerpt %q", r.ID, want)
			}
		}
	}
	if n == 0 || strings.Count(out, `<pre class="excerpt">`) != n {
		t.Errorf("%d excerpts for %d findings with a line", strings.Count(out, `<pre class="excerpt">`), n)
	}
	if !strings.Contains(out, `<main>
<nav class="prelude"><a href="/">Check another plan</a></nav>`) || !strings.Contains(out, "pre.excerpt") {
		t.Error("the prelude or the excerpts' styles are missing")
	}
}

func TestExcerptCutsLongLinesAndEscapes(t *testing.T) {
	long := `{"a": "` + strings.Repeat("x", 300) + `", "bad": "<b>\x1b[31m</b>"}`
	src := splitLines([]byte("first\r\n" + long + "\r\n\n"))
	e := src.excerpt(2, 311)
	if e == nil || !strings.HasPrefix(e.Lead, "…") || e.Follow != "" || !strings.Contains(e.At, `"bad": "<b>\x1b[31m</b>"}`) {
		t.Errorf("the end of a long line: %+v", e)
	}
	if e := src.excerpt(2, 1); e == nil || e.Lead != "" || e.Follow != "…" || len([]rune(e.At)) != excerptMarked {
		t.Errorf("the start of a long line: %+v", e)
	}
	for _, c := range []struct{ line, col int }{{0, 1}, {3, 1}, {9, 1}} {
		if e := src.excerpt(c.line, c.col); e != nil {
			t.Errorf("line %d: %+v, want none", c.line, e)
		}
	}
	if e := src.excerpt(1, 1); e != nil {
		t.Errorf("the start of the file, where findings about the whole plan go: %+v", e)
	}
	if e := src.excerpt(1, 99); e == nil || e.Lead != "first" || e.At != "" {
		t.Errorf("a column past the end: %+v", e)
	}
	var none sourceLines
	if none.excerpt(1, 1) != nil {
		t.Error("an excerpt without the plan's text")
	}
}
