package report

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
)

// portfolioCatalogue has two frameworks, described in the order b then
// a (which is not their ids' order), and a format rule in a third.
func portfolioCatalogue() *check.Catalogue {
	return check.NewCatalogue(2, []check.Rule{
		{ID: "a-one", Title: "A one", Framework: "a", Severity: check.Must, Kind: check.Recommendation},
		{ID: "a-two", Title: "A two", Framework: "a", Severity: check.Should, Kind: check.Recommendation},
		{ID: "b-one", Title: "B one", Framework: "b", Severity: check.Must, Kind: check.Recommendation},
		{ID: "b-two", Title: "B two", Framework: "b", Severity: check.Must, Kind: check.Recommendation},
		{ID: "the-format", Title: "The format", Framework: "fmt", Severity: check.Must, Kind: check.Format},
	}, []check.Framework{{ID: "b", Title: "B"}, {ID: "a", Title: "A"}})
}

func miss(path, message string) check.Finding {
	return check.Finding{Level: check.Miss, Path: path, Message: message}
}

func advice(path, message string) check.Finding {
	return check.Finding{Level: check.Advice, Path: path, Message: message}
}

// res is a result of one of portfolioCatalogue's rules.
func res(id string, status check.Status, fs ...check.Finding) check.Result {
	r, _ := portfolioCatalogue().Lookup(id)
	return check.NewResult(r, status, fs)
}

// planOf is a finished plan with the given results.
func planOf(file, org, typ string, results ...check.Result) *Plan {
	p := &Plan{File: file, Organisation: Organisation{Name: org, Type: typ}, Results: results}
	p.Finish(nil)
	return p
}

func build(keep bool, plans ...*Plan) *Portfolio {
	b := NewPortfolio(portfolioCatalogue(), keep)
	for _, p := range plans {
		b.Add(p)
	}
	return b.Portfolio()
}

// TestPortfolioCountsPlansByStatus checks each rule's counts over plans
// with every status, the columns' order (the catalogue's frameworks in
// its order, then by id), and each row's marks.
func TestPortfolioCountsPlansByStatus(t *testing.T) {
	plans := []*Plan{
		planOf("1.yaml", "One", "trust",
			res("a-one", check.Met), res("a-two", check.Met, advice("x", "consider x")),
			res("b-one", check.Missed, miss("y", "no y")), res("b-two", check.NotApplicable), res("the-format", check.Met)),
		planOf("2.yaml", "Two", "pcn",
			res("a-one", check.Waived, miss("z", "no z")), res("a-two", check.Skipped),
			res("b-one", check.Missed, miss("y", "no y")), res("b-two", check.Met), res("the-format", check.Missed, miss("k", "bad k"))),
		// A plan without a result for b-two (a rule it was not checked
		// against), and one for a rule the catalogue does not hold.
		planOf("3.yaml", "", "",
			res("a-one", check.Met), res("a-two", check.Missed, miss("w", "no w")), res("b-one", check.Met), res("the-format", check.Met),
			check.Result{ID: "c-other", Status: check.Missed}),
	}
	p := build(true, plans...)
	if p.Plans != 3 {
		t.Errorf("%d plans, want 3", p.Plans)
	}
	var order []string
	for _, r := range p.Rules {
		order = append(order, r.ID)
	}
	if want := []string{"b-one", "b-two", "a-one", "a-two", "the-format"}; !slices.Equal(order, want) {
		t.Fatalf("columns %v, want %v", order, want)
	}
	type counts struct{ met, missed, waived, na, skipped int }
	want := map[string]counts{
		"b-one": {1, 2, 0, 0, 0}, "b-two": {1, 0, 0, 1, 0},
		"a-one": {2, 0, 1, 0, 0}, "a-two": {1, 1, 0, 0, 1},
		"the-format": {2, 1, 0, 0, 0},
	}
	for _, r := range p.Rules {
		if got := (counts{r.Met, r.Missed, r.Waived, r.NotApplicable, r.Skipped}); got != want[r.ID] {
			t.Errorf("%s: %+v, want %+v", r.ID, got, want[r.ID])
		}
	}
	if len(p.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(p.Rows))
	}
	wantMarks := [][]Mark{
		{MarkMissed, MarkNotApplicable, MarkMet, MarkAdvice, MarkMet},
		{MarkMissed, MarkMet, MarkWaived, MarkSkipped, MarkMissed},
		{MarkMet, MarkNone, MarkMet, MarkMissed, MarkMet},
	}
	for i, row := range p.Rows {
		if row.File != plans[i].File || row.Organisation != plans[i].Organisation || row.Score != plans[i].Score {
			t.Errorf("row %d: %s %+v %+v, want the plan's file, organisation and score", i, row.File, row.Organisation, row.Score)
		}
		if !slices.Equal(row.Marks, wantMarks[i]) {
			t.Errorf("row %d: marks %v, want %v", i, row.Marks, wantMarks[i])
		}
	}
	if p := build(false, plans...); p.Rows != nil || p.Plans != 3 || p.Rules[0].Missed != 2 {
		t.Errorf("without rows: %d rows, %d plans, b-one missed %d", len(p.Rows), p.Plans, p.Rules[0].Missed)
	}
}

// TestPortfolioSharedFindings checks which findings are shared: the
// misses of plans that missed the rule (not advice, not a waived plan's),
// grouped by path and message, counted once a plan, kept when two plans
// or more have them, the most common first, at most SharedLimit.
func TestPortfolioSharedFindings(t *testing.T) {
	var plans []*Plan
	add := func(status check.Status, fs ...check.Finding) {
		plans = append(plans, planOf("p.yaml", "", "", res("a-one", status, fs...)))
	}
	add(check.Missed, miss("x", "no x"), miss("x", "no x"), miss("y", "no y"), miss("q", "q is late"), advice("v", "consider v"))
	add(check.Missed, miss("x", "no x"), miss("y", "no y"), miss("z", "no z"), advice("v", "consider v"))
	add(check.Missed, miss("x", "no x"), miss("z", "no z"), miss("x2", "no x"), miss("w", "no w"))
	add(check.Missed, miss("w", "no w"), miss("x", "no x!"))
	// A waived plan lacks the same, but is not among those that missed.
	add(check.Waived, miss("y", "no y"), miss("z", "no z"), miss("w", "no w"))
	add(check.Met, advice("v", "consider v"))

	p := build(false, plans...)
	var rule PortfolioRule
	for _, r := range p.Rules {
		if r.ID == "a-one" {
			rule = r
		}
	}
	want := []SharedFinding{
		{Path: "x", Message: "no x", Plans: 3},
		// Two plans each: by path, then message.
		{Path: "w", Message: "no w", Plans: 2},
		{Path: "y", Message: "no y", Plans: 2},
	}
	if !slices.Equal(rule.Shared, want) {
		t.Errorf("shared %+v, want %+v", rule.Shared, want)
	}
	if rule.Missed != 4 || rule.Waived != 1 || rule.Met != 1 {
		t.Errorf("counts %d missed, %d waived, %d met", rule.Missed, rule.Waived, rule.Met)
	}

	// A plan alone shares nothing, whatever it says twice.
	if p := build(false, plans[0]); len(p.Rules[2].Shared) != 0 {
		t.Errorf("one plan shares %+v", p.Rules[2].Shared)
	}
}

// TestPortfolioMostMissed orders the rules any plan missed: by plans
// missed, then must before should, then id; rules no plan missed are
// not listed.
func TestPortfolioMostMissed(t *testing.T) {
	p := build(false,
		planOf("1.yaml", "", "", res("a-one", check.Missed, miss("a", "a")), res("a-two", check.Missed, miss("a", "a")), res("b-one", check.Missed, miss("b", "b")), res("b-two", check.Met), res("the-format", check.Missed, miss("f", "f"))),
		planOf("2.yaml", "", "", res("a-one", check.Met), res("a-two", check.Missed, miss("a", "a")), res("b-one", check.Missed, miss("b", "b")), res("b-two", check.Waived, miss("c", "c")), res("the-format", check.Met)),
	)
	var got []string
	for _, r := range p.MostMissed() {
		got = append(got, r.ID)
	}
	// a-two (should) and b-one (must) are each missed by two plans.
	if want := []string{"b-one", "a-two", "a-one", "the-format"}; !slices.Equal(got, want) {
		t.Errorf("most missed %v, want %v", got, want)
	}
}

// TestPortfolioShown: reports show a portfolio of two plans or more.
func TestPortfolioShown(t *testing.T) {
	var none *Portfolio
	one := build(false, planOf("1.yaml", "", "", res("a-one", check.Met)))
	two := build(false, planOf("1.yaml", "", "", res("a-one", check.Met)), planOf("2.yaml", "", "", res("a-one", check.Met)))
	if none.Shown() || one.Shown() || !two.Shown() {
		t.Errorf("shown: nil %v, one plan %v, two plans %v", none.Shown(), one.Shown(), two.Shown())
	}
}

// TestPortfolioReport checks the JSON form: rules by id, empty lists as
// [] (not null), most_missed in its order.
func TestPortfolioReport(t *testing.T) {
	p := build(false,
		planOf("1.yaml", "", "", res("a-one", check.Met), res("b-one", check.Met)),
		planOf("2.yaml", "", "", res("a-one", check.Met), res("b-one", check.Met)))
	data, err := json.Marshal(p.Report())
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, want := range []string{
		`{"plans":2,"rules":[{"id":"a-one","title":"A one","framework":"a","severity":"must","met":2,"missed":0,"waived":0,"not_applicable":0,"skipped":0,"shared_findings":[]},{"id":"a-two",`,
		`"most_missed":[]}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the JSON lacks %s:\n%s", want, got)
		}
	}
	missed := build(false,
		planOf("1.yaml", "", "", res("a-two", check.Missed, miss("p", "m")), res("b-one", check.Missed, miss("p", "m"))),
		planOf("2.yaml", "", "", res("a-two", check.Missed, miss("p", "m"))))
	if r := missed.Report(); !slices.Equal(r.MostMissed, []string{"a-two", "b-one"}) || r.Rules[1].SharedFindings[0] != (SharedFinding{Path: "p", Message: "m", Plans: 2}) {
		t.Errorf("most missed %v, a-two shares %+v", r.MostMissed, r.Rules[1].SharedFindings)
	}
}

// TestFindingKeyKeepsPathAndMessageApart: moving text across the
// boundary between path and message makes another finding.
func TestFindingKeyKeepsPathAndMessageApart(t *testing.T) {
	if findingKey("ab", "c") == findingKey("a", "bc") || findingKey("a", "b") != findingKey("a", "b") {
		t.Error("findingKey does not tell a path from a message")
	}
}
