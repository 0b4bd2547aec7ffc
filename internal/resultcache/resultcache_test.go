package resultcache

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
)

var engines engine.Cache

func builtin(t testing.TB) *engine.Engine {
	t.Helper()
	e, err := engines.Get(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// checked parses and checks a plan with the real engine, evidence looked
// for beside the fixtures, and returns its report as the cache keeps it.
func checked(t testing.TB, e *engine.Engine, name string, data []byte, syntax plan.Syntax) Outcome {
	t.Helper()
	doc, err := loader.Loader{Syntax: syntax}.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	rec := Record(func(n string) bool { _, err := os.Stat(filepath.Join("../..", n)); return err == nil })
	p, err := e.Check(context.Background(), doc, planschema.Run{Today: "2026-11-21", Evidence: planschema.Evidence{Checked: true, Root: "fixtures/plans", Exists: rec.Exists}})
	if err != nil {
		t.Fatal(err)
	}
	p.File = ""
	return Outcome{Plan: p, Evidence: rec.Looked()}
}

// plans are the fixtures and some generated plans, with their syntax.
func plans(t testing.TB, generated int) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	files, err := filepath.Glob("../../fixtures/plans/*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	g := plangen.New(plangen.Options{Seed: 7, Gaps: 0.2, Errors: 0.1, Syntaxes: []plan.Syntax{plan.YAML, plan.JSON, plan.TOML}})
	for i := range generated {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = data
	}
	return out
}

// TestOutcomesComeBackAsTheyWent encodes the reports of the fixtures and
// of generated plans, with many gaps and errors, and decodes them: each
// is deeply equal to what the engine gave, every field the writers read
// included.
func TestOutcomesComeBackAsTheyWent(t *testing.T) {
	t.Parallel()
	e := builtin(t)
	n := 0
	for name, data := range plans(t, 150) {
		syntax, _ := loader.SyntaxOf(name)
		want := checked(t, e, name, data, syntax)
		if want.Plan.Evidence.Checked && len(want.Evidence) > 0 {
			n++
		}
		got, err := decode(encode(want), e.Catalogue())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded\n%+v\nwant\n%+v", name, got.Plan, want.Plan)
		}
	}
	if n == 0 {
		t.Error("no plan looked for evidence: the test proves less than it says")
	}
	// What the engine's plans may lack or hold besides: problems with
	// policies, no results, a plan that is not one.
	for _, o := range []Outcome{
		{Plan: &report.Plan{Format: "yaml", Problems: []report.FileError{{File: "custom/x.rego", Line: 3, Column: 1, Message: "recommendation x is broken"}}}},
		{Plan: &report.Plan{Format: "toml", Results: []check.Result{}, Plan: report.Facts{Period: &report.Period{}, Approved: &report.Approval{By: "Board"}}}},
		{NotAPlan: "a JSON Schema, not a plan", Evidence: []Looked{}},
		{NotAPlan: "a plancheck report, not a plan"},
	} {
		if o.Plan != nil {
			o.Plan.Finish(nil)
		}
		got, err := decode(encode(o), e.Catalogue())
		if err != nil || !reflect.DeepEqual(got, o) {
			t.Errorf("decoded %+v, %v; want %+v", got, err, o)
		}
	}
}

// TestCodecKnowsEveryField lists the fields of every type the codec and
// the key are written for: a field added to one fails this test until the
// codec (or the key) is taught it, so that no result is silently cut
// short on a hit, and no setting that changes results is left out of the
// key.
func TestCodecKnowsEveryField(t *testing.T) {
	t.Parallel()
	known := map[reflect.Type]string{
		// Score is recomputed by Finish; File is set on the way out;
		// Baseline is marked after the run, against --baseline, so a hit
		// is marked as a fresh result is.
		reflect.TypeFor[report.Plan]():         "File Format Organisation Plan Evidence Score Results Baseline Problems",
		reflect.TypeFor[report.Organisation](): "Name Code Type",
		reflect.TypeFor[report.Facts]():        "Title Period Approved",
		reflect.TypeFor[report.Period]():       "Start End",
		reflect.TypeFor[report.Approval]():     "By Date",
		reflect.TypeFor[report.Evidence]():     "Checked Root",
		reflect.TypeFor[report.FileError]():    "File Line Column Message",
		// Title, Framework, Severity, Remediation, Source and Kind come
		// from the rule (check.NewResult); Baseline as report.Plan's.
		reflect.TypeFor[check.Result]():  "ID Title Framework Severity Status Findings Waiver Remediation Source Kind Baseline",
		reflect.TypeFor[check.Finding](): "Level Path Message Line Column EndLine EndColumn",
		reflect.TypeFor[check.Waiver]():  "Reason ApprovedBy Expires",
		// What the key covers.
		reflect.TypeFor[loader.Limits]():       "MaxFileSize MaxDepth MaxNodes",
		reflect.TypeFor[planschema.Run]():      "Today Evidence",
		reflect.TypeFor[planschema.Evidence](): "Checked Root Exists",
		// Custom policy folders, and a catalogue given as files (from a
		// bundle), are in the engine's digest.
		reflect.TypeFor[engine.Options](): "Base Custom",
	}
	for typ, want := range known {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%v has fields %v; the cache knows %s: teach the codec or the key the new ones", typ, got, want)
		}
	}
}

// TestKeyCoversEveryInput changes each input in turn: each gives a key of
// its own, and the same inputs give the same key.
func TestKeyCoversEveryInput(t *testing.T) {
	t.Parallel()
	c := Cache{Build: "build 1", Policies: "digest 1"}
	in := Input{Data: []byte("plancheck: 1\n"), Syntax: plan.YAML, Today: "2026-11-21",
		Limits: loader.Limits{MaxFileSize: 8 << 20}, Evidence: planschema.Evidence{Checked: true, Root: "plans"}}
	base := c.Key(in)
	if again := c.Key(in); again != base {
		t.Fatal("the same inputs gave two keys")
	}
	// Exists is how files are looked for, not what was found: the entry
	// keeps that.
	same := in
	same.Evidence.Exists = func(string) bool { return true }
	if c.Key(same) != base {
		t.Error("the Exists function changed the key")
	}
	seen := map[cache.Key]string{base: "the base"}
	change := func(what string, c Cache, in Input) {
		t.Helper()
		k := c.Key(in)
		if other, ok := seen[k]; ok {
			t.Errorf("%s: the key is that of %s", what, other)
		}
		seen[k] = what
	}
	with := func(f func(*Input)) Input {
		x := in
		x.Data = slices.Clone(in.Data)
		f(&x)
		return x
	}
	change("build", Cache{Build: "build 2", Policies: c.Policies}, in)
	change("policies", Cache{Build: c.Build, Policies: "digest 2"}, in)
	change("a byte of the plan", c, with(func(x *Input) { x.Data[len(x.Data)-1] = ' ' }))
	change("the plan a byte longer", c, with(func(x *Input) { x.Data = append(x.Data, '\n') }))
	change("syntax", c, with(func(x *Input) { x.Syntax = plan.JSON }))
	change("today", c, with(func(x *Input) { x.Today = "2026-11-22" }))
	change("file size limit", c, with(func(x *Input) { x.Limits.MaxFileSize = 1 << 20 }))
	change("depth limit", c, with(func(x *Input) { x.Limits.MaxDepth = 10 }))
	change("values limit", c, with(func(x *Input) { x.Limits.MaxNodes = 10 }))
	change("evidence root", c, with(func(x *Input) { x.Evidence.Root = "evidence" }))
	change("evidence not looked for", c, with(func(x *Input) { x.Evidence = planschema.Evidence{} }))
	// Fields run together would collide without their lengths.
	change("build and policies run together", Cache{Build: "build 1d", Policies: "igest 1"}, in)
}

// TestEvidenceIsLookedForAgain: an entry holds when each evidence file it
// lists is there, or not, as it was; a file that appeared or went is a
// miss.
func TestEvidenceIsLookedForAgain(t *testing.T) {
	t.Parallel()
	e := builtin(t)
	c := &Cache{Store: cache.Open(t.TempDir(), 0), Build: "b", Policies: e.Digest(), Catalogue: e.Catalogue()}
	k := c.Key(Input{Data: []byte("x")})
	p := &report.Plan{Format: "yaml"}
	c.Put(k, Outcome{Plan: p, Evidence: []Looked{{"plans/docs/a.pdf", true}, {"plans/docs/b.pdf", false}}})
	files := map[string]bool{"plans/docs/a.pdf": true}
	exists := func(n string) bool { return files[n] }
	if _, ok := c.Get(k, exists); !ok {
		t.Fatal("a miss with the evidence as it was")
	}
	files["plans/docs/b.pdf"] = true
	if _, ok := c.Get(k, exists); ok {
		t.Error("a hit after an evidence file appeared")
	}
	files = map[string]bool{}
	if _, ok := c.Get(k, exists); ok {
		t.Error("a hit after an evidence file went")
	}
	if _, ok := c.Get(k, nil); ok {
		t.Error("a hit with no way to look for evidence")
	}
	// Without evidence files, no looking is needed.
	c.Put(k, Outcome{Plan: p})
	if _, ok := c.Get(k, nil); !ok {
		t.Error("a miss for an entry that lists no evidence")
	}
}

// TestDamagedValuesAreMisses cuts a real entry's value at every length,
// and names a rule the catalogue lacks: each is an error, never a panic
// or a wrong outcome.
func TestDamagedValuesAreMisses(t *testing.T) {
	t.Parallel()
	e := builtin(t)
	data, err := os.ReadFile("../../fixtures/plans/sparse.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := encode(checked(t, e, "sparse.yaml", data, plan.YAML))
	for n := range len(good) {
		if _, err := decode(good[:n], e.Catalogue()); err == nil {
			t.Errorf("the entry cut at %d of %d bytes decoded", n, len(good))
		}
	}
	if _, err := decode(append(slices.Clone(good), 0), e.Catalogue()); err == nil {
		t.Error("the entry with a byte more decoded")
	}
	other := check.NewCatalogue(2, []check.Rule{{ID: "plan-format", Kind: check.Format}}, nil)
	if _, err := decode(good, other); err == nil {
		t.Error("an entry naming rules another catalogue lacks decoded")
	}
}

// FuzzDecode: no bytes make decode panic or allocate without bound, and
// what decodes encodes back to the same outcome.
func FuzzDecode(f *testing.F) {
	e := builtin(f)
	for name, data := range plans(f, 5) {
		syntax, _ := loader.SyntaxOf(name)
		f.Add(encode(checked(f, e, name, data, syntax)))
	}
	f.Add(encode(Outcome{NotAPlan: "a JSON Schema, not a plan"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := decode(data, e.Catalogue())
		if err != nil {
			return
		}
		again, err := decode(encode(o), e.Catalogue())
		if err != nil || !reflect.DeepEqual(again, o) {
			t.Errorf("decoded, encoded and decoded again: %v", err)
		}
	})
}
