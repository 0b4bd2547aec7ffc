package compare

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// MarkOf is the mark of a result whose status is now, when the baseline
// did or did not miss it. A miss now is persisting or new; a result that
// is not checked now (skipped) is unchanged, since it is not known to be
// mended; anything else is fixed when it was missed then, and unchanged
// when it was not. A baseline's skipped, waived, met or not applicable
// result, a rule it did not have, and a plan it did not have all count as
// not missed then: the baseline does not vouch for them.
func MarkOf(missedThen bool, now check.Status) check.Mark {
	switch {
	case now == check.Missed && missedThen:
		return check.MarkPersisting
	case now == check.Missed:
		return check.MarkNew
	case now == check.Skipped:
		return check.MarkUnchanged
	case missedThen:
		return check.MarkFixed
	}
	return check.MarkUnchanged
}

// matcher pairs the plans of a run with those of an earlier run: by file
// first; then, for a plan whose file the earlier run did not have, by
// organisation code, with the one earlier plan of that code whose file
// is no longer present (the plan moved). When several earlier plans of
// the code have gone, which one moved cannot be told, and none is paired;
// when several new files have the code, the first to be matched, in the
// run's file order, takes it.
type matcher struct {
	old     []Plan
	byFile  map[string]int
	byCode  map[string][]int
	present func(string) bool
	// covered tells whether the run looked where a file was (nil: it
	// looked everywhere).
	covered func(string) bool
	known   map[string]bool
	taken   []bool
}

func newMatcher(old []Plan, present, covered func(string) bool) *matcher {
	m := &matcher{old: old, byFile: map[string]int{}, byCode: map[string][]int{}, present: present, covered: covered, known: map[string]bool{}, taken: make([]bool, len(old))}
	for i, p := range old {
		m.byFile[p.File] = i
		if code := p.Organisation.Code; code != "" {
			m.byCode[code] = append(m.byCode[code], i)
		}
	}
	return m
}

// there tells whether a file of the earlier run is still present.
func (m *matcher) there(file string) bool {
	if v, ok := m.known[file]; ok {
		return v
	}
	v := m.present(file)
	m.known[file] = v
	return v
}

// match returns the index of the earlier plan a plan is paired with, and
// how (report.MatchFile, MatchOrganisation or MatchNone, with -1).
func (m *matcher) match(file, code string) (int, string) {
	if i, ok := m.byFile[file]; ok && !m.taken[i] {
		m.taken[i] = true
		return i, report.MatchFile
	}
	if code == "" {
		return -1, report.MatchNone
	}
	gone := -1
	for _, i := range m.byCode[code] {
		if m.taken[i] || m.there(m.old[i].File) {
			continue
		}
		if gone >= 0 {
			return -1, report.MatchNone
		}
		gone = i
	}
	if gone < 0 {
		return -1, report.MatchNone
	}
	m.taken[gone] = true
	return gone, report.MatchOrganisation
}

// left lists the earlier plans no plan was paired with: gone when their
// file is no longer present where the run looked, unchecked when it is
// (the run did not check it, or could not read it) or when the run did
// not look there (a run over some of the plans cannot tell that a plan it
// did not look for moved or went).
func (m *matcher) left() (gone, unchecked []int) {
	for i, p := range m.old {
		switch {
		case m.taken[i]:
		case m.there(p.File), m.covered != nil && !m.covered(p.File):
			unchecked = append(unchecked, i)
		default:
			gone = append(gone, i)
		}
	}
	return gone, unchecked
}

// missed lists the ids of a plan's missed results.
func missed(p *report.Plan) []string {
	out := []string{}
	for _, r := range p.Results {
		if r.Status == check.Missed {
			out = append(out, r.ID)
		}
	}
	return out
}

// Comparer marks a run's results against a baseline as its plans come,
// in file order, and counts the marks.
type Comparer struct {
	old *Run
	m   *matcher
	out report.Baseline
}

// Options tune a comparison.
type Options struct {
	// Present tells whether a file the baseline names is still there (on
	// disk, for lint; in the newer report, for a diff): a baseline plan
	// whose file is gone may have moved.
	Present func(file string) bool
	// Covered tells whether the run looked where a file the baseline
	// names was (nil: everywhere): a plan whose file is gone from where the
	// run did not look is not checked, rather than gone.
	Covered func(file string) bool
	// Changed are the rules that read plans differently in the two runs'
	// catalogues (see Changes).
	Changed []report.RuleChange
	// FailOnNew records that the gate fails only on new misses.
	FailOnNew bool
}

// NewComparer compares with the baseline old.
func NewComparer(old *Run, opts Options) *Comparer {
	changed := opts.Changed
	if changed == nil {
		changed = []report.RuleChange{}
	}
	return &Comparer{old: old, m: newMatcher(old.Plans, opts.Present, opts.Covered), out: report.Baseline{
		File: old.Name, Kind: string(old.Kind), CatalogueVersion: old.CatalogueVersion, FailOnNew: opts.FailOnNew,
		Gone: []report.GonePlan{}, Changed: changed,
	}}
}

// Plan marks each of p's results, and records on p which baseline plan it
// was compared with; it returns that plan, or nil for a plan the
// baseline did not have.
func (c *Comparer) Plan(p *report.Plan) *Plan {
	i, how := c.m.match(p.File, p.Organisation.Code)
	var was *Plan
	then := map[string]bool{}
	if i >= 0 {
		was = &c.old.Plans[i]
		for _, id := range was.missed() {
			then[id] = true
		}
	}
	p.Baseline = &report.PlanMatch{Match: how}
	switch how {
	case report.MatchFile:
		c.out.Plans.Matched++
	case report.MatchOrganisation:
		c.out.Plans.Moved++
		p.Baseline.File = was.File
	default:
		c.out.Plans.New++
	}
	for j := range p.Results {
		r := &p.Results[j]
		r.Baseline = MarkOf(then[r.ID], r.Status)
		switch r.Baseline {
		case check.MarkNew:
			c.out.New++
		case check.MarkFixed:
			c.out.Fixed++
		case check.MarkPersisting:
			c.out.Persisting++
		default:
			c.out.Unchanged++
		}
	}
	return was
}

// End says what the comparison found, with the baseline's plans that are
// gone: their misses are listed, and not counted as fixed, since a plan
// that is not there meets nothing.
func (c *Comparer) End() *report.Baseline {
	gone, _ := c.m.left()
	out := c.out
	out.Gone = []report.GonePlan{}
	for _, i := range gone {
		p := &c.old.Plans[i]
		out.Gone = append(out.Gone, report.GonePlan{File: p.File, Code: p.Organisation.Code, Missed: p.missed()})
	}
	sort.Slice(out.Gone, func(i, j int) bool { return out.Gone[i].File < out.Gone[j].File })
	out.Plans.Gone = len(out.Gone)
	return &out
}

// Header is what a report knows of its baseline before its plans are
// compared: which file, what kind, which catalogue version, and what
// changed between the versions; its counts are 0.
func (c *Comparer) Header() *report.Baseline {
	h := c.out
	h.New, h.Fixed, h.Persisting, h.Unchanged, h.Plans = 0, 0, 0, 0, report.BaselinePlans{}
	return &h
}

// Changes lists the rules whose verdicts may differ between two runs for
// reasons other than the plans, sorted by id: those whose records in the
// catalogue (check.Rule.Changes) fall between the two catalogue versions,
// and those that only one run has (when both runs say which rules they
// had). Nothing, when the versions are the same.
func Changes(cat *check.Catalogue, oldVersion int, oldRules []string, newVersion int, newRules []string) []report.RuleChange {
	out := []report.RuleChange{}
	if oldVersion == newVersion {
		return out
	}
	had, has := map[string]bool{}, map[string]bool{}
	var ids []string
	for _, id := range oldRules {
		had[id] = true
		ids = append(ids, id)
	}
	for _, id := range newRules {
		if !had[id] {
			ids = append(ids, id)
		}
		has[id] = true
	}
	sort.Strings(ids)
	for _, id := range ids {
		switch {
		case had[id] && !has[id] && len(newRules) > 0:
			out = append(out, report.RuleChange{ID: id, Change: report.RuleRemoved,
				What: fmt.Sprintf("in catalogue version %d, not in version %d", oldVersion, newVersion)})
		case has[id] && !had[id] && len(oldRules) > 0:
			out = append(out, report.RuleChange{ID: id, Change: report.RuleAdded,
				What: fmt.Sprintf("in catalogue version %d, not in version %d", newVersion, oldVersion)})
		default:
			r, ok := cat.Lookup(id)
			if !ok {
				continue
			}
			var what []string
			last := 0
			for _, ch := range r.ChangedBetween(oldVersion, newVersion) {
				if ch.Version != last {
					what = append(what, fmt.Sprintf("version %d: %s", ch.Version, ch.What))
					last = ch.Version
					continue
				}
				// Changes of one version are said after one "version N:".
				what[len(what)-1] += "; " + ch.What
			}
			if len(what) > 0 {
				out = append(out, report.RuleChange{ID: id, Change: report.RuleChanged, What: strings.Join(what, "; ")})
			}
		}
	}
	return out
}
