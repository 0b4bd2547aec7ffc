package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/render"
)

var (
	workflowCommand = regexp.MustCompile(`^::(error|warning|notice) file=[^,:]+(,line=\d+,col=\d+)?,title=[^:]+::.+$`)
	notAnnotated    = regexp.MustCompile(`^plancheck: (\d+) more findings are not annotated \(GitHub shows 10 of each kind\); see (.+)$`)
	cutNote         = regexp.MustCompile(`\*\*The details of (\d+) of (\d+) plans are cut\*\* to keep this job summary under GitHub's 1 MiB limit: the table below has a row for every plan`)
)

// TestGitHubBudgetOnManyPlans runs -f github over 300 synthetic plans and
// one unreadable file, as a CI job on a large estate would: GitHub shows
// 10 annotations of each kind per step and drops a job summary over
// 1 MiB, so the output must keep within both.
func TestGitHubBudgetOnManyPlans(t *testing.T) {
	t.Parallel()
	consumers(t)
	dir := t.TempDir()
	const plans = 300
	g := plangen.New(plangen.Options{Seed: 7, Gaps: 0.06, Errors: 0.02, Syntaxes: []plan.Syntax{plan.YAML, plan.JSON, plan.TOML}})
	for i := range plans {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "plans", name), string(data))
	}
	// Among the plans, not first in file order: its error must still be
	// the first annotation, since it alone explains exit code 2.
	broken, err := os.ReadFile(filepath.Join(root, "fixtures/broken/tabs.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "plans", "plan-000150-tabs.yaml"), string(broken))
	summary := filepath.Join(dir, "summary.md")
	write(t, summary, "earlier step\n")

	out, _, code := invoke(t, IO{Dir: dir, Env: []string{"GITHUB_STEP_SUMMARY=" + summary}},
		"lint", "--today", "2026-11-21", "-f", "github", "-f", "json=report.json", "plans")
	if code != 2 {
		t.Errorf("exit %d, want 2 (an unreadable file)", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	kinds := map[string]int{}
	var plain []string
	for _, l := range lines {
		if m := workflowCommand.FindStringSubmatch(l); m != nil {
			kinds[m[1]]++
			continue
		}
		plain = append(plain, l)
	}
	t.Logf("annotations %v; closing lines %q", kinds, plain)
	for _, kind := range []string{"error", "warning", "notice"} {
		if kinds[kind] > render.GitHubAnnotations || kinds[kind] == 0 {
			t.Errorf("%d %s annotations, want 1 to %d", kinds[kind], kind, render.GitHubAnnotations)
		}
	}
	if !strings.HasPrefix(lines[0], "::error file=plans/plan-000150-tabs.yaml,line=3,col=1,") {
		t.Errorf("the first line is not the unreadable file's error: %q", lines[0])
	}
	if len(plain) != 2 || !strings.HasPrefix(plain[0], "plancheck: 300 plans checked, 1 unreadable") || plain[1] != lines[len(lines)-1] {
		t.Fatalf("want the totals, then the closing line, as the only lines that are not commands: %q", plain)
	}
	m := notAnnotated.FindStringSubmatch(plain[1])
	if m == nil || m[2] != "the job summary and report.json" {
		t.Fatalf("closing line %q does not say how many findings are left and where", plain[1])
	}
	r := readReport(t, filepath.Join(dir, "report.json"))
	findings := 0
	for _, p := range r.Plans {
		for _, res := range p.Results {
			if res.Status != check.NotApplicable {
				findings += len(res.Findings)
			}
		}
	}
	annotated := kinds["error"] + kinds["warning"] + kinds["notice"] - len(r.Errors)
	if left, _ := strconv.Atoi(m[1]); left != findings-annotated {
		t.Errorf("%d findings said not annotated; the report has %d, of which %d are annotated", left, findings, annotated)
	}

	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("job summary: %d bytes", len(data))
	if len(data) > render.JobSummaryBudget || len(data) >= render.JobSummaryLimit {
		t.Errorf("job summary of %d bytes, over the budget of %d", len(data), render.JobSummaryBudget)
	}
	text := string(data)
	if !strings.HasPrefix(text, "earlier step\n## plancheck: ❌ failed") {
		t.Errorf("job summary not appended:\n%.200s", text)
	}
	checkMarkdown(t, text)
	cut := cutNote.FindStringSubmatch(text)
	if cut == nil || cut[2] != strconv.Itoa(plans) {
		t.Fatalf("the summary does not say it was cut:\n%.1000s", text)
	}
	n, _ := strconv.Atoi(cut[1])
	if details := strings.Count(text, "\n### `"); n == 0 || details != plans-n {
		t.Errorf("%d plans' details kept and %d said cut, of %d", details, n, plans)
	}
	for _, p := range r.Plans {
		if !strings.Contains(text, "\n| `"+p.File+"` | ") {
			t.Errorf("%s has no row in the portfolio table", p.File)
		}
	}
	if !strings.Contains(text, "plans/plan-000150-tabs.yaml:3:1") {
		t.Error("the summary does not list the unreadable file")
	}
}

// checkMarkdown checks what GitHub needs to render a summary as meant:
// every table row has its header's number of cells, and every <details>
// is closed.
func checkMarkdown(t *testing.T, text string) {
	t.Helper()
	cells := func(row string) int {
		// A cell ends at a | that is not escaped.
		return len(regexp.MustCompile(`(^|[^\\])\|`).FindAllStringIndex(row, -1)) - 1
	}
	header := -1
	for i, line := range strings.Split(text, "\n") {
		switch {
		case !strings.HasPrefix(line, "|"):
			header = -1
		case header < 0:
			header = cells(line)
		case cells(line) != header:
			t.Errorf("line %d has %d cells, its table %d: %q", i+1, cells(line), header, line)
		}
	}
	depth := 0
	for _, tag := range regexp.MustCompile(`</?details>`).FindAllString(text, -1) {
		if tag == "<details>" {
			depth++
		} else {
			depth--
		}
		if depth < 0 || depth > 1 {
			t.Fatalf("<details> nested or closed twice")
		}
	}
	if depth != 0 {
		t.Error("a <details> is not closed")
	}
}

// TestJobSummaryCountsWhatTheStepWroteBefore: GitHub's limit is on the
// step's whole summary, so plancheck's share is what earlier commands of
// the step left.
func TestJobSummaryCountsWhatTheStepWroteBefore(t *testing.T) {
	t.Parallel()
	summary := filepath.Join(t.TempDir(), "summary.md")
	earlier := strings.Repeat("earlier step\n", (render.JobSummaryBudget-10_000)/13)
	write(t, summary, earlier)
	_, _, code := invoke(t, IO{Env: []string{"GITHUB_STEP_SUMMARY=" + summary}}, "lint", "--today", "2026-11-21", "-f", "github", "fixtures/plans")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	ours := strings.TrimPrefix(string(data), earlier)
	if len(data) > render.JobSummaryBudget || !strings.HasPrefix(ours, "## plancheck: ❌ failed") || !cutNote.MatchString(ours) {
		t.Errorf("%d bytes in all, %d of them plancheck's:\n%.600s", len(data), len(ours), ours)
	}
	checkMarkdown(t, ours)
}
