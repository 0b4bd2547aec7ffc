package report

import (
	"encoding/json"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
)

func plan(statuses ...check.Status) *Plan {
	p := &Plan{}
	for i, s := range statuses {
		p.Results = append(p.Results, check.Result{ID: string(rune('z' - i)), Severity: check.Must, Status: s})
	}
	return p
}

func TestScore(t *testing.T) {
	p := plan(check.Met, check.Met, check.Missed, check.Waived, check.NotApplicable, check.Met)
	p.Results = append(p.Results, check.Result{ID: "x-format", Kind: check.Format, Status: check.Missed, Severity: check.Must})
	p.Finish(nil)
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
		var s []check.Status
		for i := range c.applicable {
			if i < c.met {
				s = append(s, check.Met)
			} else {
				s = append(s, check.Missed)
			}
		}
		p := plan(s...)
		p.Finish(nil)
		got, _ := json.Marshal(p.Score.Percent)
		if string(got) != c.want {
			t.Errorf("%d of %d: percent %s, want %s", c.met, c.applicable, got, c.want)
		}
	}
}

func TestSummaryAndExitCode(t *testing.T) {
	should := &Plan{Results: []check.Result{{ID: "a", Severity: check.Should, Status: check.Missed}}}
	must := &Plan{Results: []check.Result{{ID: "b", Severity: check.Must, Status: check.Missed}, {ID: "c", Severity: check.Must, Status: check.Waived}}}
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
