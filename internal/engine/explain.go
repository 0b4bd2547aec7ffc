package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
)

// Misses checks a plan that lacks what the rule asks for and returns what
// it is told about the rule: the real findings, not a description of
// them, for an explanation of the rule (plancheck explain, the service's
// /v1/rules/{id}). For a recommendation, the plan holds only the required
// keys (with every scope tag, so that conditional checks apply), its
// period starting on today; for a format rule, it holds only the format
// version.
func (e *Engine) Misses(ctx context.Context, r check.Rule, today time.Time) ([]check.Finding, error) {
	bare := fmt.Sprintf(`plancheck: 1
organisation: {name: Example}
plan:
  title: Example
  period: {start: %s, end: %s}
  in_scope: [medicines, records, patient_app, ai, emerging_technology]
`, today.Format("2006-01-02"), today.AddDate(3, 0, -1).Format("2006-01-02"))
	if r.Kind == check.Format {
		bare = "plancheck: 1\n"
	}
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("example.yaml", []byte(bare))
	if err != nil {
		return nil, err
	}
	p, err := e.Check(ctx, doc, planschema.Run{Today: today.Format("2006-01-02")})
	if err != nil {
		return nil, err
	}
	for _, res := range p.Results {
		if res.ID == r.ID {
			return res.Findings, nil
		}
	}
	return nil, nil
}
