package lint

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/resultcache"
)

// schemaCatalogue is what schemaChecker judges by.
var schemaCatalogue = check.NewCatalogue(2, []check.Rule{
	{ID: "plan-format", Kind: check.Format, Title: "Plan format", Remediation: "Fix the plan."},
	{ID: "x-named", Kind: check.Recommendation, Framework: "x", Severity: check.Must, Title: "Named", Remediation: "Name it."},
}, nil)

// schemaChecker judges plans by the plan format's own checks, which look
// for evidence files and compare dates with today, as the engine does,
// and counts its evaluations: what the cache should spare.
type schemaChecker struct{ calls atomic.Int64 }

func (c *schemaChecker) Check(_ context.Context, doc *plan.Document, run planschema.Run) (*report.Plan, error) {
	c.calls.Add(1)
	res := planschema.Check(doc, run, planschema.RuleIDs{Waivable: []string{"x-named"}, Fixed: []string{"plan-format"}})
	status := check.Met
	for i := range res.Findings {
		f := &res.Findings[i]
		pos := doc.Locate(f.Path)
		end := doc.End(pos)
		f.Line, f.Column, f.EndLine, f.EndColumn = pos.Line, pos.Column, end.Line, end.Column
		if f.Level == check.Miss {
			status = check.Missed
		}
	}
	format, _ := schemaCatalogue.Lookup("plan-format")
	named, _ := schemaCatalogue.Lookup("x-named")
	r := check.NewResult(named, check.Met, nil)
	if doc.Lookup("organisation.name") == "" {
		r = check.NewResult(named, check.Missed, []check.Finding{{Level: check.Miss, Path: "organisation.name", Message: "no name"}})
	}
	p := &report.Plan{
		File: doc.File, Format: string(doc.Syntax),
		Organisation: report.Organisation{Name: doc.Lookup("organisation.name")},
		Evidence:     report.Evidence{Checked: run.Evidence.Checked, Root: run.Evidence.Root},
		Results:      []check.Result{check.NewResult(format, status, res.Findings), r},
	}
	p.Finish(nil)
	return p, nil
}

// cachePlan cites one evidence file, beside it, and is approved after
// 2026-11-21: its findings change with the evidence and with today.
const cachePlan = `plancheck: 1
organisation: {name: Northshire ICB}
plan:
  title: Digital strategy
  period: {start: 2026-04-01, end: 2029-03-31}
  approved: {by: Board, date: 2026-11-25}
data:
  dpia: {completed: 2026-01-15, reference: docs/dpia.pdf}
`

// jsonPlan reads the same as JSON and as YAML.
const jsonPlan = `{"plancheck": 1, "organisation": {"name": "Northshire ICB"}, "data": {"dpia": {"completed": "2026-01-15", "reference": "docs/dpia.pdf"}}}`

// cacheWork is a folder of plans for the cache's tests: two plans in
// plans/, one of them without its evidence, and a file that is not one.
func cacheWork(t *testing.T) string {
	t.Helper()
	work := t.TempDir()
	files := map[string]string{
		"plans/a.yaml":        cachePlan,
		"plans/b.yaml":        strings.Replace(cachePlan, "Northshire ICB", "Southshire ICB", 1),
		"plans/docs/dpia.pdf": "%PDF",
		"plans/schema.json":   `{"$schema": "https://json-schema.org/draft/2020-12/schema"}`,
		"other/c.yaml":        strings.Replace(cachePlan, "docs/dpia.pdf", "docs/missing.pdf", 1),
		"evidence/docs/x.pdf": "%PDF",
	}
	for name, text := range files {
		p := filepath.Join(work, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return work
}

// outcome is what a run gave: its plans, skipped files and errors.
type outcome struct {
	Plans   []*report.Plan
	Skipped []report.SkippedFile
	Errors  []report.FileError
}

// runWith runs c over opts and returns what it gave.
func runWith(t *testing.T, c Checker, opts Options) outcome {
	t.Helper()
	var o outcome
	res, err := Run(context.Background(), c, opts, func(p *report.Plan) error {
		o.Plans = append(o.Plans, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	o.Skipped, o.Errors = res.Skipped, res.Errors
	return o
}

// same fails unless two runs gave deeply equal results, fields the JSON
// report leaves out (positions' ends, rule kinds) included.
func same(t *testing.T, what string, got, want outcome) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s: the cached run differs from a run without the cache:\n%s\nwant\n%s", what, g, w)
	}
}

func newCache(dir string) *resultcache.Cache {
	return &resultcache.Cache{Store: cache.Open(dir, 0), Build: "test build", Policies: "test policies", Catalogue: schemaCatalogue}
}

// TestCacheSkipsUnchangedPlans runs twice over the same plans: the second
// run evaluates nothing and reports exactly what a run without the cache
// reports; a copy of a plan under another name in the same folder is a
// hit reported under its own name.
func TestCacheSkipsUnchangedPlans(t *testing.T) {
	t.Parallel()
	work := cacheWork(t)
	opts := Options{Dir: work, Paths: []string{"plans", "other"}, Today: "2026-11-21"}
	want := runWith(t, &schemaChecker{}, opts)
	if len(want.Plans) != 3 || len(want.Skipped) != 1 {
		t.Fatalf("the run gave %d plans and %d skipped files", len(want.Plans), len(want.Skipped))
	}
	opts.Cache = newCache(t.TempDir())
	c := &schemaChecker{}
	same(t, "cold", runWith(t, c, opts), want)
	if n := c.calls.Load(); n != 3 {
		t.Fatalf("a cold run evaluated %d plans, want 3", n)
	}
	same(t, "warm", runWith(t, c, opts), want)
	if n := c.calls.Load(); n != 3 {
		t.Errorf("a warm run evaluated %d plans, want none", n-3)
	}
	if err := opts.Cache.Store.Err(); err != nil {
		t.Error(err)
	}

	data, err := os.ReadFile(filepath.Join(work, "plans/a.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "plans/copy.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	got := runWith(t, c, opts)
	opts.Cache = nil
	same(t, "a copy", got, runWith(t, &schemaChecker{}, opts))
	if n := c.calls.Load(); n != 3 {
		t.Errorf("a copy of a plan in its folder was evaluated")
	}
}

// TestCacheKeyParts changes each thing a plan's results depend on, in
// turn, after a run has filled the cache: each change evaluates the plan
// again and reports what a run without the cache reports; a change of
// selection evaluates nothing, and still reports the new selection.
func TestCacheKeyParts(t *testing.T) {
	t.Parallel()
	base := Options{Paths: []string{"plans/a.yaml"}, Today: "2026-11-21"}
	sel, err := check.Select(schemaCatalogue, nil, []string{"x-named"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(t *testing.T, work string, opts *Options, c *resultcache.Cache)
		// evaluations is how many the run after the change makes.
		evaluations int64
	}{
		{"the plan's bytes", func(t *testing.T, work string, _ *Options, _ *resultcache.Cache) {
			writeFile(t, filepath.Join(work, "plans/a.yaml"), strings.Replace(cachePlan, "Digital strategy", "Digital strategy 2", 1))
		}, 1},
		{"today", func(_ *testing.T, _ string, opts *Options, _ *resultcache.Cache) { opts.Today = "2026-11-26" }, 1},
		{"the policies", func(_ *testing.T, _ string, _ *Options, c *resultcache.Cache) { c.Policies = "other policies" }, 1},
		{"plancheck's build", func(_ *testing.T, _ string, _ *Options, c *resultcache.Cache) { c.Build = "another build" }, 1},
		{"an evidence file gone", func(t *testing.T, work string, _ *Options, _ *resultcache.Cache) {
			if err := os.Remove(filepath.Join(work, "plans/docs/dpia.pdf")); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"an evidence file replaced by a folder", func(t *testing.T, work string, _ *Options, _ *resultcache.Cache) {
			p := filepath.Join(work, "plans/docs/dpia.pdf")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"the evidence root", func(_ *testing.T, _ string, opts *Options, _ *resultcache.Cache) { opts.EvidenceRoot = "evidence" }, 1},
		{"no evidence check", func(_ *testing.T, _ string, opts *Options, _ *resultcache.Cache) { opts.NoEvidenceCheck = true }, 1},
		{"the plan moved to another folder", func(t *testing.T, work string, opts *Options, _ *resultcache.Cache) {
			if err := os.Rename(filepath.Join(work, "plans/a.yaml"), filepath.Join(work, "plans/docs/a.yaml")); err != nil {
				t.Fatal(err)
			}
			opts.Paths = []string{"plans/docs/a.yaml"}
		}, 1},
		{"the input format named as the extension says", func(_ *testing.T, _ string, opts *Options, _ *resultcache.Cache) { opts.Syntax = plan.YAML }, 0},
		{"the input format", func(t *testing.T, work string, opts *Options, _ *resultcache.Cache) {
			// JSON is YAML too: the same bytes read either way.
			writeFile(t, filepath.Join(work, "plans/a.yaml"), jsonPlan)
			runWith(t, &schemaChecker{}, *opts)
			opts.Syntax = plan.JSON
		}, 1},
		{"a limit", func(_ *testing.T, _ string, opts *Options, _ *resultcache.Cache) { opts.Limits.MaxNodes = 1000 }, 1},
		{"the selection", func(_ *testing.T, _ string, opts *Options, _ *resultcache.Cache) { opts.Selection = sel }, 0},
		// The same bytes, looking for evidence in the same folder: the
		// same results, named as standard input.
		{"the plan read from standard input", func(t *testing.T, work string, opts *Options, _ *resultcache.Cache) {
			opts.Paths, opts.Stdin, opts.EvidenceRoot = []string{Stdin}, strings.NewReader(cachePlan), "plans"
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			work := cacheWork(t)
			opts := base
			opts.Dir = work
			opts.Cache = newCache(t.TempDir())
			c := &schemaChecker{}
			runWith(t, c, opts)
			runWith(t, c, opts)
			if n := c.calls.Load(); n != 1 {
				t.Fatalf("filling the cache took %d evaluations, want 1", n)
			}
			tc.change(t, work, &opts, opts.Cache)
			got := runWith(t, c, opts)
			if n := c.calls.Load() - 1; n != tc.evaluations {
				t.Errorf("after changing %s: %d evaluations, want %d", tc.name, n, tc.evaluations)
			}
			uncached := opts
			uncached.Cache = nil
			if opts.Stdin != nil {
				uncached.Stdin = strings.NewReader(cachePlan)
			}
			same(t, tc.name, got, runWith(t, &schemaChecker{}, uncached))
			// And the run after is a hit.
			if opts.Stdin != nil {
				opts.Stdin = strings.NewReader(cachePlan)
			}
			runWith(t, c, opts)
			if n := c.calls.Load() - 1; n != tc.evaluations {
				t.Errorf("the run after the change evaluated again")
			}
		})
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedEntriesAreCheckedAgain damages every entry of a filled
// cache, each in its own way: the next run evaluates every plan again and
// reports what a run without the cache reports, and rewrites the entries,
// so that the run after is all hits.
func TestDamagedEntriesAreCheckedAgain(t *testing.T) {
	t.Parallel()
	work := cacheWork(t)
	dir := t.TempDir()
	opts := Options{Dir: work, Paths: []string{"plans", "other"}, Today: "2026-11-21", Cache: newCache(dir)}
	c := &schemaChecker{}
	want := runWith(t, c, opts)
	entries, err := filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if err != nil || len(entries) != 4 {
		t.Fatalf("%d entries, want 4 (3 plans and a file that is not one): %v", len(entries), err)
	}
	damage := []func(p string) error{
		func(p string) error { return os.Truncate(p, 50) },
		func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[len(b)/2] ^= 1
			return os.WriteFile(p, b, 0o600)
		},
		func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o700)
		},
		// Another entry's file in its place: whole, but for another key.
		func(p string) error {
			other := entries[0]
			if p == other {
				other = entries[1]
			}
			b, err := os.ReadFile(other)
			if err != nil {
				return err
			}
			return os.WriteFile(p, b, 0o600)
		},
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if err := damage[i](entries[i]); err != nil {
			t.Fatal(err)
		}
	}
	same(t, "after the damage", runWith(t, c, opts), want)
	if n := c.calls.Load(); n != 6 {
		t.Errorf("after the damage, %d plans were evaluated again, want 3", n-3)
	}
	same(t, "after the rewrite", runWith(t, c, opts), want)
	if n := c.calls.Load(); n != 6 {
		t.Errorf("the damaged entries were not written again: %d evaluations more", n-6)
	}
}

// TestRunsShareACache runs several runs at once on one cache folder, cold
// and then warm: each reports what a run without the cache reports. Run it
// with -race.
func TestRunsShareACache(t *testing.T) {
	t.Parallel()
	work := cacheWork(t)
	for i := range 20 {
		writeFile(t, filepath.Join(work, "plans", "many", string(rune('a'+i))+".yaml"), strings.Replace(cachePlan, "Northshire", "Shire "+string(rune('A'+i)), 1))
	}
	opts := Options{Dir: work, Paths: []string{"plans"}, Today: "2026-11-21", Workers: 3}
	want := runWith(t, &schemaChecker{}, opts)
	dir := t.TempDir()
	var wg sync.WaitGroup
	for r := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := opts
			o.Cache = newCache(dir)
			for round := range 2 {
				var got outcome
				res, err := Run(context.Background(), &schemaChecker{}, o, func(p *report.Plan) error {
					got.Plans = append(got.Plans, p)
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
				got.Skipped, got.Errors = res.Skipped, res.Errors
				if !reflect.DeepEqual(got, want) {
					t.Errorf("run %d, round %d: results differ from a run without the cache", r, round)
				}
			}
		}()
	}
	wg.Wait()
}

// TestUnwritableCache: a cache folder that cannot be written gives the
// right results, evaluating every plan, and an error kept for a warning.
func TestUnwritableCache(t *testing.T) {
	t.Parallel()
	work := cacheWork(t)
	file := filepath.Join(t.TempDir(), "not-a-folder")
	writeFile(t, file, "")
	opts := Options{Dir: work, Paths: []string{"plans", "other"}, Today: "2026-11-21"}
	want := runWith(t, &schemaChecker{}, opts)
	opts.Cache = newCache(file)
	c := &schemaChecker{}
	same(t, "first run", runWith(t, c, opts), want)
	same(t, "second run", runWith(t, c, opts), want)
	if n := c.calls.Load(); n != 6 {
		t.Errorf("%d evaluations, want 6", n)
	}
	if opts.Cache.Store.Err() == nil {
		t.Error("no error kept for a cache that cannot be written")
	}
}

// A limit that a plan breaks is a load error, never a cached result.
func TestLoadErrorsAreNotCached(t *testing.T) {
	t.Parallel()
	work := cacheWork(t)
	opts := Options{Dir: work, Paths: []string{"plans/a.yaml"}, Today: "2026-11-21", Cache: newCache(t.TempDir()), Limits: loader.Limits{MaxNodes: 3}}
	for range 2 {
		got := runWith(t, &schemaChecker{}, opts)
		if len(got.Plans) != 0 || len(got.Errors) != 1 || !strings.Contains(got.Errors[0].Message, "more than 3 values") {
			t.Errorf("%+v", got)
		}
	}
}
