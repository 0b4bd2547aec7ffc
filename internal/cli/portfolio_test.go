package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/report"
)

// generatedPlans writes n synthetic plans, in the three syntaxes, to a
// folder plans under dir.
func generatedPlans(t *testing.T, dir string, n int) {
	t.Helper()
	opts := plangen.DefaultOptions
	opts.Syntaxes = plan.Syntaxes
	g := plangen.New(opts)
	for i := range n {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "plans", name), string(data))
	}
}

// TestPortfolioAgreesWithThePlans checks the JSON report's portfolio
// against its own plans, with a rule skipped: each rule's counts are its
// results', skipped included; the most missed come in order; and the
// text, Markdown and SARIF reports of the run say the same counts.
func TestPortfolioAgreesWithThePlans(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	paths := map[string]string{}
	args := []string{"lint", "--today", "2026-11-21", "--skip", "nao-lessons-learned"}
	for _, f := range []string{"json", "text", "markdown", "sarif"} {
		paths[f] = filepath.Join(dir, "report."+f)
		args = append(args, "-f", f+"="+paths[f])
	}
	if _, stderr, code := run(t, "", "", append(args, "fixtures/plans", "fixtures/broken/tabs.yaml")...); code != 2 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := readReport(t, paths["json"])
	p := r.Portfolio
	if p == nil || p.Plans != len(r.Plans) || p.Plans != r.Summary.Plans {
		t.Fatalf("portfolio %+v for %d plans", p, len(r.Plans))
	}
	want := map[string]*report.PortfolioRuleReport{}
	for _, plan := range r.Plans {
		for _, res := range plan.Results {
			c := want[res.ID]
			if c == nil {
				c = &report.PortfolioRuleReport{ID: res.ID}
				want[res.ID] = c
			}
			switch res.Status {
			case check.Met:
				c.Met++
			case check.Missed:
				c.Missed++
			case check.Waived:
				c.Waived++
			case check.NotApplicable:
				c.NotApplicable++
			case check.Skipped:
				c.Skipped++
			}
		}
	}
	var ids []string
	for _, rule := range p.Rules {
		ids = append(ids, rule.ID)
		w := want[rule.ID]
		if w == nil || rule.Met != w.Met || rule.Missed != w.Missed || rule.Waived != w.Waived || rule.NotApplicable != w.NotApplicable || rule.Skipped != w.Skipped {
			t.Errorf("%s: %+v, the plans count %+v", rule.ID, rule, w)
		}
	}
	if len(ids) != len(want) || !slices.IsSorted(ids) {
		t.Errorf("rules %v: want one for each of the plans' %d rules, by id", ids, len(want))
	}
	if c := want["nao-lessons-learned"]; c.Skipped != len(r.Plans) {
		t.Errorf("the skipped rule counts %d skipped of %d plans", c.Skipped, len(r.Plans))
	}
	for i := 1; i < len(p.MostMissed); i++ {
		if a, b := want[p.MostMissed[i-1]], want[p.MostMissed[i]]; a.Missed < b.Missed {
			t.Errorf("most missed: %s (%d) before %s (%d)", a.ID, a.Missed, b.ID, b.Missed)
		}
	}
	for id, c := range want {
		if listed := slices.Contains(p.MostMissed, id); listed != (c.Missed > 0) {
			t.Errorf("%s, missed by %d plans, listed among the most missed: %v", id, c.Missed, listed)
		}
	}

	sarif, err := os.ReadFile(paths["sarif"])
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Runs []struct {
			Properties struct {
				Portfolio report.PortfolioReport `json:"portfolio"`
			} `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &s); err != nil || len(s.Runs) != 1 {
		t.Fatalf("SARIF: %v", err)
	}
	if got := s.Runs[0].Properties.Portfolio; !reflect.DeepEqual(got, *p) {
		t.Errorf("the SARIF run's portfolio differs from the JSON report's:\n%+v\n%+v", got, *p)
	}
	text, _ := os.ReadFile(paths["text"])
	md, _ := os.ReadFile(paths["markdown"])
	for _, rule := range p.Rules {
		line := regexp.MustCompile(`(?m)^    ` + regexp.QuoteMeta(rule.ID) + ` +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$`).FindStringSubmatch(string(text))
		if line == nil || line[1] != strconv.Itoa(rule.Met) || line[2] != strconv.Itoa(rule.Missed) || line[5] != strconv.Itoa(rule.Skipped) {
			t.Errorf("text: %s's line %q, the JSON portfolio %+v", rule.ID, line, rule)
		}
		row := fmt.Sprintf("| `%s` %s | %d | %d | %d | %d | %d |", rule.ID, rule.Title, rule.Met, rule.Missed, rule.Waived, rule.NotApplicable, rule.Skipped)
		if !strings.Contains(string(md), row) {
			t.Errorf("Markdown: no row %q", row)
		}
	}
}

// TestPortfolioNeedsTwoPlans: a run that reads one plan (another file
// unreadable) has no portfolio in any report, and its JSON report is as
// it was before portfolios; the portfolio page, asked for, shows the one
// plan, and says so when no plan could be read.
func TestPortfolioNeedsTwoPlans(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "portfolio.html")
	out, _, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "-f", "portfolio="+page, "fixtures/plans/sparse.yaml", "fixtures/broken/tabs.yaml")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	if r := decode(t, out); r.Portfolio != nil || strings.Contains(out, `"portfolio"`) {
		t.Errorf("a run of one plan has a portfolio: %+v", r.Portfolio)
	}
	for f, mark := range map[string]string{"text": "\nportfolio: ", "markdown": "### Portfolio", "html": `class="portfolio"`, "sarif": `"portfolio":`} {
		got, _, _ := run(t, "", "", "lint", "--today", "2026-11-21", "-f", f, "fixtures/plans/sparse.yaml", "fixtures/broken/tabs.yaml")
		if strings.Contains(got, mark) {
			t.Errorf("%s: a run of one plan has a portfolio", f)
		}
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), `<td class="type">`); n != 1 || !strings.Contains(string(data), "Portfolio: 1 plan</h2>") {
		t.Errorf("the portfolio page of one plan has %d rows, or does not say it", n)
	}
	_, _, code = run(t, "", "", "lint", "--today", "2026-11-21", "-f", "portfolio="+page, "fixtures/broken/tabs.yaml")
	data, _ = os.ReadFile(page)
	if code != 2 || !strings.Contains(string(data), "No plan could be read") || !strings.Contains(string(data), "fixtures/broken/tabs.yaml:3:1") {
		t.Errorf("exit %d; the page of no plan:\n%.3000s", code, data)
	}
}
