package policies_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/plancheck/plancheck/policies"
)

// TestIsDateAgreesWithTheCalendar holds lib.is_date, a regular
// expression, to Go's calendar: every month 00 to 13 and day 00 to 32 of
// years at the edges (0000, 0001, centuries that are and are not leap
// years, 2262 where nanosecond clocks end, 9999) is a date for one
// exactly when it is for the other.
func TestIsDateAgreesWithTheCalendar(t *testing.T) {
	t.Parallel()
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	var candidates []any
	for _, y := range []int{0, 1, 4, 100, 400, 1900, 1999, 2000, 2024, 2026, 2100, 2262, 2400, 9996, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				candidates = append(candidates, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	candidates = append(candidates, "2026-4-1", "2026-04-01 ", "20260401", "2026-04-01T00:00:00Z", "+2026-04-01", "10000-01-01")
	opts := []func(*rego.Rego){rego.Query("x := {d | some d in input; data.plancheck.lib.is_date(d)}"), rego.Input(candidates)}
	for _, m := range modules {
		opts = append(opts, rego.ParsedModule(m))
	}
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("eval: %v %v", rs, err)
	}
	dates := map[string]bool{}
	for _, d := range rs[0].Bindings["x"].([]any) {
		dates[d.(string)] = true
	}
	checked := 0
	for _, c := range candidates {
		s := c.(string)
		_, err := time.Parse(time.DateOnly, s)
		want := err == nil && s[:4] != "0000"
		if dates[s] != want {
			t.Errorf("lib.is_date(%q) is %v, the calendar says %v", s, dates[s], want)
		}
		checked++
	}
	if len(dates) < 12*28*10 {
		t.Errorf("only %d of %d candidates are dates", len(dates), checked)
	}
}
