package compare

import (
	_ "embed"
	"encoding/json"
	"io"
	"sort"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// DiffVersion is the version of the diff's JSON format.
const DiffVersion = 1

// DiffSchema is the JSON Schema (draft 2020-12) of plancheck diff's JSON,
// which plancheck schema --diff prints.
//
//go:embed diff.schema.json
var DiffSchema []byte

// MatchGone marks, in a diff, a plan of the older run whose file is gone.
const MatchGone = "gone"

// ChangeGone marks, in a diff, a miss of a plan that is gone: not
// counted as fixed, since a plan that is not there meets nothing.
const ChangeGone = "gone"

// Diff is what changed between two runs: the comparison lint --baseline
// makes, between two saved files.
type Diff struct {
	DiffVersion int         `json:"diff_version"`
	Tool        report.Tool `json:"tool"`
	Old         Side        `json:"old"`
	New         Side        `json:"new"`
	Summary     DiffSummary `json:"summary"`
	// Changed are the rules whose meaning changed between the two
	// catalogue versions.
	Changed []report.RuleChange `json:"changed"`
	// Plans are those with something to say, by file: a result new,
	// fixed or persisting, a plan that moved, is new or is gone.
	Plans []DiffPlan `json:"plans"`
	// Unreadable are the files the newer report could not read.
	Unreadable []report.FileError `json:"unreadable"`
}

// Side names one of the two runs.
type Side struct {
	File             string      `json:"file"`
	Kind             Kind        `json:"kind"`
	CatalogueVersion int         `json:"catalogue_version"`
	Today            string      `json:"today,omitempty"`
	Tool             report.Tool `json:"tool"`
}

// DiffSummary counts a diff's results by mark, its plans by how they were
// matched, and says whether the gate passed: it fails on a new miss at or
// above fail-on, and on a file the newer report could not read.
type DiffSummary struct {
	New        int                  `json:"new"`
	Fixed      int                  `json:"fixed"`
	Persisting int                  `json:"persisting"`
	Unchanged  int                  `json:"unchanged"`
	Plans      report.BaselinePlans `json:"plans"`
	FailOn     report.FailOn        `json:"fail_on"`
	// Failing counts the new misses at or above fail-on.
	Failing int  `json:"failing"`
	Passed  bool `json:"passed"`
}

// DiffPlan is one plan's changes.
type DiffPlan struct {
	File string `json:"file"`
	// Match is how the plan was found in the older run: file,
	// organisation (it moved from OldFile), none (a new plan) or gone
	// (the older run's plan, whose file is gone).
	Match        string              `json:"match"`
	OldFile      string              `json:"old_file,omitempty"`
	Organisation report.Organisation `json:"organisation"`
	Title        string              `json:"title,omitempty"`
	Results      []DiffResult        `json:"results"`
}

// Name is how the plan is named for people.
func (p *DiffPlan) Name() string {
	rp := report.Plan{Organisation: p.Organisation, Plan: report.Facts{Title: p.Title}}
	return rp.Name()
}

// DiffResult is a result that is new, fixed or persisting (or a miss of a
// plan that is gone), with its status in each run.
type DiffResult struct {
	ID       string         `json:"id"`
	Title    string         `json:"title,omitempty"`
	Severity check.Severity `json:"severity,omitempty"`
	// Change is new, fixed, persisting, or gone.
	Change string `json:"change"`
	// Old and New are the statuses in each run; absent when that run has
	// no result (a plan or rule it did not have).
	Old check.Status `json:"old,omitempty"`
	New check.Status `json:"new,omitempty"`
	// Findings are the misses of a missed result, in the run that missed
	// it last.
	Findings []check.Finding `json:"findings"`
}

// NewDiff compares the run cur with the older run old. cat names rules
// that a baseline file gives by id alone, and says what changed between
// catalogue versions; failOn is the gate.
func NewDiff(old, cur *Run, cat *check.Catalogue, failOn report.FailOn, tool report.Tool) *Diff {
	present := map[string]bool{}
	for _, p := range cur.Plans {
		present[p.File] = true
	}
	// A plan the newer run could not read is not gone: it is said among
	// the unreadable files, and fails the gate there.
	for _, e := range cur.Errors {
		present[e.File] = true
	}
	c := NewComparer(old, Options{
		Present: func(f string) bool { return present[f] },
		Changed: Changes(cat, old.CatalogueVersion, old.Rules, cur.CatalogueVersion, cur.Rules),
	})
	d := &Diff{
		DiffVersion: DiffVersion, Tool: tool,
		Old:        side(old),
		New:        side(cur),
		Plans:      []DiffPlan{},
		Unreadable: append([]report.FileError{}, cur.Errors...),
	}
	for i := range cur.Plans {
		cp := &cur.Plans[i]
		p := &report.Plan{File: cp.File, Organisation: cp.Organisation, Plan: report.Facts{Title: cp.Title}, Results: make([]check.Result, len(cp.Results))}
		for j, r := range cp.Results {
			p.Results[j] = check.Result{ID: r.ID, Title: r.Title, Severity: r.Severity, Status: r.Status, Findings: r.Findings}
		}
		was := c.Plan(p)
		statusThen := map[string]check.Status{}
		if was != nil {
			for _, r := range was.Results {
				statusThen[r.ID] = r.Status
			}
		}
		dp := DiffPlan{File: p.File, Match: p.Baseline.Match, OldFile: p.Baseline.File, Organisation: p.Organisation, Title: p.Plan.Title, Results: []DiffResult{}}
		for _, r := range p.Results {
			if r.Baseline == check.MarkUnchanged {
				continue
			}
			dr := DiffResult{ID: r.ID, Title: r.Title, Severity: r.Severity, Change: string(r.Baseline), Old: statusThen[r.ID], New: r.Status, Findings: []check.Finding{}}
			if r.Status == check.Missed {
				dr.Findings = misses(r.Findings)
				if failOn.Fails(r.Severity) && r.Baseline == check.MarkNew {
					d.Summary.Failing++
				}
			} else if r.Baseline == check.MarkFixed {
				for _, w := range was.Results {
					if w.ID == r.ID {
						dr.Findings = misses(w.Findings)
					}
				}
			}
			dp.Results = append(dp.Results, dr)
		}
		if len(dp.Results) > 0 || dp.Match != report.MatchFile {
			d.Plans = append(d.Plans, dp)
		}
	}
	b := c.End()
	byFile := map[string]*Plan{}
	for i := range old.Plans {
		byFile[old.Plans[i].File] = &old.Plans[i]
	}
	for _, g := range b.Gone {
		p := byFile[g.File]
		dp := DiffPlan{File: g.File, Match: MatchGone, Organisation: p.Organisation, Title: p.Title, Results: []DiffResult{}}
		for _, r := range p.Results {
			if r.Status == check.Missed {
				dp.Results = append(dp.Results, DiffResult{ID: r.ID, Title: r.Title, Severity: r.Severity, Change: ChangeGone, Old: r.Status, Findings: misses(r.Findings)})
			}
		}
		d.Plans = append(d.Plans, dp)
	}
	for i := range d.Plans {
		for j := range d.Plans[i].Results {
			// A baseline file names a rule by its id alone.
			if r := &d.Plans[i].Results[j]; r.Title == "" {
				if rule, ok := cat.Lookup(r.ID); ok {
					r.Title, r.Severity = rule.Title, rule.Severity
				}
			}
		}
	}
	sort.SliceStable(d.Plans, func(i, j int) bool { return d.Plans[i].File < d.Plans[j].File })
	d.Changed = b.Changed
	d.Summary.New, d.Summary.Fixed, d.Summary.Persisting, d.Summary.Unchanged = b.New, b.Fixed, b.Persisting, b.Unchanged
	d.Summary.Plans = b.Plans
	d.Summary.FailOn = failOn
	d.Summary.Passed = d.Summary.Failing == 0 && len(d.Unreadable) == 0
	return d
}

func side(r *Run) Side {
	return Side{File: r.Name, Kind: r.Kind, CatalogueVersion: r.CatalogueVersion, Today: r.Today, Tool: r.Tool}
}

// misses keeps the findings of level miss.
func misses(fs []check.Finding) []check.Finding {
	out := []check.Finding{}
	for _, f := range fs {
		if f.Level == check.Miss {
			out = append(out, f)
		}
	}
	return out
}

// ExitCode is the exit code the diff calls for: 1 when the gate fails.
func (d *Diff) ExitCode() int {
	if d.Summary.Passed {
		return report.ExitPassed
	}
	return report.ExitFailed
}

// WriteJSON writes the diff as JSON, indented.
func (d *Diff) WriteJSON(w io.Writer) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
