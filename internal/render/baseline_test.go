package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/report"
)

// hostileBaseline is a baseline whose names came from a repository: file
// names and codes that try to end a code span, start a workflow command
// or move the terminal's cursor, and more gone plans than are listed.
func hostileBaseline() *report.Baseline {
	b := &report.Baseline{File: "base`line\x1b[2J.json", Kind: "report", CatalogueVersion: 1, New: 1,
		Changed: []report.RuleChange{{ID: "wg-x", Change: "changed", What: "reads `plan.type` now"}}}
	for i := range 60 {
		b.Gone = append(b.Gone, report.GonePlan{File: fmt.Sprintf("::error::gone-%02d`.yaml", i), Code: "<b>C</b>", Missed: []string{"wg-x"}})
	}
	b.Plans.Gone = len(b.Gone)
	return b
}

func TestBaselineHeadsKeepNamesEscaped(t *testing.T) {
	plans := goldenPlans(t)
	h := testHeader(plans)
	h.Baseline = hostileBaseline()
	tail := report.Tail{Summary: report.NewSummary(report.FailOnMust), Baseline: hostileBaseline()}

	var text bytes.Buffer
	w := newTextWriter(&text, h, Options{})
	if err := w.Plan(&plans[0]); err != nil {
		t.Fatal(err)
	}
	if text.Len() != 0 {
		t.Error("with a baseline, text writes its plans after the counts, not as they come")
	}
	if err := w.End(tail); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	if strings.Contains(out, "\x1b") || !strings.HasPrefix(out, "against the baseline base`line") || strings.Count(out, "  gone: ") != 60 {
		t.Errorf("text head:\n%.400s", out)
	}
	if i, j := strings.Index(out, "against the baseline"), strings.Index(out, plans[0].File); i < 0 || j < i {
		t.Error("the counts do not come before the plans")
	}

	md := markdownBaseline(h, tail.Baseline)
	for _, want := range []string{
		"`base'line\\x1b[2J.json`",
		"- `::error::gone-00'.yaml` (&lt;b&gt;C&lt;/b&gt;), which missed `wg-x`",
		"- and 10 more plans\n",
		"reads <code>plan.type</code> now",
	} {
		if !strings.Contains(md, want) && !strings.Contains(md, strings.ReplaceAll(want, "<code>plan.type</code>", "`plan.type`")) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "\n- `::error"); n != goneListed {
		t.Errorf("%d gone plans listed, want %d", n, goneListed)
	}
}
