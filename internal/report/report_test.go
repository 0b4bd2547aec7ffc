package report

import (
	"encoding/json"
	"testing"

	"github.com/plancheck/plancheck/internal/catalogue"
)

func plan(statuses ...Status) *Plan {
	p := &Plan{}
	for i, s := range statuses {
		p.Results = append(p.Results, Result{ID: string(rune('z' - i)), Severity: catalogue.Must, Status: s})
	}
	return p
}

func TestScore(t *testing.T) {
	p := plan(Met, Met, Missed, Waived, NotApplicable, Met)
	p.Results = append(p.Results, Result{ID: catalogue.PlanFormat.ID, Status: Missed, Severity: catalogue.Must})
	p.Finish()
	if p.Score != (Score{Met: 3, Applicable: 5, Percent: 60}) {
		t.Errorf("score %+v", p.Score)
	}
	if p.Results[0].ID > p.Results[1].ID {
		t.Error("results are not sorted by id")
	}
	for _, c := range []struct {
		met, applicable int
		want            string
	}{{17, 19, "89.5"}, {2, 3, "66.7"}, {1, 3, "33.3"}, {19, 19, "100.0"}, {0, 0, "0.0"}} {
		var s []Status
		for i := range c.applicable {
			if i < c.met {
				s = append(s, Met)
			} else {
				s = append(s, Missed)
			}
		}
		p := plan(s...)
		p.Finish()
		got, _ := json.Marshal(p.Score.Percent)
		if string(got) != c.want {
			t.Errorf("%d of %d: percent %s, want %s", c.met, c.applicable, got, c.want)
		}
	}
}

func TestSummaryAndExitCode(t *testing.T) {
	should := &Plan{Results: []Result{{ID: "a", Severity: catalogue.Should, Status: Missed}}}
	must := &Plan{Results: []Result{{ID: "b", Severity: catalogue.Must, Status: Missed}, {ID: "c", Severity: catalogue.Must, Status: Waived}}}
	cases := []struct {
		failOn     FailOn
		plans      []*Plan
		unreadable int
		code       int
	}{
		{FailOnMust, []*Plan{should}, 0, ExitPassed},
		{FailOnShould, []*Plan{should}, 0, ExitFailed},
		{FailOnMust, []*Plan{must}, 0, ExitFailed},
		{FailOnNever, []*Plan{must}, 0, ExitPassed},
		{FailOnNever, []*Plan{must}, 1, ExitError},
		{FailOnMust, nil, 1, ExitError},
	}
	for i, c := range cases {
		s := NewSummary(c.failOn)
		for _, p := range c.plans {
			s.Add(p)
		}
		s.AddUnreadable(c.unreadable)
		if s.ExitCode() != c.code || s.Passed != (c.code == ExitPassed) {
			t.Errorf("case %d: exit %d passed %v, want %d", i, s.ExitCode(), s.Passed, c.code)
		}
	}
	s := NewSummary(FailOnMust)
	s.Add(must)
	if s.Plans != 1 || s.Missed != 1 || s.Waived != 1 {
		t.Errorf("counts %+v", s)
	}
}

func TestSortFindings(t *testing.T) {
	fs := []Finding{
		{Level: catalogue.Should, Path: "b", Message: "x"},
		{Level: catalogue.Should, Path: "a", Message: "y"},
		{Level: catalogue.Must, Path: "a", Message: "z"},
		{Level: catalogue.Must, Path: "a", Message: "c"},
	}
	SortFindings(fs)
	got := ""
	for _, f := range fs {
		got += f.Path + string(f.Level[0]) + f.Message + " "
	}
	if got != "amc amz asy bsx " {
		t.Errorf("order %q", got)
	}
}
