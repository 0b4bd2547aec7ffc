// Package report is a plancheck report: per plan, the result of each rule,
// with the score, the summary and the exit code that follow from them. Its
// JSON encoding is report format version 2 (spec/report-format.md), and
// schema.json is its JSON Schema.
package report

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"

	"github.com/plancheck/plancheck/internal/check"
)

// Version is the report format version.
const Version = 2

// Percent is a score percentage, written with one decimal.
type Percent float64

// MarshalJSON writes the percentage with exactly one decimal, as 89.5 or
// 100.0.
func (p Percent) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(p), 'f', 1, 64)), nil
}

// Score counts met recommendations among the applicable ones. Waived
// results count as applicable but not met; rules that are not scored (the
// plan format's own) do not count.
type Score struct {
	Met        int     `json:"met"`
	Applicable int     `json:"applicable"`
	Percent    Percent `json:"percent"`
}

// Plan is the report on one plan file.
type Plan struct {
	File         string         `json:"file"`
	Format       string         `json:"format"`
	Organisation Organisation   `json:"organisation"`
	Plan         Facts          `json:"plan"`
	Evidence     Evidence       `json:"evidence"`
	Score        Score          `json:"score"`
	Results      []check.Result `json:"results"`
	// Baseline says which plan of the baseline run this one was compared
	// with, when the run was compared with one.
	Baseline *PlanMatch `json:"baseline,omitempty"`
	// Problems are what was wrong with the policies while this plan was
	// checked (a custom rule whose findings cannot be read): the run
	// reports each once, as an error of the policy's file.
	Problems []FileError `json:"-"`
}

// Organisation is whose plan it is: what a dashboard joins plans on. Keys
// the plan does not give are left out.
type Organisation struct {
	Name string `json:"name,omitempty"`
	Code string `json:"code,omitempty"`
	Type string `json:"type,omitempty"`
}

// Facts are what a plan says of itself: its title, period and approval.
type Facts struct {
	Title    string    `json:"title,omitempty"`
	Period   *Period   `json:"period,omitempty"`
	Approved *Approval `json:"approved,omitempty"`
}

// Period is the span a plan covers.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Approval is who approved a plan, and when.
type Approval struct {
	By   string `json:"by,omitempty"`
	Date string `json:"date,omitempty"`
}

// Name is how the plan is named for people: its organisation and title.
func (p *Plan) Name() string {
	switch {
	case p.Organisation.Name != "" && p.Plan.Title != "":
		return p.Organisation.Name + ": " + p.Plan.Title
	case p.Organisation.Name != "":
		return p.Organisation.Name
	}
	return p.Plan.Title
}

// Evidence says whether the files a plan cites as evidence were looked
// for, and in which folder relative names were taken from, named as the
// user named it.
type Evidence struct {
	Checked bool   `json:"checked"`
	Root    string `json:"root,omitempty"`
}

// Finish records as skipped the results of the rules that keep does not
// include (none when keep is nil), sorts the results by id and computes
// the score. A skipped result keeps no findings and no waiver: the rule
// was left out of the run.
func (p *Plan) Finish(keep func(id string) bool) {
	if keep != nil {
		for i := range p.Results {
			if r := &p.Results[i]; !keep(r.ID) {
				r.Status, r.Findings, r.Waiver = check.Skipped, []check.Finding{}, nil
			}
		}
	}
	sort.Slice(p.Results, func(i, j int) bool { return p.Results[i].ID < p.Results[j].ID })
	var s Score
	for _, r := range p.Results {
		if !r.Scored() {
			continue
		}
		switch r.Status {
		case check.Met:
			s.Met++
			s.Applicable++
		case check.Missed, check.Waived:
			s.Applicable++
		}
	}
	if s.Applicable > 0 {
		s.Percent = Percent(float64(int(float64(s.Met)*1000/float64(s.Applicable)+0.5)) / 10)
	}
	p.Score = s
}

// FileError is a file that could not be read or parsed.
type FileError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e FileError) String() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// SortErrors orders errors by file, then position.
func SortErrors(es []FileError) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// FailOn is the threshold of `--fail-on`: the least severity whose missed
// recommendations fail the run, or never.
type FailOn string

// The thresholds `--fail-on` accepts.
const (
	FailOnMust   FailOn = "must"
	FailOnShould FailOn = "should"
	FailOnNever  FailOn = "never"
)

// ParseFailOn checks a `--fail-on` value.
func ParseFailOn(s string) (FailOn, error) {
	switch f := FailOn(s); f {
	case FailOnMust, FailOnShould, FailOnNever:
		return f, nil
	}
	return "", fmt.Errorf("fail-on must be must, should or never, not %q", s)
}

// Fails tells whether a missed result of severity s fails the run.
func (f FailOn) Fails(s check.Severity) bool {
	switch f {
	case FailOnMust:
		return s.Rank() >= check.Must.Rank()
	case FailOnShould:
		return s.Rank() >= check.Should.Rank()
	}
	return false
}

// FailsResult tells whether a result fails the gate: it is missed, its rule is
// of a severity at or above the threshold and, when onlyNew is set
// (--fail-on-new), the baseline run did not miss it.
func (f FailOn) FailsResult(r *check.Result, onlyNew bool) bool {
	return r.Status == check.Missed && f.Fails(r.Severity) && (!onlyNew || r.Baseline == check.MarkNew)
}

// Summary totals a run.
type Summary struct {
	Plans         int    `json:"plans"`
	Unreadable    int    `json:"unreadable"`
	Met           int    `json:"met"`
	Missed        int    `json:"missed"`
	Waived        int    `json:"waived"`
	NotApplicable int    `json:"not_applicable"`
	Skipped       int    `json:"skipped"`
	Passed        bool   `json:"passed"`
	FailOn        FailOn `json:"fail_on"`
	// FailOnNew makes only new misses fail the gate (--fail-on-new): the
	// results must be marked against a baseline before they are added.
	FailOnNew bool `json:"-"`
	failing   int
}

// NewSummary starts the totals of a run.
func NewSummary(failOn FailOn) Summary { return Summary{FailOn: failOn, Passed: true} }

// Add counts one plan's results.
func (s *Summary) Add(p *Plan) {
	s.Plans++
	for _, r := range p.Results {
		switch r.Status {
		case check.Met:
			s.Met++
		case check.Missed:
			s.Missed++
			if s.FailOn.FailsResult(&r, s.FailOnNew) {
				s.failing++
			}
		case check.Waived:
			s.Waived++
		case check.NotApplicable:
			s.NotApplicable++
		case check.Skipped:
			s.Skipped++
		}
	}
	s.Passed = s.failing == 0 && s.Unreadable == 0
}

// Failing counts the missed results that fail the gate.
func (s Summary) Failing() int { return s.failing }

// AddUnreadable counts files that could not be read.
func (s *Summary) AddUnreadable(n int) {
	s.Unreadable += n
	s.Passed = s.failing == 0 && s.Unreadable == 0
}

// Exit codes of `plancheck lint`.
const (
	ExitPassed = 0
	ExitFailed = 1
	ExitError  = 2
)

// ExitCode is the exit code the summary calls for: 2 when a file could not
// be read, else 1 when a missed recommendation is at or above fail-on.
func (s Summary) ExitCode() int {
	switch {
	case s.Unreadable > 0:
		return ExitError
	case s.failing > 0:
		return ExitFailed
	}
	return ExitPassed
}

// Tool names the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Selection records which rules a run left out, and where that was said,
// so that no report hides it: "flag", "environment", the settings file's
// path, or "none".
type Selection struct {
	Only   []string `json:"only"`
	Skip   []string `json:"skip"`
	Source string   `json:"source"`
}

// SkippedFile is a file found among the plans that is not a plan (a JSON
// Schema, a plancheck report), with why it was not checked.
type SkippedFile struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Tail is what a report says after its plans: the files it did not check,
// those it could not read, and the totals.
type Tail struct {
	SkippedFiles []SkippedFile
	Errors       []FileError
	Summary      Summary
	// Baseline is what the run found against its baseline, nil when it
	// was compared with none.
	Baseline *Baseline
	// Portfolio is the plans side by side, or nil when the caller built
	// none. Writers show it when it holds more than one plan (see Shown).
	Portfolio *Portfolio
}

// Report is a whole run: report format version 2, keys in the spec's order.
type Report struct {
	ReportVersion    int           `json:"report_version"`
	Tool             Tool          `json:"tool"`
	CatalogueVersion int           `json:"catalogue_version"`
	Today            string        `json:"today"`
	Selection        Selection     `json:"selection"`
	Baseline         *Baseline     `json:"baseline,omitempty"`
	Summary          Summary       `json:"summary"`
	Plans            []Plan        `json:"plans"`
	SkippedFiles     []SkippedFile `json:"skipped_files"`
	Errors           []FileError   `json:"errors"`

	// Portfolio is there when the run read more than one plan; the JSON
	// report writes it after the summary.
	Portfolio *PortfolioReport `json:"portfolio,omitempty"`
}

// Schema is the JSON Schema (draft 2020-12) of report format version 2,
// which plancheck schema --report prints.
//
//go:embed schema.json
var Schema []byte

// Baseline is what a report says of the earlier run it was compared with
// (lint --baseline): which one, how its results compare, the plans it had
// that this run has not, and the rules whose meaning changed between the
// two runs' catalogue versions.
type Baseline struct {
	// File is the baseline as the user named it.
	File string `json:"file"`
	// Kind is what the file is: a JSON report, or a baseline file
	// (lint --write-baseline).
	Kind             string `json:"kind"`
	CatalogueVersion int    `json:"catalogue_version"`
	// FailOnNew says the gate fails only on new misses.
	FailOnNew bool `json:"fail_on_new"`
	// New, Fixed, Persisting and Unchanged count the run's results by
	// their marks.
	New        int `json:"new"`
	Fixed      int `json:"fixed"`
	Persisting int `json:"persisting"`
	Unchanged  int `json:"unchanged"`
	// Plans counts the run's plans by how they were matched, and the
	// baseline's plans that are gone.
	Plans BaselinePlans `json:"plans"`
	// Gone are the baseline's plans whose files are no longer there.
	Gone []GonePlan `json:"gone"`
	// Changed are the rules that read plans differently in the two
	// catalogue versions, or that only one of them has.
	Changed []RuleChange `json:"changed"`
}

// BaselinePlans counts plans by how they were matched with the baseline.
type BaselinePlans struct {
	// Matched had the same file in the baseline.
	Matched int `json:"matched"`
	// Moved had another file in the baseline, found by the organisation
	// code.
	Moved int `json:"moved"`
	// New were not in the baseline.
	New int `json:"new"`
	// Gone are the baseline's plans whose files are gone.
	Gone int `json:"gone"`
}

// The ways a plan is matched with a baseline's plan.
const (
	MatchFile         = "file"
	MatchOrganisation = "organisation"
	MatchNone         = "none"
)

// PlanMatch says which baseline plan a plan was compared with: the one
// of the same file, one of the same organisation code whose file is gone
// (the plan moved; File is its old name), or none (a new plan).
type PlanMatch struct {
	Match string `json:"match"`
	File  string `json:"file,omitempty"`
}

// GonePlan is a baseline's plan whose file is gone, with what it missed.
type GonePlan struct {
	File   string   `json:"file"`
	Code   string   `json:"code,omitempty"`
	Missed []string `json:"missed"`
}

// The kinds of rule change between two catalogue versions.
const (
	RuleChanged = "changed"
	RuleAdded   = "added"
	RuleRemoved = "removed"
)

// RuleChange is a rule whose verdicts may differ between two catalogue
// versions for reasons other than the plan: it reads plans differently
// (changed), or only the later version has it (added) or only the
// earlier one (removed).
type RuleChange struct {
	ID     string `json:"id"`
	Change string `json:"change"`
	What   string `json:"what"`
}
