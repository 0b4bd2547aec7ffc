package bundle

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
)

// Decision is what the server package answers for a plan (the result of
// POST /v1/data/plancheck/server/report), as JSON: each rule's status,
// findings and waiver, keyed by rule id, and the run date it used; or the
// errors that say what to post instead.
type Decision struct {
	Status   map[string]check.Status    `json:"status"`
	Findings map[string][]check.Finding `json:"findings"`
	Waived   map[string]check.Waiver    `json:"waived"`
	Today    string                     `json:"today"`
	Errors   []string                   `json:"errors"`
}

// Compare lists where an OPA server's decision for a plan differs from
// plancheck's results for it (lint's, or engine.Check's). What is compared
// is what the two agree on by design:
//
//   - every recommendation (every rule but those of kind format, named in
//     format): the same status, the same findings as (level, path) pairs,
//     and the same waiver;
//   - each format rule (plan-format), whose findings come on a server from
//     the JSON Schema and in plancheck from its own checks: only that a
//     plan plancheck finds nothing to say about is met on the server too,
//     which the schema promises (it asks for no more than plancheck's own
//     misses do, and plancheck advises on what it asks for otherwise).
//     A plan plancheck finds fault with may still pass the schema
//     (a period that ends before it starts, a misspelt optional key), and a
//     value plancheck only advises on may fail it ("Monthly" for
//     "monthly"), so statuses are not compared beyond that.
func Compare(results []check.Result, format []string, d Decision) []string {
	var diffs []string
	if len(d.Errors) > 0 {
		return []string{"the server refused the plan: " + strings.Join(d.Errors, "; ")}
	}
	seen := map[string]bool{}
	for _, r := range results {
		seen[r.ID] = true
		got, ok := d.Status[r.ID]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: no status on the server", r.ID))
			continue
		}
		if slices.Contains(format, r.ID) {
			if len(r.Findings) == 0 && got != check.Met {
				diffs = append(diffs, fmt.Sprintf("%s: plancheck finds nothing, the server says %s: %v", r.ID, got, pairs(d.Findings[r.ID])))
			}
			continue
		}
		if got != r.Status {
			diffs = append(diffs, fmt.Sprintf("%s: status %s, on the server %s", r.ID, r.Status, got))
		}
		if want, have := pairs(r.Findings), pairs(d.Findings[r.ID]); !slices.Equal(want, have) {
			diffs = append(diffs, fmt.Sprintf("%s: findings %v, on the server %v", r.ID, want, have))
		}
		w, waived := d.Waived[r.ID]
		if (r.Waiver != nil) != waived || (waived && *r.Waiver != w) {
			diffs = append(diffs, fmt.Sprintf("%s: waiver %v, on the server %v", r.ID, r.Waiver, d.Waived[r.ID]))
		}
	}
	for id := range d.Status {
		if !seen[id] {
			diffs = append(diffs, fmt.Sprintf("%s: only on the server", id))
		}
	}
	sort.Strings(diffs)
	return diffs
}

// pairs are findings as sorted "level path" pairs.
func pairs(fs []check.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f.Level) + " " + f.Path
	}
	sort.Strings(out)
	return out
}
