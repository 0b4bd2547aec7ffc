package compare

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// plan builds a plan whose results have the given statuses, "id=status"
// each.
func plan(file, code string, results ...string) report.Plan {
	p := report.Plan{File: file, Organisation: report.Organisation{Code: code}}
	for _, r := range results {
		id, status, _ := strings.Cut(r, "=")
		res := check.Result{ID: id, Title: "Title of " + id, Severity: check.Must, Status: check.Status(status)}
		if res.Status == check.Missed {
			res.Findings = []check.Finding{{Level: check.Miss, Path: "a", Message: "missed " + id, Line: 3, Column: 1}}
		}
		p.Results = append(p.Results, res)
	}
	return p
}

// run is an earlier run of the plans, as Read keeps it.
func run(plans ...report.Plan) *Run {
	r := &Run{Name: "old.json", Kind: KindReport, CatalogueVersion: 2}
	for _, p := range plans {
		kept := Plan{File: p.File, Organisation: p.Organisation}
		for _, res := range p.Results {
			r.Rules = append(r.Rules, res.ID)
			kept.Results = append(kept.Results, Result{ID: res.ID, Title: res.Title, Severity: res.Severity, Status: res.Status})
		}
		r.Plans = append(r.Plans, kept)
	}
	return r
}

// present says that the files named are there, and no other.
func present(files ...string) func(string) bool {
	return func(f string) bool {
		for _, x := range files {
			if x == f {
				return true
			}
		}
		return false
	}
}

func marks(p *report.Plan) map[string]check.Mark {
	out := map[string]check.Mark{}
	for _, r := range p.Results {
		out[r.ID] = r.Baseline
	}
	return out
}

func TestMarkOf(t *testing.T) {
	all := []check.Status{check.Met, check.Missed, check.Waived, check.NotApplicable, check.Skipped}
	want := map[bool]map[check.Status]check.Mark{
		// Missed then: still missed persists; met, waived or not
		// applicable now is fixed; not checked now is not known to be
		// mended.
		true: {check.Met: check.MarkFixed, check.Missed: check.MarkPersisting, check.Waived: check.MarkFixed,
			check.NotApplicable: check.MarkFixed, check.Skipped: check.MarkUnchanged},
		// Not missed then (met, waived, not applicable, skipped, or no
		// result at all): only a miss now is new; a miss that became
		// waived is no new miss.
		false: {check.Met: check.MarkUnchanged, check.Missed: check.MarkNew, check.Waived: check.MarkUnchanged,
			check.NotApplicable: check.MarkUnchanged, check.Skipped: check.MarkUnchanged},
	}
	for then, byNow := range want {
		for _, now := range all {
			if got := MarkOf(then, now); got != byNow[now] {
				t.Errorf("missed then %v, %s now: %s, want %s", then, now, got, byNow[now])
			}
		}
	}
}

func TestComparerMarksAndMatches(t *testing.T) {
	old := run(
		plan("a.yaml", "A1", "r-one=missed", "r-two=met", "r-three=missed", "r-four=waived", "r-five=missed"),
		plan("b.yaml", "B1", "r-one=met", "r-two=missed"),
		plan("moved-from.yaml", "M1", "r-one=missed", "r-two=missed"),
		plan("gone.yaml", "G1", "r-one=missed", "r-two=met"),
		plan("elsewhere.yaml", "E1", "r-one=missed"),
	)
	// elsewhere.yaml is still there, but not in this run: it is neither
	// gone nor compared.
	c := NewComparer(old, Options{Present: present("a.yaml", "b.yaml", "m/moved.yaml", "new.yaml", "elsewhere.yaml"), FailOnNew: true})
	a := plan("a.yaml", "A1", "r-one=missed", "r-two=missed", "r-three=waived", "r-four=missed", "r-five=skipped")
	if was := c.Plan(&a); was == nil || was.File != "a.yaml" || a.Baseline.Match != report.MatchFile {
		t.Fatalf("a.yaml matched %+v, %+v", was, a.Baseline)
	}
	want := map[string]check.Mark{"r-one": check.MarkPersisting, "r-two": check.MarkNew, "r-three": check.MarkFixed, "r-four": check.MarkNew, "r-five": check.MarkUnchanged}
	if got := marks(&a); !reflect.DeepEqual(got, want) {
		t.Errorf("a.yaml marks %v, want %v", got, want)
	}
	b := plan("b.yaml", "B1", "r-one=met", "r-two=not_applicable")
	c.Plan(&b)
	moved := plan("m/moved.yaml", "M1", "r-one=missed", "r-two=met")
	if was := c.Plan(&moved); was == nil || was.File != "moved-from.yaml" || *moved.Baseline != (report.PlanMatch{Match: report.MatchOrganisation, File: "moved-from.yaml"}) {
		t.Fatalf("moved plan matched %+v, %+v", was, moved.Baseline)
	}
	if got := marks(&moved); got["r-one"] != check.MarkPersisting || got["r-two"] != check.MarkFixed {
		t.Errorf("moved plan marks %v", got)
	}
	fresh := plan("new.yaml", "N1", "r-one=missed", "r-two=met")
	if was := c.Plan(&fresh); was != nil || fresh.Baseline.Match != report.MatchNone {
		t.Fatalf("new plan matched %+v", was)
	}
	if got := marks(&fresh); got["r-one"] != check.MarkNew || got["r-two"] != check.MarkUnchanged {
		t.Errorf("a new plan's misses are new: %v", got)
	}
	b2 := c.End()
	wantCounts := report.Baseline{File: "old.json", Kind: "report", CatalogueVersion: 2, FailOnNew: true,
		New: 3, Fixed: 3, Persisting: 2, Unchanged: 3,
		Plans:   report.BaselinePlans{Matched: 2, Moved: 1, New: 1, Gone: 1},
		Gone:    []report.GonePlan{{File: "gone.yaml", Code: "G1", Missed: []string{"r-one"}}},
		Changed: []report.RuleChange{},
	}
	if !reflect.DeepEqual(*b2, wantCounts) {
		t.Errorf("totals\n got %+v\nwant %+v", *b2, wantCounts)
	}
	if h := c.Header(); h.New != 0 || h.File != "old.json" || !h.FailOnNew {
		t.Errorf("header %+v", h)
	}
}

func TestMovesNeedOneGonePlanOfTheCode(t *testing.T) {
	// Two plans of code X have gone: which one moved cannot be told.
	old := run(plan("x1.yaml", "X", "r-one=missed"), plan("x2.yaml", "X", "r-one=missed"),
		plan("y.yaml", "Y", "r-one=missed"), plan("z.yaml", "Z", "r-one=missed"), plan("w.yaml", "W", "r-one=missed"))
	c := NewComparer(old, Options{Present: present("new-x.yaml", "new-y1.yaml", "new-y2.yaml", "z.yaml", "new-z.yaml", "new-w.yaml")})
	x := plan("new-x.yaml", "X", "r-one=missed")
	if c.Plan(&x); x.Baseline.Match != report.MatchNone {
		t.Errorf("two gone plans of one code: matched %+v", x.Baseline)
	}
	// One gone plan of code Y, two new files: the first takes it.
	y1, y2 := plan("new-y1.yaml", "Y", "r-one=missed"), plan("new-y2.yaml", "Y", "r-one=missed")
	c.Plan(&y1)
	c.Plan(&y2)
	if y1.Baseline.Match != report.MatchOrganisation || y2.Baseline.Match != report.MatchNone {
		t.Errorf("the first new file of the code takes the moved plan: %+v, %+v", y1.Baseline, y2.Baseline)
	}
	// z.yaml is still there (not in this run): a new file of its code
	// is another plan, not z.yaml moved.
	z := plan("new-z.yaml", "Z", "r-one=missed")
	if c.Plan(&z); z.Baseline.Match != report.MatchNone {
		t.Errorf("a plan whose file is there did not move: %+v", z.Baseline)
	}
	// A plan with no code is never matched by code.
	w := plan("new-w.yaml", "", "r-one=missed")
	if c.Plan(&w); w.Baseline.Match != report.MatchNone {
		t.Errorf("no code: %+v", w.Baseline)
	}
	end := c.End()
	var gone []string
	for _, g := range end.Gone {
		gone = append(gone, g.File)
	}
	if !reflect.DeepEqual(gone, []string{"w.yaml", "x1.yaml", "x2.yaml"}) {
		t.Errorf("gone %v", gone)
	}
}

func TestChanges(t *testing.T) {
	cat := check.NewCatalogue(3, []check.Rule{
		{ID: "r-same", Title: "Same"},
		{ID: "r-changed", Changes: []check.Change{{Version: 2, What: "reads dates"}, {Version: 3, What: "reads types"}, {Version: 3, What: "reads codes"}}},
		{ID: "r-early", Changes: []check.Change{{Version: 2, What: "reads words"}}},
		{ID: "r-added"},
	}, nil)
	ids := []string{"r-same", "r-changed", "r-early", "r-added"}
	got := Changes(cat, 2, []string{"r-same", "r-changed", "r-early", "r-gone"}, 3, ids)
	want := []report.RuleChange{
		{ID: "r-added", Change: "added", What: "in catalogue version 3, not in version 2"},
		{ID: "r-changed", Change: "changed", What: "version 3: reads types; reads codes"},
		{ID: "r-gone", Change: "removed", What: "in catalogue version 2, not in version 3"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2 to 3:\n got %+v\nwant %+v", got, want)
	}
	// Older to newer or newer to older: the same changes.
	if got := Changes(cat, 3, ids, 1, ids); len(got) != 2 || got[0].What != "version 2: reads dates; version 3: reads types; reads codes" || got[1].ID != "r-early" {
		t.Errorf("3 to 1: %+v", got)
	}
	if got := Changes(cat, 3, ids, 3, ids); len(got) != 0 {
		t.Errorf("one version changed nothing: %+v", got)
	}
	// A run that names no rules (a report of no plans) cannot say what
	// was added.
	if got := Changes(cat, 2, nil, 3, ids); len(got) != 1 || got[0].ID != "r-changed" {
		t.Errorf("no rules known: %+v", got)
	}
}

func TestWriterIsIncremental(t *testing.T) {
	cat := check.NewCatalogue(2, []check.Rule{{ID: "r-one"}, {ID: "r-two"}, {ID: "r-three"}}, nil)
	old := run(
		plan("a.yaml", "A", "r-one=missed", "r-two=missed", "r-three=missed"),
		plan("other.yaml", "O", "r-one=missed"),
		plan("gone.yaml", "G", "r-two=missed"),
		plan("moved-from.yaml", "M", "r-one=missed"),
	)
	old.Kind = KindBaseline
	w := NewWriter(old, Options{Present: present("a.yaml", "other.yaml", "m/moved.yaml")}, cat, report.Tool{Name: "plancheck", Version: "9"})
	// a.yaml: r-one mended, r-two still missed, r-three not checked now.
	a := plan("a.yaml", "A", "r-one=met", "r-two=missed", "r-three=skipped")
	w.Plan(&a)
	moved := plan("m/moved.yaml", "M", "r-one=missed", "r-two=missed")
	w.Plan(&moved)
	fresh := plan("new.yaml", "", "r-one=met")
	w.Plan(&fresh)
	got := w.Baseline()
	want := Baseline{BaselineVersion: 1, Tool: report.Tool{Name: "plancheck", Version: "9"}, CatalogueVersion: 2,
		Rules: []string{"r-one", "r-three", "r-two"},
		Plans: []Entry{
			{File: "a.yaml", Code: "A", Missed: []string{"r-three", "r-two"}},
			{File: "m/moved.yaml", Code: "M", Missed: []string{"r-one", "r-two"}},
			{File: "new.yaml", Missed: []string{}},
			{File: "other.yaml", Code: "O", Missed: []string{"r-one"}},
		}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("baseline\n got %+v\nwant %+v", got, want)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// What it writes is a baseline file plancheck reads back as it was.
	back, err := Read("b.json", bytes.NewReader(buf.Bytes()), ReadOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if back.Kind != KindBaseline || back.CatalogueVersion != 2 || len(back.Plans) != 4 || back.Plans[0].File != "a.yaml" ||
		len(back.Plans[0].missed()) != 2 || back.Plans[3].Organisation.Code != "O" || !reflect.DeepEqual(back.Rules, got.Rules) {
		t.Errorf("read back %+v", back)
	}
	if lines := strings.Count(buf.String(), "\n"); lines != 12 {
		t.Errorf("a plan a line: %d lines\n%s", lines, buf.String())
	}
}

func TestWriterWithoutBaseline(t *testing.T) {
	cat := check.NewCatalogue(2, []check.Rule{{ID: "r-one"}}, nil)
	w := NewWriter(nil, Options{}, cat, report.Tool{Name: "plancheck", Version: "1"})
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"plans": []`) {
		t.Errorf("no plans: %s", buf.String())
	}
	if _, err := Read("b.json", bytes.NewReader(buf.Bytes()), ReadOptions{}); err != nil {
		t.Error(err)
	}
}

func TestDiffOfUnreadableAndGonePlans(t *testing.T) {
	cat := check.NewCatalogue(2, []check.Rule{{ID: "r-one", Title: "One", Severity: check.Should}, {ID: "r-two", Title: "Two", Severity: check.Must}}, nil)
	old := run(plan("broken.yaml", "B", "r-one=missed"), plan("gone.yaml", "G", "r-two=missed"), plan("a.yaml", "A", "r-one=met", "r-two=met"))
	old.Kind = KindBaseline // as from a baseline file: no titles
	for i := range old.Plans {
		for j := range old.Plans[i].Results {
			old.Plans[i].Results[j].Title, old.Plans[i].Results[j].Severity = "", ""
		}
	}
	cur := run(plan("a.yaml", "A", "r-one=missed", "r-two=met"))
	cur.Plans[0].Results[0].Severity = check.Should
	cur.Errors = []report.FileError{{File: "broken.yaml", Line: 2, Column: 1, Message: "tabs"}}
	d := NewDiff(old, cur, cat, report.FailOnMust, report.Tool{Name: "plancheck", Version: "1"})
	// broken.yaml could not be read: not gone, and the gate fails for it.
	if len(d.Plans) != 2 || d.Plans[0].File != "a.yaml" || d.Plans[1].File != "gone.yaml" || d.Plans[1].Match != MatchGone {
		t.Fatalf("plans %+v", d.Plans)
	}
	if g := d.Plans[1].Results; len(g) != 1 || g[0].Change != ChangeGone || g[0].Title != "Two" || g[0].Severity != check.Must {
		t.Errorf("the gone plan's miss is named from the catalogue: %+v", g)
	}
	// r-one is newly missed, but is a should: it does not fail a must
	// gate; the unreadable file does.
	if s := d.Summary; s.New != 1 || s.Failing != 0 || s.Passed || len(d.Unreadable) != 1 || d.ExitCode() != report.ExitFailed {
		t.Errorf("summary %+v, exit %d", s, d.ExitCode())
	}
	cur.Errors = nil
	if d := NewDiff(old, cur, cat, report.FailOnShould, report.Tool{}); d.Summary.Failing != 1 || d.ExitCode() != report.ExitFailed || d.Summary.Plans.Gone != 2 {
		t.Errorf("fail-on should: %+v", d.Summary)
	}
	if d := NewDiff(old, cur, cat, report.FailOnMust, report.Tool{}); !d.Summary.Passed || d.ExitCode() != report.ExitPassed {
		t.Errorf("a should miss under a must gate: %+v", d.Summary)
	}
}
