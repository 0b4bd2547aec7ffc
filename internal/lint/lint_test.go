package lint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
)

// checker stands in for the engine: each plan meets one rule and misses
// another, and it takes longer on some plans than on others, so that
// workers finish out of order.
type checker struct {
	slow  func(doc *plan.Document) time.Duration
	calls atomic.Int64
	// runs records what each plan was checked against, by file.
	runs sync.Map
}

func (c *checker) Check(ctx context.Context, doc *plan.Document, run planschema.Run) (*report.Plan, error) {
	c.calls.Add(1)
	c.runs.Store(doc.File, run)
	if c.slow != nil {
		select {
		case <-time.After(c.slow(doc)):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	p := &report.Plan{File: doc.File, Format: string(doc.Syntax), Organisation: report.Organisation{Name: doc.Lookup("organisation.name")}, Results: []check.Result{
		{ID: "x-met", Status: check.Met, Severity: check.Must},
		{ID: "x-missed", Status: check.Missed, Severity: check.Must},
	}}
	p.Finish(nil)
	return p, nil
}

// TestPlansComeInFileOrder checks many files on many workers, the early
// ones slowest: reports come in sorted file order, unreadable files are
// listed, nothing is lost.
func TestPlansComeInFileOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	want := 0
	for i := range 60 {
		name := filepath.Join(dir, fmt.Sprintf("plan-%03d.yaml", i))
		data := fmt.Sprintf("plancheck: 1\norganisation: {name: org %d}\n", i)
		if i%7 == 3 {
			data = "plancheck: 1\n\tbroken: tab\n"
		} else {
			want++
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := &checker{slow: func(doc *plan.Document) time.Duration {
		if strings.HasSuffix(doc.File, "0.yaml") {
			return 20 * time.Millisecond
		}
		return 0
	}}
	var got []string
	res, err := Run(context.Background(), c, Options{Paths: []string{dir}, Today: "2026-11-21", Workers: 8}, func(p *report.Plan) error {
		if p.Organisation.Name == "" || len(p.Results) != 2 {
			t.Errorf("%s: %+v", p.File, p)
		}
		got = append(got, p.File)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	errs := res.Errors
	if len(got) != want || len(errs) != 60-want {
		t.Fatalf("%d plans and %d errors, want %d and %d", len(got), len(errs), want, 60-want)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1] >= got[i] {
			t.Fatalf("out of order: %s before %s", got[i-1], got[i])
		}
	}
	for _, e := range errs {
		if e.Line != 2 || !strings.Contains(e.Message, "tab character") {
			t.Errorf("error %+v", e)
		}
	}
}

// TestSelectionRecordsTheRulesLeftOut: a rule the selection leaves out is
// a skipped result, not counted in the score.
func TestSelectionRecordsTheRulesLeftOut(t *testing.T) {
	t.Parallel()
	cat := check.NewCatalogue(1, []check.Rule{{ID: "x-met"}, {ID: "x-missed"}}, nil)
	sel, err := check.Select(cat, []string{"x-missed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), &checker{}, Options{Paths: []string{"../../fixtures/plans/sparse.yaml"}, Selection: sel}, func(p *report.Plan) error {
		if len(p.Results) != 2 || p.Results[0].Status != check.Skipped || p.Results[1].ID != "x-missed" || p.Score != (report.Score{Applicable: 1}) {
			t.Errorf("results %+v, score %+v", p.Results, p.Score)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEmitErrorStopsTheRun(t *testing.T) {
	t.Parallel()
	stop := errors.New("disk full")
	n := 0
	_, err := Run(context.Background(), &checker{}, Options{Paths: []string{"../../fixtures/plans"}, Today: "2026-11-21"}, func(*report.Plan) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err %v after %d plans", err, n)
	}
	if _, err := Run(context.Background(), &checker{}, Options{}, nil); err != ErrNoPlans {
		t.Errorf("no paths: %v", err)
	}
}

// TestSlowPlanIsItsOwnError gives one plan more than the deadline: it is
// an error of its own, and the others are reported.
func TestSlowPlanIsItsOwnError(t *testing.T) {
	t.Parallel()
	c := &checker{slow: func(doc *plan.Document) time.Duration {
		if strings.Contains(doc.File, "sparse") {
			return time.Minute
		}
		return 0
	}}
	var got []string
	res, err := Run(context.Background(), c, Options{Paths: []string{"../../fixtures/plans"}, Timeout: 2 * time.Second}, func(p *report.Plan) error {
		got = append(got, filepath.Base(p.File))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	errs := res.Errors
	if len(errs) != 1 || !strings.HasSuffix(errs[0].File, "sparse.yaml") || !strings.Contains(errs[0].Message, "took longer than 2s") {
		t.Errorf("errors %+v", errs)
	}
	if len(got) == 0 || strings.Contains(strings.Join(got, " "), "sparse") {
		t.Errorf("plans %v", got)
	}
}

// TestEvidenceIsLookedForBesideEachPlan checks where each plan's evidence
// files are looked for: beside the plan, named as the user named it; in
// --evidence-root instead when it is given, for standard input too; and
// nowhere with --no-evidence-check. Names are taken from the run's folder,
// not the process's.
func TestEvidenceIsLookedForBesideEachPlan(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	for _, f := range []string{"plans/q3/a.yaml", "plans/q3/docs/ehia.pdf", "evidence/dpia.pdf"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, f), []byte("plancheck: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runs := func(opts Options) map[string]planschema.Run {
		t.Helper()
		c := &checker{}
		opts.Dir, opts.Paths, opts.Stdin = work, []string{"plans", Stdin}, strings.NewReader("plancheck: 1\n")
		if _, err := Run(context.Background(), c, opts, func(*report.Plan) error { return nil }); err != nil {
			t.Fatal(err)
		}
		out := map[string]planschema.Run{}
		c.runs.Range(func(k, v any) bool { out[k.(string)] = v.(planschema.Run); return true })
		if len(out) != 2 {
			t.Fatalf("%d plans checked, want the file and standard input", len(out))
		}
		return out
	}
	where := func(r planschema.Run) string {
		if !r.Evidence.Checked {
			return "not checked"
		}
		return r.Evidence.Root
	}

	got := runs(Options{})
	file, stdin := got["plans/q3/a.yaml"], got[StdinName]
	if where(file) != "plans/q3" || where(stdin) != "not checked" {
		t.Errorf("by default: the plan's evidence in %q, standard input's %q", where(file), where(stdin))
	}
	exists := file.Evidence.Exists
	abs := filepath.ToSlash(filepath.Join(work, "evidence/dpia.pdf"))
	for name, want := range map[string]bool{
		"plans/q3/docs/ehia.pdf": true,
		"plans/q3/docs/dpia.pdf": false,
		"plans/q3/docs":          false, // a folder is not a file
		abs:                      true,
		"C:/evidence/dpia.pdf":   false,
	} {
		if exists(name) != want {
			t.Errorf("exists(%q) = %v, want %v", name, !want, want)
		}
	}

	got = runs(Options{EvidenceRoot: "evidence/"})
	if where(got["plans/q3/a.yaml"]) != "evidence" || where(got[StdinName]) != "evidence" {
		t.Errorf("with an evidence root: %q and %q", where(got["plans/q3/a.yaml"]), where(got[StdinName]))
	}
	got = runs(Options{EvidenceRoot: "evidence", NoEvidenceCheck: true})
	if where(got["plans/q3/a.yaml"]) != "not checked" || where(got[StdinName]) != "not checked" {
		t.Errorf("with no evidence check: %q and %q", where(got["plans/q3/a.yaml"]), where(got[StdinName]))
	}
}

// TestFilesThatAreNotPlansAreSkipped puts a JSON Schema and a plancheck
// report among plans: each is skipped with why, never read as a plan.
func TestFilesThatAreNotPlansAreSkipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"plan.yaml":              "plancheck: 1\norganisation: {name: O}\n",
		"plancheck.schema.json":  `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`,
		"old-schema.json":        `{"$schema": "http://json-schema.org/draft-07/schema#"}`,
		"report.json":            `{"report_version": 2, "tool": {"name": "plancheck", "version": "0.1.0"}}`,
		"other-tool-report.json": `{"report_version": 2, "tool": {"name": "elsewhere"}}`,
		"baseline.json":          `{"baseline_version": 1, "tool": {"name": "plancheck", "version": "0.1.0"}}`,
		"diff.json":              `{"diff_version": 1, "tool": {"name": "plancheck", "version": "0.1.0"}}`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	res, err := Run(context.Background(), &checker{}, Options{Paths: []string{dir}}, func(p *report.Plan) error {
		got = append(got, filepath.Base(p.File))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "other-tool-report.json plan.yaml" {
		t.Errorf("plans %v", got)
	}
	var skipped []string
	for _, f := range res.Skipped {
		skipped = append(skipped, filepath.Base(f.File)+": "+f.Reason)
	}
	want := "baseline.json: a plancheck baseline file, not a plan;diff.json: a plancheck diff, not a plan;old-schema.json: a JSON Schema, not a plan;plancheck.schema.json: a JSON Schema, not a plan;report.json: a plancheck report, not a plan"
	if strings.Join(skipped, ";") != want || len(res.Errors) != 0 {
		t.Errorf("skipped %v, errors %v", skipped, res.Errors)
	}
}

// TestParsingCountsAgainstTheDeadline: a plan that takes long to parse is
// an error of its own, as one that takes long to check is; the checker
// here never looks at the deadline, so only the parse can make it late.
func TestParsingCountsAgainstTheDeadline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("plancheck: 1\norganisation: {name: Big}\nrisks:\n")
	for i := range 40000 {
		fmt.Fprintf(&b, "  - {description: risk %d, owner: CDIO}\n", i)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), &checker{}, Options{Paths: []string{dir}, Timeout: time.Millisecond, Limits: loader.Limits{MaxNodes: 1 << 20}}, func(*report.Plan) error {
		t.Error("the big plan was reported: its parse did not count against the deadline")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "took longer than 1ms") {
		t.Errorf("errors %+v", res.Errors)
	}
}

// TestCheckReaderIsCheckedAsStandardInput checks plans handed over as
// bytes, as a service is sent them: named as the caller says, read in the
// syntax given, evidence looked for only under an evidence root, broken
// and non-plan input reported as a run reports them.
func TestCheckReaderIsCheckedAsStandardInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &checker{}
	p, skip, fe := CheckReader(ctx, c, Options{Syntax: plan.JSON, Today: "2026-11-21"}, "upload.json", strings.NewReader(`{"plancheck": 1, "organisation": {"name": "O"}}`))
	if p == nil || skip != nil || fe != nil {
		t.Fatalf("a plan: %+v %+v %+v", p, skip, fe)
	}
	if p.File != "upload.json" || p.Format != "json" || p.Organisation.Name != "O" {
		t.Errorf("report: %+v", p)
	}
	run, _ := c.runs.Load("upload.json")
	if r := run.(planschema.Run); r.Evidence.Checked || r.Today != "2026-11-21" {
		t.Errorf("without an evidence root: %+v", r)
	}

	dir := t.TempDir()
	if _, _, fe := CheckReader(ctx, c, Options{Dir: dir, EvidenceRoot: "evidence"}, "rooted.yaml", strings.NewReader("plancheck: 1\n")); fe != nil {
		t.Fatal(fe)
	}
	run, _ = c.runs.Load("rooted.yaml")
	if r := run.(planschema.Run); !r.Evidence.Checked || r.Evidence.Root != "evidence" {
		t.Errorf("with an evidence root: %+v", r.Evidence)
	}

	_, _, fe = CheckReader(ctx, c, Options{}, "broken.yaml", strings.NewReader("plancheck: 1\n\tbroken: tab\n"))
	if fe == nil || fe.File != "broken.yaml" || fe.Line != 2 {
		t.Errorf("a broken plan: %+v", fe)
	}
	_, skip, _ = CheckReader(ctx, c, Options{Syntax: plan.JSON}, "s.json", strings.NewReader(`{"$schema": "https://json-schema.org/draft/2020-12/schema"}`))
	if skip == nil || skip.File != "s.json" {
		t.Errorf("a JSON Schema: %+v", skip)
	}
	_, _, fe = CheckReader(ctx, c, Options{Limits: loader.Limits{MaxFileSize: 8}}, "big.yaml", strings.NewReader("plancheck: 1\n"))
	if fe == nil || !strings.Contains(fe.Message, "larger than the limit") {
		t.Errorf("over the size limit: %+v", fe)
	}
}
