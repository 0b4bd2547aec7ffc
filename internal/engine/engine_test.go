package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
)

const today = "2026-11-21"

// onToday checks plans on today, without looking for their evidence files.
var onToday = planschema.Run{Today: today}

// engines compiles the built-in catalogue once for the whole test binary.
var engines Cache

func newEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	e, err := engines.Get(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// scored counts the catalogue's rules that count in a score.
func scored(e *Engine) int {
	n := 0
	for _, r := range e.Catalogue().Rules {
		if r.Scored() {
			n++
		}
	}
	return n
}

func checkFile(t testing.TB, e *Engine, file string) *report.Plan {
	t.Helper()
	doc, err := loader.Loader{}.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Check(context.Background(), doc, onToday)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func result(t *testing.T, p *report.Plan, id string) check.Result {
	t.Helper()
	for _, r := range p.Results {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("%s: no result %s", p.File, id)
	return check.Result{}
}

// verdicts renders a plan's results without positions.
func verdicts(p *report.Plan) string {
	var b strings.Builder
	for _, r := range p.Results {
		fmt.Fprintf(&b, "%s %s\n", r.ID, r.Status)
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "  %s %s %s\n", f.Level, f.Path, f.Message)
		}
	}
	return b.String()
}

// TestExamplePlanMeetsEveryRecommendationWithOneAdvice checks the plan
// format's example: every rule met, and one piece of advice, that its
// waiver for a recommendation it meets is not needed.
func TestExamplePlanMeetsEveryRecommendationWithOneAdvice(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	p := checkFile(t, e, "../../fixtures/plans/northshire.yaml")
	if len(p.Results) != len(e.Catalogue().Rules) {
		t.Fatalf("%d results, want one per rule (%d)", len(p.Results), len(e.Catalogue().Rules))
	}
	var advice []string
	for _, r := range p.Results {
		if r.Status != check.Met {
			t.Errorf("%s is %s: %v", r.ID, r.Status, r.Findings)
		}
		for _, f := range r.Findings {
			advice = append(advice, r.ID+" "+string(f.Level)+" "+f.Path+": "+f.Message)
		}
	}
	if want := "wg-spend-reprioritised advice waivers[0]: the waiver for wg-spend-reprioritised is not needed: the recommendation is met"; strings.Join(advice, ";") != want {
		t.Errorf("findings: %v, want %s", advice, want)
	}
	if n := scored(e); p.Score != (report.Score{Met: n, Applicable: n, Percent: 100}) {
		t.Errorf("score %+v, want all %d met", p.Score, n)
	}
	want := report.Plan{
		Organisation: report.Organisation{Name: "Northshire Integrated Care Board", Code: "QXX", Type: "icb"},
		Plan: report.Facts{
			Title:    "Northshire Digital Strategy 2026-2029",
			Period:   &report.Period{Start: "2026-04-01", End: "2029-03-31"},
			Approved: &report.Approval{By: "ICB Board", Date: "2026-03-12"},
		},
	}
	if p.Organisation != want.Organisation || p.Plan.Title != want.Plan.Title || *p.Plan.Period != *want.Plan.Period ||
		*p.Plan.Approved != *want.Plan.Approved || p.Format != "yaml" {
		t.Errorf("plan facts %+v %+v %q", p.Organisation, p.Plan, p.Format)
	}
}

// TestFormatsGiveTheSameVerdictsAndTheirOwnLines checks the same plan
// written in YAML, JSON and TOML: the same verdicts, and the advice about
// its waiver at the line where each file starts that waiver.
func TestFormatsGiveTheSameVerdictsAndTheirOwnLines(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	starts := map[string]string{"yaml": "- recommendation: wg-spend-reprioritised", "json": "{", "toml": "[[waivers]]"}
	var first string
	for _, format := range []string{"yaml", "json", "toml"} {
		file := "../../fixtures/plans/northshire." + format
		p := checkFile(t, e, file)
		v := verdicts(p)
		if first == "" {
			first = v
		} else if v != first {
			t.Errorf("%s verdicts differ from yaml:\n%s\nvs\n%s", format, v, first)
		}
		f := result(t, p, "wg-spend-reprioritised").Findings[0]
		lines := strings.Split(readFile(t, file), "\n")
		want := 0
		for i, line := range lines {
			if strings.Contains(line, "wg-spend-reprioritised") {
				// The waiver starts at or just above its recommendation.
				for j := i; j >= 0 && want == 0; j-- {
					if strings.Contains(lines[j], starts[format]) {
						want = j + 1
					}
				}
				break
			}
		}
		if f.Line != want || f.Line == 0 {
			t.Errorf("%s: advice at line %d, but the waiver starts on line %d", format, f.Line, want)
		}
	}
}

func TestWaivers(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	p := checkFile(t, e, "../../fixtures/plans/waivers.yaml")
	spend := result(t, p, "wg-spend-reprioritised")
	if spend.Status != check.Waived || spend.Waiver == nil || spend.Waiver.Expires != "2027-03-31" || spend.Waiver.ApprovedBy != "Trust Board, minute 26/14" {
		t.Errorf("valid waiver: %+v %+v", spend.Status, spend.Waiver)
	}
	if len(spend.Findings) == 0 {
		t.Error("a waived result keeps its findings")
	}
	// An expired waiver waives nothing, and is advice on the rule it names.
	legacy := result(t, p, "nao-legacy-systems")
	if legacy.Status != check.Missed {
		t.Errorf("an expired waiver must not waive: %s", legacy.Status)
	}
	expired := false
	for _, f := range legacy.Findings {
		expired = expired || (f.Level == check.Advice && f.Path == "waivers[1].expires" && strings.Contains(f.Message, "expired on 2026-09-30"))
	}
	if !expired {
		t.Errorf("no advice about the expired waiver: %+v", legacy.Findings)
	}
	if r := result(t, p, "nao-interoperability"); r.Status != check.Missed || r.Waiver != nil {
		t.Errorf("a waiver without a reason must not waive: %s", r.Status)
	}
	// The incomplete waivers are misses of plan-format, one each, at what
	// they lack. (An expired waiver is the policies' business.)
	pf := result(t, p, "plan-format")
	var paths []string
	for _, f := range pf.Findings {
		if strings.Contains(f.Message, "is incomplete") {
			paths = append(paths, fmt.Sprintf("%s %s %d", f.Level, f.Path, f.Line))
		}
	}
	want := "miss waivers[2].recommendation 92;miss waivers[3].reason 96"
	if pf.Status != check.Missed || strings.Join(paths, ";") != want {
		t.Errorf("plan-format %s %v, want %s", pf.Status, paths, want)
	}
	// A waived result counts as applicable but not met; one that is not
	// applicable does not count at all.
	met, applicable := 0, 0
	for _, r := range p.Results {
		switch {
		case !r.Scored():
		case r.Status == check.Met:
			met++
			applicable++
		case r.Status == check.Waived || r.Status == check.Missed:
			applicable++
		}
	}
	if p.Score.Met != met || p.Score.Applicable != applicable || applicable != scored(e)-1 {
		t.Errorf("score %+v, want %d of %d (one rule not applicable)", p.Score, met, applicable)
	}
}

func TestSelectionRecordsTheRulesLeftOut(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	statuses := func(only, skip []string) map[string]check.Status {
		sel, err := check.Select(e.Catalogue(), only, skip)
		if err != nil {
			t.Fatal(err)
		}
		p := checkFile(t, e, "../../fixtures/plans/sparse.yaml")
		p.Finish(sel.Includes)
		out := map[string]check.Status{}
		for _, r := range p.Results {
			out[r.ID] = r.Status
			if r.Status == check.Skipped && (len(r.Findings) != 0 || r.Waiver != nil) {
				t.Errorf("%s is skipped but keeps findings", r.ID)
			}
		}
		if len(out) != len(e.Catalogue().Rules) {
			t.Errorf("%d results of %d rules: a skipped rule keeps its result", len(out), len(e.Catalogue().Rules))
		}
		return out
	}
	reported := func(s map[string]check.Status) string {
		var ids []string
		for id, st := range s {
			if st != check.Skipped {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		return strings.Join(ids, " ")
	}
	if got := reported(statuses([]string{"wg-data-trust", "nao-interoperability"}, nil)); got != "nao-interoperability plan-format wg-data-trust" {
		t.Errorf("only ids: %s", got)
	}
	if got := reported(statuses([]string{"nao"}, []string{"nao-legacy-systems"})); strings.Contains(got, "wg-") || strings.Contains(got, "legacy") || !strings.Contains(got, "plan-format") || !strings.Contains(got, "nao-funding-understood") {
		t.Errorf("only a framework, skip an id: %s", got)
	}
}

func TestConcurrentChecksAgree(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	files := []string{"northshire.yaml", "northshire.json", "northshire.toml", "sparse.yaml", "waivers.yaml"}
	want := map[string]string{}
	for _, f := range files {
		want[f] = verdicts(checkFile(t, e, "../../fixtures/plans/"+f))
	}
	var wg sync.WaitGroup
	for i := range 40 {
		f := files[i%len(files)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := verdicts(checkFile(t, e, "../../fixtures/plans/"+f)); got != want[f] {
				t.Errorf("%s: verdicts differ when checked concurrently", f)
			}
		}()
	}
	wg.Wait()
}

func TestPlanFormatCountsButNotInScore(t *testing.T) {
	t.Parallel()
	p := checkFile(t, newEngine(t, Options{}), "../../fixtures/plans/sparse.yaml")
	pf := result(t, p, "plan-format")
	if pf.Status != check.Missed || pf.Kind != check.Format {
		t.Fatalf("plan-format %s, kind %s", pf.Status, pf.Kind)
	}
	// nao-foundations-first is not applicable to the sparse plan.
	if want := scored(newEngine(t, Options{})) - 1; p.Score.Applicable != want {
		t.Errorf("applicable %d, want %d: plan-format and not-applicable results must not count", p.Score.Applicable, want)
	}
}

// TestFindingsAboutAMisspeltKeyPointAtIt checks the example plan with its
// governance section misspelt: the recommendations that read governance
// find nothing there, and say so at the misspelt key, with a note that
// names it; plan-format misses the misspelt key itself; findings about
// other keys keep their places.
func TestFindingsAboutAMisspeltKeyPointAtIt(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	text := readFile(t, "../../fixtures/plans/northshire.yaml")
	line := 1 + strings.Count(text[:strings.Index(text, "\ngovernance:")+1], "\n")
	text = strings.Replace(text, "\ngovernance:", "\ngoverance:", 1)
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Check(context.Background(), doc, onToday)
	if err != nil {
		t.Fatal(err)
	}
	note := fmt.Sprintf(" (the plan has `goverance` at line %d: did you mean `governance`?)", line)
	owner := result(t, p, "wg-accountable-owner")
	if owner.Status != check.Missed || len(owner.Findings) == 0 {
		t.Fatalf("wg-accountable-owner %s %v", owner.Status, owner.Findings)
	}
	for _, r := range p.Results {
		for _, f := range r.Findings {
			through := f.Path == "governance" || strings.HasPrefix(f.Path, "governance.")
			placed := f.Line == line && f.Column == 1 && strings.HasSuffix(f.Message, note)
			if through != placed {
				t.Errorf("%s %s at %d:%d: %q", r.ID, f.Path, f.Line, f.Column, f.Message)
			}
			// A finding ends where what it points at ends: the misspelt
			// key, or the key or item at its place.
			if placed && (f.EndLine != line || f.EndColumn != 1+len("goverance")) || f.EndLine != f.Line || f.EndColumn <= f.Column {
				t.Errorf("%s %s at %d:%d ends at %d:%d", r.ID, f.Path, f.Line, f.Column, f.EndLine, f.EndColumn)
			}
		}
	}
	pf := result(t, p, "plan-format")
	want := "unknown key `goverance` (did you mean `governance`? nothing under it is read)"
	if pf.Status != check.Missed || len(pf.Findings) != 1 || pf.Findings[0].Path != "goverance" || pf.Findings[0].Message != want || pf.Findings[0].Line != line {
		t.Errorf("plan-format %s %+v", pf.Status, pf.Findings)
	}
	if spend := result(t, p, "wg-spend-reprioritised").Findings; len(spend) != 1 || spend[0].Line == line || strings.Contains(spend[0].Message, "goverance") {
		t.Errorf("a finding about another key moved: %+v", spend)
	}
}
