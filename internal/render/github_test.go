package render

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// finding is a finding at a line, for hand-made results.
func finding(level check.Level, line int) check.Finding {
	return check.Finding{Level: level, Path: fmt.Sprintf("p%d", line), Message: fmt.Sprintf("at %d", line), Line: line, Column: 1}
}

func result(id string, sev check.Severity, status check.Status, fs ...check.Finding) check.Result {
	return check.Result{ID: id, Title: "T", Severity: sev, Status: status, Findings: fs}
}

var commandPlace = regexp.MustCompile(`^::(error|warning|notice) file=([^,]+)(?:,line=(\d+))?`)

// annotate writes the plans and unreadable files in the github format and
// returns each annotation as "kind file:line", and the last line.
func annotate(t *testing.T, failOn report.FailOn, elsewhere []string, plans []report.Plan, errs []report.FileError) ([]string, string) {
	t.Helper()
	var b bytes.Buffer
	w, err := New(GitHub, &b, Header{FailOn: failOn}, Options{Elsewhere: elsewhere})
	if err != nil {
		t.Fatal(err)
	}
	s := report.NewSummary(failOn)
	for i := range plans {
		s.Add(&plans[i])
		if err := w.Plan(&plans[i]); err != nil {
			t.Fatal(err)
		}
	}
	s.AddUnreadable(len(errs))
	if err := w.End(report.Tail{Errors: errs, Summary: s}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	var got []string
	for _, l := range lines[:len(lines)-2] {
		m := commandPlace.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a workflow command: %q", l)
		}
		got = append(got, m[1]+" "+m[2]+":"+m[3])
	}
	if !strings.HasPrefix(lines[len(lines)-2], "plancheck: ") || !strings.Contains(lines[len(lines)-2], " plans checked, ") {
		t.Errorf("the line before last is not the totals: %q", lines[len(lines)-2])
	}
	return got, lines[len(lines)-1]
}

// TestGitHubAnnotationOrder checks which kind each finding gets and the
// order they are printed in: unreadable files, misses that fail the gate
// (with a line of their own first), then misses below the gate (must
// before should, so that --fail-on never or --fail-on-new shows the
// misses that matter most), advice, and waived findings last.
func TestGitHubAnnotationOrder(t *testing.T) {
	plans := []report.Plan{
		{File: "a.yaml", Results: []check.Result{
			result("must-rule", check.Must, check.Missed, finding(check.Miss, 1), finding(check.Miss, 5), finding(check.Advice, 7)),
			result("na-rule", check.Must, check.NotApplicable, finding(check.Miss, 2)),
			result("should-rule", check.Should, check.Missed, finding(check.Miss, 3)),
			result("waived-rule", check.Must, check.Waived, finding(check.Miss, 9)),
		}},
		{File: "b.yaml", Results: []check.Result{
			result("must-rule", check.Must, check.Missed, finding(check.Miss, 4)),
			result("other-rule", check.Should, check.Met, finding(check.Advice, 1)),
		}},
	}
	errs := []report.FileError{{File: "z.yaml", Line: 2, Column: 1, Message: "tab"}}

	cases := []struct {
		failOn report.FailOn
		want   []string
	}{
		{report.FailOnMust, []string{
			"error z.yaml:2", "error a.yaml:5", "error b.yaml:4", "error a.yaml:1",
			"warning a.yaml:3",
			"notice a.yaml:7", "notice b.yaml:1", "notice a.yaml:9",
		}},
		{report.FailOnShould, []string{
			"error z.yaml:2", "error a.yaml:5", "error a.yaml:3", "error b.yaml:4", "error a.yaml:1",
			"notice a.yaml:7", "notice b.yaml:1", "notice a.yaml:9",
		}},
		{report.FailOnNever, []string{
			"error z.yaml:2",
			"warning a.yaml:5", "warning b.yaml:4", "warning a.yaml:1", "warning a.yaml:3",
			"notice a.yaml:7", "notice b.yaml:1", "notice a.yaml:9",
		}},
	}
	for _, c := range cases {
		got, last := annotate(t, c.failOn, nil, plans, errs)
		if !slices.Equal(got, c.want) {
			t.Errorf("fail-on %s:\n got %q\nwant %q", c.failOn, got, c.want)
		}
		if last != "plancheck: every finding is annotated" {
			t.Errorf("fail-on %s: closing line %q", c.failOn, last)
		}
	}
}

// TestGitHubBudget gives each kind more than GitHub shows: 10 of each are
// printed, in order, and the closing line counts the rest.
func TestGitHubBudget(t *testing.T) {
	var lineless, placed, should, advice []check.Finding
	for i := range 12 {
		lineless = append(lineless, finding(check.Miss, 1))
		placed = append(placed, finding(check.Miss, 10+i))
		should = append(should, finding(check.Miss, 30+i))
	}
	for i := range 8 {
		advice = append(advice, finding(check.Advice, 50+i))
	}
	plans := []report.Plan{
		// The first plan's misses have no line of their own: the second
		// plan's, which have, are annotated first.
		{File: "a.yaml", Results: []check.Result{
			result("must-rule", check.Must, check.Missed, lineless...),
			result("should-rule", check.Should, check.Missed, should...),
		}},
		{File: "b.yaml", Results: []check.Result{
			result("must-rule", check.Must, check.Missed, placed...),
			result("met-rule", check.Must, check.Met, advice...),
			result("waived-rule", check.Must, check.Waived, finding(check.Miss, 70), finding(check.Miss, 71), finding(check.Advice, 72)),
		}},
	}
	var errs []report.FileError
	for i := range 3 {
		errs = append(errs, report.FileError{File: fmt.Sprintf("broken-%d.yaml", i), Line: 1, Column: 1, Message: "bad"})
	}

	got, last := annotate(t, report.FailOnMust, []string{"the job summary", "r.sarif"}, plans, errs)
	want := []string{"error broken-0.yaml:1", "error broken-1.yaml:1", "error broken-2.yaml:1"}
	for i := range 7 {
		want = append(want, fmt.Sprintf("error b.yaml:%d", 10+i))
	}
	for i := range 10 {
		want = append(want, fmt.Sprintf("warning a.yaml:%d", 30+i))
	}
	for i := range 8 {
		want = append(want, fmt.Sprintf("notice b.yaml:%d", 50+i))
	}
	want = append(want, "notice b.yaml:70", "notice b.yaml:71")
	if !slices.Equal(got, want) {
		t.Errorf("annotations:\n got %q\nwant %q", got, want)
	}
	// Left out: 5 placed and 12 lineless misses, 2 should misses, 1
	// waived finding.
	if w := "plancheck: 20 more findings are not annotated (GitHub shows 10 of each kind); see the job summary and r.sarif"; last != w {
		t.Errorf("closing line\n got %q\nwant %q", last, w)
	}

	// More unreadable files than GitHub shows: they take every error.
	for i := 3; i < 12; i++ {
		errs = append(errs, report.FileError{File: fmt.Sprintf("broken-%d.yaml", i), Line: 1, Column: 1, Message: "bad"})
	}
	got, last = annotate(t, report.FailOnMust, nil, plans, errs)
	for i, a := range got[:10] {
		if want := fmt.Sprintf("error broken-%d.yaml:1", i); a != want {
			t.Errorf("error %d is %q, want %q", i, a, want)
		}
	}
	if w := "plancheck: 27 more findings and 2 more unreadable files are not annotated (GitHub shows 10 of each kind); plancheck lint --format text lists them all"; last != w {
		t.Errorf("closing line\n got %q\nwant %q", last, w)
	}
}

// TestGitHubClosingLineIsPlain checks that report names from the command
// line cannot make the closing line a workflow command.
func TestGitHubClosingLineIsPlain(t *testing.T) {
	line := notAnnotated(1, 0, []string{"x\n::error::injected"})
	if strings.Count(line, "\n") != 1 || !strings.HasPrefix(line, "plancheck: 1 more finding is not annotated") {
		t.Errorf("closing line %q", line)
	}
}
