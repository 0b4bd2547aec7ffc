package render

import (
	"fmt"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// What the formats say of a run compared with a baseline (lint
// --baseline): text and Markdown say the counts at the top ("2 new
// misses, 3 fixed"), the plans that are gone and the rules whose meaning
// changed between catalogue versions, and mark each result new, fixed or
// persisting; HTML does the same on its page; SARIF gives each result its
// baselineState; JUnit and the GitHub annotations follow the gate, which
// --fail-on-new narrows to new misses.

// markWord is a result's mark as the human formats show it: nothing for
// a result that is unchanged.
func markWord(m check.Mark) string {
	if m == check.MarkUnchanged {
		return ""
	}
	return string(m)
}

// baselineCounts says the marks of a run against its baseline in words:
// "2 new misses, 3 fixed, 4 persisting".
func baselineCounts(b *report.Baseline) string { return markCounts(b.New, b.Fixed, b.Persisting) }

// markCounts says counts of marks in words, for a run against its
// baseline and for a diff alike.
func markCounts(newMisses, fixed, persisting int) string {
	return fmt.Sprintf("%s, %d fixed, %d persisting", Many(newMisses, "new miss", "new misses"), fixed, persisting)
}

// baselinePlans says how the plans were matched, leaving out the ways no
// plan was: "3 matched by file, 1 moved, 1 gone".
func baselinePlans(b *report.Baseline) string { return matchedPlans(b.Plans) }

// matchedPlans says counts of plans by how they were matched, for a run
// against its baseline and for a diff alike.
func matchedPlans(p report.BaselinePlans) string {
	parts := []string{fmt.Sprintf("%d matched by file", p.Matched)}
	for _, c := range []struct {
		n    int
		name string
	}{{p.Moved, "moved"}, {p.New, "new"}, {p.Gone, "gone"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.name))
		}
	}
	return strings.Join(parts, ", ")
}

// gate says the gate: "fail-on must", with "new misses only" under
// --fail-on-new.
func gate(s report.Summary) string {
	if s.FailOnNew {
		return fmt.Sprintf("fail-on %s, new misses only", s.FailOn)
	}
	return "fail-on " + string(s.FailOn)
}

// versionsWord names the two catalogue versions compared.
func versionsWord(b *report.Baseline, current int) string {
	return fmt.Sprintf("catalogue versions %d and %d", b.CatalogueVersion, current)
}

// planMatch says how a plan was matched with the baseline, when it was
// not by its file: "moved from a.yaml", or "not in the baseline".
func planMatch(p *report.Plan) (moved string, fresh bool) {
	if p.Baseline == nil {
		return "", false
	}
	switch p.Baseline.Match {
	case report.MatchOrganisation:
		return p.Baseline.File, false
	case report.MatchNone:
		return "", true
	}
	return "", false
}

// goneListed is how many gone plans the Markdown and HTML reports list;
// the rest are counted.
const goneListed = 50
