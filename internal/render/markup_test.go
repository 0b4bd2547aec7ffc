package render

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

func TestSpans(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []span
	}{
		{"no code", []span{{text: "no code"}}},
		{"`plancheck schema` prints it", []span{{text: "plancheck schema", code: true}, {text: " prints it"}}},
		{"a `b` c `d`", []span{{text: "a "}, {text: "b", code: true}, {text: " c "}, {text: "d", code: true}}},
		{"one ` alone", []span{{text: "one ` alone"}}},
		{"`a` and ` alone", []span{{text: "a", code: true}, {text: " and ` alone"}}},
		{"empty `` pair", []span{{text: "empty `` pair"}}},
		{"``", []span{{text: "``"}}},
		{"", nil},
	} {
		if got := spans(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("spans(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// hostile is a finding's message as a policy would build it with values
// from a plan that tries every trick: markup inside and outside code,
// an unpaired backtick, a table pipe, a link, a mention and an image.
const hostile = "unknown key `<img src=x onerror=alert(1)>|[l](https://evil.example)`: the approach is " +
	"</code><script>alert(2)</script> ![i](https://evil.example/i.png) @team `a|b` and a lone ` here"

func TestMarkupHTMLEscapesEverything(t *testing.T) {
	got := string(markupHTML(hostile))
	for _, tag := range regexp.MustCompile(`<[^>]*>`).FindAllString(got, -1) {
		if tag != "<code>" && tag != "</code>" {
			t.Errorf("a tag from the text survives: %q in %s", tag, got)
		}
	}
	want := "unknown key <code>&lt;img src=x onerror=alert(1)&gt;|[l](https://evil.example)</code>"
	if !strings.HasPrefix(got, want) {
		t.Errorf("the code span is not rendered as escaped code:\n got %s\nwant %s…", got, want)
	}
	if !strings.Contains(got, "&lt;/code&gt;&lt;script&gt;") {
		t.Errorf("text outside code is not escaped: %s", got)
	}
	// The plan's own backticks pair up too: the most they do is set the
	// plan's words as code, escaped like the rest.
	if !strings.HasSuffix(got, "@team <code>a|b</code> and a lone ` here") {
		t.Errorf("later pairs or the unpaired backtick: %s", got)
	}
	if markupHTML("`plancheck schema` prints the format") != "<code>plancheck schema</code> prints the format" {
		t.Error("plancheck's own code span is not rendered")
	}
}

func TestMarkupMarkdownEscapesOutsideCode(t *testing.T) {
	got := markupMarkdown(hostile, true)
	want := "unknown key `<img src=x onerror=alert(1)>\\|[l](https://evil.example)`: "
	if !strings.HasPrefix(got, want) {
		t.Errorf("the code span:\n got %s\nwant %s…", got, want)
	}
	// Outside code, nothing links, mentions, shows an image or adds HTML,
	// and no pipe ends a table cell.
	rest := strings.TrimPrefix(got, want)
	for _, bad := range []string{"<script", "</code>", "![", "https://", " @team", "|"} {
		if strings.Contains(strings.ReplaceAll(rest, `\|`, ""), bad) {
			t.Errorf("%q survives outside code in %q", bad, rest)
		}
	}
	if !strings.HasSuffix(rest, "\\@team `a\\|b` and a lone \\` here") {
		t.Errorf("later pairs or the unpaired backtick: %q", rest)
	}
	// Outside a table a pipe in code needs no escape, and gets none.
	if got := markupMarkdown("write `a|b`", false); got != "write `a|b`" {
		t.Errorf("a list item's code: %q", got)
	}
	if got := markupMarkdown("`plancheck schema` prints the format", true); got != "`plancheck schema` prints the format" {
		t.Errorf("plancheck's own code span: %q", got)
	}
	if got := markupMarkdown("`\x1b[2J` and `\n`", false); strings.ContainsAny(got, "\x1b\n") {
		t.Errorf("a control character reached the Markdown: %q", got)
	}
}

// planWith is a plan with a format result and two recommendations of one
// framework, one of them skipped.
func planWith(format check.Result) *report.Plan {
	p := &report.Plan{File: "p.yaml", Format: "yaml", Organisation: report.Organisation{Name: "Trust"}, Results: []check.Result{
		format,
		{ID: "a-one", Title: "One", Framework: "a", Severity: check.Must, Status: check.Missed, Kind: check.Recommendation,
			Findings: []check.Finding{{Level: check.Miss, Message: "write `x: 1`", Line: 3, Column: 1}}, Remediation: "Run `plancheck init`."},
		{ID: "a-two", Title: "Two", Framework: "a", Severity: check.Must, Status: check.Met, Kind: check.Recommendation},
		{ID: "a-three", Title: "Three", Framework: "a", Severity: check.Must, Status: check.Skipped, Kind: check.Recommendation},
	}}
	p.Finish(nil)
	return p
}

func formatResult(status check.Status, fs ...check.Finding) check.Result {
	return check.Result{ID: "the-format", Title: "Plan follows the format", Framework: "fmt", Severity: check.Must, Status: status,
		Kind: check.Format, Findings: fs, Remediation: "Fix it; `plancheck schema` prints the format.",
		Source: check.ReportSource{Document: "the plan format, version 1"}}
}

func renderOne(t *testing.T, f Format, p *report.Plan, h Header) string {
	t.Helper()
	var b bytes.Buffer
	w, err := New(f, &b, h, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Plan(p); err != nil {
		t.Fatal(err)
	}
	s := report.NewSummary(report.FailOnMust)
	s.Add(p)
	if err := w.End(report.Tail{Summary: s, SkippedFiles: []report.SkippedFile{{File: "schema.json", Reason: "a JSON Schema, not a plan"}}}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFormatRuleIsTheFileValidity checks that the HTML and Markdown
// reports show a format rule, whatever its id, as whether the file
// follows the format, and count only recommendations on the scorecard.
func TestFormatRuleIsTheFileValidity(t *testing.T) {
	cat := check.NewCatalogue(2, []check.Rule{
		{ID: "the-format", Kind: check.Format, Framework: "fmt"},
		{ID: "a-one", Kind: check.Recommendation, Framework: "a"}, {ID: "a-two", Kind: check.Recommendation, Framework: "a"},
		{ID: "a-three", Kind: check.Recommendation, Framework: "a"},
	}, []check.Framework{{ID: "a", Title: "Framework A"}, {ID: "fmt", Title: "Format framework"}})
	h := Header{Tool: report.Tool{Name: "plancheck", Version: "test"}, Today: "2026-11-21", Catalogue: cat,
		Selection: report.Selection{Skip: []string{"a-three"}, Source: "flag"}}
	missed := planWith(formatResult(check.Missed,
		check.Finding{Level: check.Miss, Message: "unknown key `<b>`", Line: 1, Column: 1},
		check.Finding{Level: check.Miss, Message: "bad", Line: 2, Column: 1},
		check.Finding{Level: check.Advice, Message: "hmm", Line: 3, Column: 1}))
	met := planWith(formatResult(check.Met))

	html := renderOne(t, HTML, missed, h)
	for _, want := range []string{
		"This file does not follow the plan format, version 1: 2 misses and 1 piece of advice.",
		"<code>&lt;b&gt;</code>", "<code>plancheck schema</code>", "<code>plancheck init</code>", "<code>x: 1</code>",
		// The card: 1 of 2 applicable met, and the skipped one said.
		"<b>50.0%</b><span>1 of 2 applicable recommendations met</span>", "1 skipped by configuration",
		"<span>1 of 2 met · 1 missed · 1 skipped</span>", `<span class="pill skipped">skipped by configuration</span>`,
		"<strong>Selection</strong> (set by flag): skip <code>a-three</code>",
		"<code>schema.json</code>: a JSON Schema, not a plan",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "Format framework") || strings.Contains(html, ">the-format<") {
		t.Error("the HTML shows the format rule as a framework or a recommendation")
	}
	if strings.Contains(html, "`") {
		t.Error("the HTML shows a literal backtick")
	}
	if html := renderOne(t, HTML, met, h); !strings.Contains(html, "This file follows the plan format, version 1.") {
		t.Error("the HTML does not say the file follows the format")
	}

	md := renderOne(t, Markdown, missed, h)
	for _, want := range []string{
		"❌ This file does not follow the plan format, version 1: 2 misses and 1 piece of advice. **What to do:** Fix it; `plancheck schema` prints the format.",
		"**1 of 2** applicable recommendations met (50.0%); 1 skipped by configuration.",
		"| ⏭️ skipped by configuration | `a-three` Three |",
		"| ❌ missed | `a-one` One | Run `plancheck init`. |",
		"- `p.yaml:1:1` **miss** `the-format`: unknown key `<b>`",
		"- `p.yaml:3:1` advice `the-format`: hmm",
		"**Selection** (set by flag): skip `a-three`.",
		"- `schema.json`: a JSON Schema, not a plan",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "| `the-format`") {
		t.Error("the Markdown lists the format rule among the recommendations")
	}
	if md := renderOne(t, Markdown, met, h); !strings.Contains(md, "✅ This file follows the plan format, version 1.") {
		t.Error("the Markdown does not say the file follows the format")
	}
}

// TestHTMLColoursContrast checks the stylesheet's text colours against
// the backgrounds they are drawn on: WCAG's 4.5:1 for text.
func TestHTMLColoursContrast(t *testing.T) {
	css, err := os.ReadFile("templates/report.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"white": "#ffffff"}
	for _, m := range regexp.MustCompile(`--([a-z-]+): (#[0-9a-f]{6})`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	// Each pair is a text colour and a background it is drawn on.
	for _, pair := range [][2]string{
		{"ink", "paper"}, {"ink", "page"}, {"muted", "paper"}, {"muted", "page"}, {"brand", "paper"}, {"white", "brand"},
		{"met", "paper"}, {"missed", "paper"}, {"waived", "paper"}, {"na", "paper"},
		{"white", "met"}, {"white", "missed"}, {"white", "waived"}, {"white", "na"},
		{"met", "good-bg"}, {"missed", "bad-bg"}, {"ink", "good-bg"}, {"ink", "bad-bg"}, {"muted", "bad-bg"},
	} {
		fg, bg := vars[pair[0]], vars[pair[1]]
		if fg == "" || bg == "" {
			t.Errorf("no colour --%s or --%s in report.css", pair[0], pair[1])
			continue
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("--%s on --%s: contrast %.2f:1, below 4.5:1", pair[0], pair[1], r)
		}
	}
}

// contrast is WCAG 2's contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var c [3]float64
		for i := range c {
			v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			x := float64(v) / 255
			if x <= 0.03928 {
				c[i] = x / 12.92
			} else {
				c[i] = math.Pow((x+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestHTMLHeadingsAndTables checks the page's structure on a report with
// an unreadable and a skipped file: headings go down one level at a time
// from h1, and every table has column headers.
func TestHTMLHeadingsAndTables(t *testing.T) {
	cat := check.NewCatalogue(2, []check.Rule{{ID: "the-format", Kind: check.Format, Framework: "fmt"}, {ID: "a-one", Framework: "a"}}, nil)
	page := renderOne(t, HTML, planWith(formatResult(check.Met)), Header{Tool: report.Tool{Name: "plancheck"}, Catalogue: cat})
	level := 0
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(page, -1) {
		n := int(m[1][0] - '0')
		if n > level+1 {
			t.Errorf("an h%d after an h%d", n, level)
		}
		level = n
	}
	if level == 0 {
		t.Error("no headings")
	}
	sc := bufio.NewScanner(strings.NewReader(page))
	tables, headed := 0, 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "<table") {
			tables++
		}
		if strings.Contains(sc.Text(), `<th scope="col">`) {
			headed++
		}
	}
	if tables == 0 || headed != tables {
		t.Errorf("%d tables, %d with column headers", tables, headed)
	}
}
