package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/report"
)

func TestWrap(t *testing.T) {
	got := wrap("one two three four five", 9, "  - ")
	want := "  - one two\n    three\n    four five"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}

// TestJSONSpillsToDisk writes more plans than the in-memory spool holds
// and checks the report is whole and the temporary file is gone.
func TestJSONSpillsToDisk(t *testing.T) {
	plans := goldenPlans(t)
	var small, big bytes.Buffer
	for _, out := range []*bytes.Buffer{&small, &big} {
		w := newJSONWriter(out, testHeader(plans))
		if out == &small {
			w.plans.limit = 1 << 30
		} else {
			w.plans.limit = 1000
		}
		for i := 0; i < 40; i++ {
			if err := w.Plan(&plans[i%len(plans)]); err != nil {
				t.Fatal(err)
			}
		}
		if out == &big && w.plans.file == nil {
			t.Fatal("the spool did not spill to a file")
		}
		if err := w.End(report.Tail{Summary: report.NewSummary(report.FailOnMust)}); err != nil {
			t.Fatal(err)
		}
		if w.plans.file != nil {
			t.Error("the spool file is still open after End")
		}
	}
	if !bytes.Equal(small.Bytes(), big.Bytes()) {
		t.Error("a spilled report differs from one held in memory")
	}
	var r report.Report
	if err := json.Unmarshal(big.Bytes(), &r); err != nil || len(r.Plans) != 40 {
		t.Errorf("spilled report: %v, %d plans", err, len(r.Plans))
	}
}

func TestMarkdownEscapesPlanText(t *testing.T) {
	got := md("see https://evil.example and www.evil.example, ping @team, ![x](y) <b>|</b>")
	for _, bad := range []string{"https://", "www.evil", " @team", "![x](y)", "<b>", "|</"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q survives in %q", bad, got)
		}
	}
}

func TestGitHubCommandsStayOnOneLine(t *testing.T) {
	got := workflowCommand("error", "a,b:c.yaml", 3, 4, "t:1, t2", "50% done\nnext line\r::error::injected")
	// Control characters are shown escaped first, so a message cannot end
	// the command; % is then escaped as workflow commands want.
	want := "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=t%3A1%2C t2::50%25 done\\nnext line\\x0d::error::injected\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
