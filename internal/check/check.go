// Package check is plancheck's model of a check and its verdict, with no
// policy engine in it: a check (a Rule) judges a plan and yields a Result
// with Findings. Every recommendation is a check, and so is plan-format,
// the plan format's own check; what sets a rule apart (its Kind) is data
// on the rule, so that reports and renderers treat all rules alike.
package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/plancheck/plancheck/internal/suggest"
)

// Severity says what missing a rule costs: a missed must rule fails the
// default gate, a missed should rule only `--fail-on should`.
type Severity string

// Severities, from the most to the least serious.
const (
	Must   Severity = "must"
	Should Severity = "should"
)

// Rank orders severities: a higher rank is more serious.
func (s Severity) Rank() int {
	switch s {
	case Must:
		return 2
	case Should:
		return 1
	}
	return 0
}

// Level is what a finding does to its rule: a miss makes it missed;
// advice leaves it met.
type Level string

// The levels of a finding (report format version 2). Version 1 called them
// must and should, the words of a rule's severity.
const (
	Miss   Level = "miss"
	Advice Level = "advice"
)

// Kind says what sort of check a rule is.
type Kind string

// The kinds of rule. A recommendation comes from a framework's document; a
// format rule is the plan format's own check: it does not count in a
// plan's score, unreadable files are reported under it, and reports show
// it as the file's validity.
const (
	Recommendation Kind = "recommendation"
	Format         Kind = "format"
)

// Source is the passage a rule rests on.
type Source struct {
	Document string `json:"document"`
	Section  string `json:"section"`
	URL      string `json:"url"`
	Quote    string `json:"quote,omitempty"`
}

// Rule describes one check: what it is, where it comes from, what meets it.
type Rule struct {
	ID          string   `json:"id"`
	Kind        Kind     `json:"kind"`
	Title       string   `json:"title"`
	Framework   string   `json:"framework"`
	Severity    Severity `json:"severity"`
	Summary     string   `json:"summary"`
	Remediation string   `json:"remediation"`
	Source      Source   `json:"source"`
	// Meets and Advice list, in words, what meets the rule and what is
	// advised; Example is a plan fragment that meets it.
	Meets     []string `json:"meets"`
	Advice    []string `json:"advice,omitempty"`
	AppliesTo string   `json:"applies_when,omitempty"`
	Example   string   `json:"example"`
	// Vocabulary names the word lists (data.plancheck.vocabulary) the rule
	// matches a plan's free text against, such as "clinical_roles".
	Vocabulary []string `json:"vocabulary,omitempty"`
	// Changes are what catalogue versions changed in how the rule reads a
	// plan, oldest first: a result compared with one of an earlier
	// version may differ for that reason and not the plan's.
	Changes []Change `json:"changes,omitempty"`
	// File is the policy file the rule is written in.
	File string `json:"-"`
}

// Scored tells whether the rule counts in a plan's score.
func (r Rule) Scored() bool { return r.Kind != Format }

// Change is what one catalogue version changed in a rule, in words.
type Change struct {
	// Version is the catalogue version that made the change: the rule
	// read plans differently in the version before it.
	Version int    `json:"version"`
	What    string `json:"what"`
}

// ChangedBetween lists what changed in the rule after catalogue version
// from, up to and including version to (in either order): nothing when
// the two versions read plans alike.
func (r Rule) ChangedBetween(from, to int) []Change {
	lo, hi := min(from, to), max(from, to)
	var out []Change
	for _, c := range r.Changes {
		if c.Version > lo && c.Version <= hi {
			out = append(out, c)
		}
	}
	return out
}

// Framework is a body of recommendations: a document and its criteria.
type Framework struct {
	ID string `json:"id"`
	// Title names the framework for people ("Wade-Gery review (2021)").
	Title string `json:"title"`
	// Citation is the short form a report gives beside each rule.
	Citation string `json:"citation,omitempty"`
}

// Catalogue is the set of rules a run can check, sorted by id, and the
// frameworks they belong to, in the order reports show them.
type Catalogue struct {
	Version    int
	Rules      []Rule
	Frameworks []Framework
	byID       map[string]int
}

// NewCatalogue sorts the rules and indexes them. Frameworks that rules name
// but that are not described are added after the described ones, sorted,
// titled by their id.
func NewCatalogue(version int, rules []Rule, frameworks []Framework) *Catalogue {
	c := &Catalogue{Version: version, Rules: append([]Rule(nil), rules...), byID: map[string]int{}}
	sort.Slice(c.Rules, func(i, j int) bool { return c.Rules[i].ID < c.Rules[j].ID })
	for i, r := range c.Rules {
		c.byID[r.ID] = i
	}
	known := map[string]bool{}
	for _, f := range frameworks {
		known[f.ID] = true
		c.Frameworks = append(c.Frameworks, f)
	}
	var extra []string
	for _, r := range c.Rules {
		if !known[r.Framework] {
			known[r.Framework] = true
			extra = append(extra, r.Framework)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		c.Frameworks = append(c.Frameworks, Framework{ID: id, Title: id})
	}
	return c
}

// Lookup returns the rule with the given id.
func (c *Catalogue) Lookup(id string) (Rule, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Rule{}, false
	}
	return c.Rules[i], true
}

// Framework returns the framework with the given id; one no rule or
// description names is titled by its id.
func (c *Catalogue) Framework(id string) Framework {
	for _, f := range c.Frameworks {
		if f.ID == id {
			return f
		}
	}
	return Framework{ID: id, Title: id}
}

// IDs lists the rules' ids, sorted.
func (c *Catalogue) IDs() []string {
	ids := make([]string, len(c.Rules))
	for i, r := range c.Rules {
		ids[i] = r.ID
	}
	return ids
}

// OfKind lists the rules of one kind, sorted by id.
func (c *Catalogue) OfKind(k Kind) []Rule {
	var out []Rule
	for _, r := range c.Rules {
		if r.Kind == k {
			out = append(out, r)
		}
	}
	return out
}

// Status is the verdict on one rule for one plan.
type Status string

// The statuses of a result.
const (
	Met           Status = "met"
	Missed        Status = "missed"
	Waived        Status = "waived"
	NotApplicable Status = "not_applicable"
	// Skipped is a rule the run left out (--only, --skip).
	Skipped Status = "skipped"
)

// Mark says how a result compares with the same plan's result in an
// earlier run (a baseline): a miss the change brought, one it mended,
// one that was there already, or none of these.
type Mark string

// The marks of a result compared with a baseline.
const (
	// MarkNew is missed now and not missed then: by the baseline's
	// account, the change broke it.
	MarkNew Mark = "new"
	// MarkFixed was missed then and is not missed now (met, not
	// applicable or waived).
	MarkFixed Mark = "fixed"
	// MarkPersisting is missed now and was missed then: a known gap.
	MarkPersisting Mark = "persisting"
	// MarkUnchanged is anything else: not missed either time, or not
	// checked now (skipped).
	MarkUnchanged Mark = "unchanged"
)

// Finding is one thing a check found, about the field at Path.
type Finding struct {
	Level   Level  `json:"level"`
	Path    string `json:"path"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	// EndLine and EndColumn are where the key or value at Line and Column
	// ends: the position just after its last character, 0 when unknown.
	// SARIF regions carry them; the JSON report (format version 2) gives
	// a finding's start only.
	EndLine   int `json:"-"`
	EndColumn int `json:"-"`
}

// Waiver is the "comply or explain" record that waived a result.
type Waiver struct {
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved_by"`
	Expires    string `json:"expires"`
}

// ReportSource is the part of a rule's source a report carries.
type ReportSource struct {
	Document string `json:"document"`
	Section  string `json:"section"`
	URL      string `json:"url"`
}

// Result is the verdict on one rule for one plan.
type Result struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Framework   string       `json:"framework"`
	Severity    Severity     `json:"severity"`
	Status      Status       `json:"status"`
	Findings    []Finding    `json:"findings"`
	Waiver      *Waiver      `json:"waiver,omitempty"`
	Remediation string       `json:"remediation"`
	Source      ReportSource `json:"source"`
	// Kind is the rule's kind, for writers that show format rules apart.
	Kind Kind `json:"-"`
	// Baseline marks the result against a baseline run, when the run was
	// compared with one (lint --baseline).
	Baseline Mark `json:"baseline,omitempty"`
}

// NewResult starts the result of a rule, its findings sorted.
func NewResult(r Rule, status Status, findings []Finding) Result {
	if findings == nil {
		findings = []Finding{}
	}
	SortFindings(findings)
	return Result{
		ID: r.ID, Title: r.Title, Framework: r.Framework, Severity: r.Severity,
		Status: status, Findings: findings, Remediation: r.Remediation,
		Source: ReportSource{Document: r.Source.Document, Section: r.Source.Section, URL: r.Source.URL},
		Kind:   r.Kind,
	}
}

// Scored tells whether the result's rule counts in its plan's score (a
// skipped or not applicable result does not, whatever its rule).
func (r *Result) Scored() bool { return r.Kind != Format }

// Advice tells whether the result carries advice ("met with advice").
func (r *Result) Advice() bool {
	for _, f := range r.Findings {
		if f.Level == Advice {
			return true
		}
	}
	return false
}

// SortFindings orders findings by path (list indexes compared as numbers),
// then level (misses first), then message, so that reports are the same
// however the checks ran.
func SortFindings(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if c := ComparePaths(a.Path, b.Path); c != 0 {
			return c < 0
		}
		if a.Level != b.Level {
			return a.Level == Miss
		}
		return a.Message < b.Message
	})
}

// ComparePaths orders dotted paths with list indexes compared as numbers,
// so that objectives[2] comes before objectives[10].
func ComparePaths(a, b string) int {
	for a != "" && b != "" {
		if a[0] == '[' && b[0] == '[' {
			na, ra, okA := index(a)
			nb, rb, okB := index(b)
			if okA && okB {
				if na != nb {
					if na < nb {
						return -1
					}
					return 1
				}
				a, b = ra, rb
				continue
			}
		}
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

// index reads a list index "[12]" at the start of s, and what follows it.
func index(s string) (uint64, string, bool) {
	end := strings.IndexByte(s, ']')
	if end < 2 {
		return 0, s, false
	}
	n, err := strconv.ParseUint(s[1:end], 10, 64)
	if err != nil {
		return 0, s, false
	}
	return n, s[end+1:], true
}

// Selection is the set of rules a run reports: --only and --skip resolved
// against a catalogue.
type Selection struct {
	included map[string]bool
}

// Select resolves --only and --skip, each a list of rule ids and framework
// ids. Only keeps the rules it names (all when empty), Skip drops those it
// names; a format rule is always kept, and naming it in skip is an error:
// it judges whether the plan can be read as meant at all.
func Select(c *Catalogue, only, skip []string) (*Selection, error) {
	names := map[string]bool{}
	for _, r := range c.Rules {
		names[r.ID] = true
		names[r.Framework] = true
	}
	for _, n := range append(append([]string{}, only...), skip...) {
		if !names[n] {
			return nil, &UnknownNameError{Name: n, Known: c.Names()}
		}
	}
	named := func(r Rule, list []string) bool {
		for _, n := range list {
			if n == r.ID || n == r.Framework {
				return true
			}
		}
		return false
	}
	s := &Selection{included: map[string]bool{}}
	for _, r := range c.Rules {
		switch {
		case r.Kind == Format:
			if named(r, skip) {
				return nil, fmt.Errorf("%s cannot be skipped: it says whether the plan can be read as meant", r.ID)
			}
			s.included[r.ID] = true
		default:
			s.included[r.ID] = (len(only) == 0 || named(r, only)) && !named(r, skip)
		}
	}
	return s, nil
}

// Includes tells whether the rule with the given id is reported.
func (s *Selection) Includes(id string) bool { return s == nil || s.included[id] }

// Rules lists the catalogue's rules that the selection includes, by id.
func (s *Selection) Rules(c *Catalogue) []Rule {
	var out []Rule
	for _, r := range c.Rules {
		if s.Includes(r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// Names lists what --only and --skip accept: rule ids, then frameworks.
func (c *Catalogue) Names() []string {
	out := c.IDs()
	for _, f := range c.Frameworks {
		out = append(out, f.ID)
	}
	return out
}

// UnknownNameError is an --only or --skip name that is neither a rule id
// nor a framework.
type UnknownNameError struct {
	Name  string
	Known []string
}

func (e *UnknownNameError) Error() string {
	return strconv.Quote(e.Name) + " is neither a recommendation id nor a framework" + suggest.Hint(e.Name, e.Known) + "; see plancheck rules"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
