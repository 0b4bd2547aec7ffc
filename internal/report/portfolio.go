package report

import (
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
)

// A portfolio is a run's plans side by side: for each rule, how many plans
// met it, missed it and so on, and the findings that plans missing it
// share; and, when asked for, each plan's row of the matrix. It is built
// as plans arrive and keeps only that, so that a run over 100,000 plans
// holds counts, not reports.

// SharedLimit is how many shared findings a portfolio keeps for each rule:
// the most common.
const SharedLimit = 3

// Mark is one plan's verdict on one rule, as a portfolio's row keeps it:
// one byte a cell.
type Mark byte

// The marks. MarkNone is a rule the plan has no result for (a rule that
// a custom policy folder added after the plan was checked cannot have
// one; it is kept apart rather than called met or missed).
const (
	MarkNone Mark = iota
	MarkMet
	// MarkAdvice is met, with advice.
	MarkAdvice
	MarkMissed
	MarkWaived
	MarkNotApplicable
	MarkSkipped
)

// markOf is the mark of a result.
func markOf(r *check.Result) Mark {
	switch r.Status {
	case check.Met:
		if r.Advice() {
			return MarkAdvice
		}
		return MarkMet
	case check.Missed:
		return MarkMissed
	case check.Waived:
		return MarkWaived
	case check.NotApplicable:
		return MarkNotApplicable
	case check.Skipped:
		return MarkSkipped
	}
	return MarkNone
}

// PortfolioRule is one rule across the portfolio, a column of the matrix:
// how many plans had each verdict on it, and the findings the plans that
// missed it share.
type PortfolioRule struct {
	ID        string
	Title     string
	Framework string
	Severity  check.Severity
	Kind      check.Kind
	// Met counts plans that met the rule, with or without advice.
	Met, Missed, Waived, NotApplicable, Skipped int
	// Shared are the findings (of level miss) that at least two of the
	// plans that missed the rule have, the most common first, at most
	// SharedLimit of them.
	Shared []SharedFinding
}

// Applicable counts the plans the rule applied to: waived counts, as it
// does in a plan's score.
func (r *PortfolioRule) Applicable() int { return r.Met + r.Missed + r.Waived }

// SharedFinding is a finding that several plans have: the same rule, the
// same path and the same words. The policies write the same message for
// the same gap, so plans that say it lack the same thing.
type SharedFinding struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	// Plans counts the plans that have the finding.
	Plans int `json:"plans"`
}

// PortfolioPlan is one plan's row of the matrix.
type PortfolioPlan struct {
	File         string
	Organisation Organisation
	Score        Score
	// Marks are the plan's verdicts, one for each of the portfolio's
	// rules, in their order.
	Marks []Mark
}

// Portfolio is the run's plans side by side.
type Portfolio struct {
	// Plans counts the plans in the portfolio: every plan the run read.
	Plans int
	// Rules are the columns, in the order the builder was given: the
	// catalogue's frameworks in their order, and by id within each.
	Rules []PortfolioRule
	// Rows are the plans in the order they came (file order); nil unless
	// the builder was asked to keep them.
	Rows []PortfolioPlan
}

// MostMissed lists the rules that at least one plan missed, the most
// missed first; rules missed by as many plans come must before should,
// then by id.
func (p *Portfolio) MostMissed() []*PortfolioRule {
	var out []*PortfolioRule
	for i := range p.Rules {
		if p.Rules[i].Missed > 0 {
			out = append(out, &p.Rules[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Missed != b.Missed {
			return a.Missed > b.Missed
		}
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		return a.ID < b.ID
	})
	return out
}

// Shown tells whether reports show the portfolio: when it holds more
// than one plan. One plan side by side with nothing is its own report.
func (p *Portfolio) Shown() bool { return p != nil && p.Plans > 1 }

// PortfolioReport is the portfolio as the JSON report carries it (the
// key portfolio, when more than one plan was read), and SARIF in its
// run's properties: the number of plans, a line per rule (sorted by id,
// as a plan's results are) with its counts of plans and its shared
// findings, and the ids of the rules most often missed, in that order.
// The matrix's cells and row totals are not repeated: they are each
// plan's results and score.
type PortfolioReport struct {
	Plans      int                   `json:"plans"`
	Rules      []PortfolioRuleReport `json:"rules"`
	MostMissed []string              `json:"most_missed"`
}

// PortfolioRuleReport is a rule in PortfolioReport.
type PortfolioRuleReport struct {
	ID             string          `json:"id"`
	Title          string          `json:"title"`
	Framework      string          `json:"framework"`
	Severity       check.Severity  `json:"severity"`
	Met            int             `json:"met"`
	Missed         int             `json:"missed"`
	Waived         int             `json:"waived"`
	NotApplicable  int             `json:"not_applicable"`
	Skipped        int             `json:"skipped"`
	SharedFindings []SharedFinding `json:"shared_findings"`
}

// Report is the portfolio as the JSON report carries it.
func (p *Portfolio) Report() PortfolioReport {
	rules := make([]PortfolioRuleReport, len(p.Rules))
	for i, r := range p.Rules {
		shared := r.Shared
		if shared == nil {
			shared = []SharedFinding{}
		}
		rules[i] = PortfolioRuleReport{
			ID: r.ID, Title: r.Title, Framework: r.Framework, Severity: r.Severity,
			Met: r.Met, Missed: r.Missed, Waived: r.Waived, NotApplicable: r.NotApplicable, Skipped: r.Skipped,
			SharedFindings: shared,
		}
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	most := []string{}
	for _, r := range p.MostMissed() {
		most = append(most, r.ID)
	}
	return PortfolioReport{Plans: p.Plans, Rules: rules, MostMissed: most}
}

// PortfolioBuilder builds a portfolio from plans as they arrive.
//
// Shared findings are counted exactly with little memory: a finding is
// known by a 64-bit hash of its rule, path and message, and its words are
// kept only once a second plan has it. Most findings that carry a plan's
// own values (a date, a name) are said by one plan only, and cost a map
// entry of 16 bytes each, not their text.
type PortfolioBuilder struct {
	p     Portfolio
	index map[string]int
	keep  bool
	// seen counts, for each rule, the plans that have each finding.
	seen []map[uint64]tally
}

// tally counts the plans that have one finding; last is the latest of
// them (their number, from 1), so that a plan that says it twice counts
// once. text is kept from the second plan on.
type tally struct {
	plans, last int32
	text        *SharedFinding
}

// NewPortfolio starts a portfolio over the catalogue's rules, the columns
// in the order of the catalogue's frameworks and by id within each. With
// keepRows, each plan's row is kept, which a matrix needs; without, the
// portfolio holds only counts.
func NewPortfolio(cat *check.Catalogue, keepRows bool) *PortfolioBuilder {
	order := map[string]int{}
	for i, f := range cat.Frameworks {
		order[f.ID] = i
	}
	rules := append([]check.Rule(nil), cat.Rules...)
	sort.SliceStable(rules, func(i, j int) bool {
		// cat.Rules are sorted by id; a framework no entry describes is
		// added to cat.Frameworks by NewCatalogue, so every rule has one.
		return order[rules[i].Framework] < order[rules[j].Framework]
	})
	b := &PortfolioBuilder{index: make(map[string]int, len(rules)), keep: keepRows, seen: make([]map[uint64]tally, len(rules))}
	for i, r := range rules {
		b.index[r.ID] = i
		b.p.Rules = append(b.p.Rules, PortfolioRule{ID: r.ID, Title: r.Title, Framework: r.Framework, Severity: r.Severity, Kind: r.Kind})
		b.seen[i] = map[uint64]tally{}
	}
	return b
}

// Add counts a finished plan (see Plan.Finish). Results of rules the
// catalogue does not hold are not counted.
func (b *PortfolioBuilder) Add(p *Plan) {
	b.p.Plans++
	n := int32(b.p.Plans)
	var marks []Mark
	if b.keep {
		marks = make([]Mark, len(b.p.Rules))
	}
	for i := range p.Results {
		r := &p.Results[i]
		col, ok := b.index[r.ID]
		if !ok {
			continue
		}
		rule := &b.p.Rules[col]
		m := markOf(r)
		switch m {
		case MarkMet, MarkAdvice:
			rule.Met++
		case MarkMissed:
			rule.Missed++
			b.share(col, n, r.Findings)
		case MarkWaived:
			rule.Waived++
		case MarkNotApplicable:
			rule.NotApplicable++
		case MarkSkipped:
			rule.Skipped++
		}
		if marks != nil {
			marks[col] = m
		}
	}
	if b.keep {
		// Cloned, so that a row holds its own few bytes and not a larger
		// string they might have been cut from.
		b.p.Rows = append(b.p.Rows, PortfolioPlan{
			File: strings.Clone(p.File),
			Organisation: Organisation{
				Name: strings.Clone(p.Organisation.Name), Code: strings.Clone(p.Organisation.Code), Type: strings.Clone(p.Organisation.Type),
			},
			Score: p.Score, Marks: marks,
		})
	}
}

// share counts the misses of one plan's missed result.
func (b *PortfolioBuilder) share(col int, plan int32, fs []check.Finding) {
	seen := b.seen[col]
	for _, f := range fs {
		if f.Level != check.Miss {
			continue
		}
		key := findingKey(f.Path, f.Message)
		t := seen[key]
		if t.last == plan {
			continue
		}
		t.plans++
		t.last = plan
		if t.plans == 2 {
			t.text = &SharedFinding{Path: strings.Clone(f.Path), Message: strings.Clone(f.Message)}
		}
		seen[key] = t
	}
}

// Portfolio returns the portfolio of the plans added so far.
func (b *PortfolioBuilder) Portfolio() *Portfolio {
	p := b.p
	p.Rules = append([]PortfolioRule(nil), b.p.Rules...)
	for i := range p.Rules {
		var shared []SharedFinding
		for _, t := range b.seen[i] {
			if t.text != nil {
				s := *t.text
				s.Plans = int(t.plans)
				shared = append(shared, s)
			}
		}
		sort.Slice(shared, func(i, j int) bool {
			a, b := shared[i], shared[j]
			if a.Plans != b.Plans {
				return a.Plans > b.Plans
			}
			if c := check.ComparePaths(a.Path, b.Path); c != 0 {
				return c < 0
			}
			return a.Message < b.Message
		})
		if len(shared) > SharedLimit {
			shared = shared[:SharedLimit]
		}
		p.Rules[i].Shared = shared
	}
	return &p
}

// findingKey is FNV-1a (64 bits) of a finding's path and message, apart:
// computed in place, as hash/fnv would allocate for each finding.
func findingKey(path, message string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(path); i++ {
		h = (h ^ uint64(path[i])) * prime
	}
	h *= prime // a zero byte between the two
	for i := 0; i < len(message); i++ {
		h = (h ^ uint64(message[i])) * prime
	}
	return h
}
