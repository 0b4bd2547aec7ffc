package compare

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"io"
	"sort"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// BaselineSchema is the JSON Schema (draft 2020-12) of a baseline file,
// which plancheck schema --baseline prints.
//
//go:embed baseline.schema.json
var BaselineSchema []byte

// Entry is a baseline file's record of one plan: its file, its
// organisation's code (to find it again when it moves), and the rules it
// missed.
type Entry struct {
	File   string   `json:"file"`
	Code   string   `json:"code,omitempty"`
	Missed []string `json:"missed"`
}

// Baseline is a baseline file: the misses of every plan a repository's
// runs have accepted, and no more, so that it is small enough to keep
// beside the plans and reads as a diff when it changes (a line a plan).
type Baseline struct {
	BaselineVersion  int         `json:"baseline_version"`
	Tool             report.Tool `json:"tool"`
	CatalogueVersion int         `json:"catalogue_version"`
	// Rules are the ids of the catalogue that wrote it, so that a later
	// catalogue can say which rules are new.
	Rules []string `json:"rules"`
	Plans []Entry  `json:"plans"`
}

// Writer makes the baseline file a run writes. It is incremental: it
// starts from an earlier baseline (or report) and, for each plan the run
// checks, keeps the misses that are still missed and adds the new ones;
// a miss the run found mended (met, not applicable or waived) is dropped;
// a recommendation the run did not check on the plan (skipped, or not in
// its catalogue) keeps its entry. A plan the run did not check keeps its
// entry while its file is there, or when the run did not look where it
// was, so that a run over some of the plans loses none of the others' (a
// plan that moved keeps its entry until a run checks it where it is); a
// plan whose file is gone from where the run looked is dropped. A plan
// that moved is recorded under its new file.
type Writer struct {
	old     *Run
	m       *matcher
	head    Baseline
	entries []Entry
}

// NewWriter starts a baseline for a run of the catalogue cat, from the
// earlier run old (nil: none). files.Present tells whether a file old
// names is still there, files.Covered whether the run looked there.
func NewWriter(old *Run, files Options, cat *check.Catalogue, tool report.Tool) *Writer {
	w := &Writer{old: old, head: Baseline{BaselineVersion: BaselineVersion, Tool: tool, CatalogueVersion: cat.Version, Rules: cat.IDs()}}
	if old != nil {
		w.m = newMatcher(old.Plans, files.Present, files.Covered)
	}
	return w
}

// Plan records a plan the run checked.
func (w *Writer) Plan(p *report.Plan) {
	e := Entry{File: p.File, Code: p.Organisation.Code, Missed: missed(p)}
	if w.m != nil {
		if i, _ := w.m.match(p.File, p.Organisation.Code); i >= 0 {
			checked := map[string]bool{}
			for _, r := range p.Results {
				if r.Status != check.Skipped {
					checked[r.ID] = true
				}
			}
			for _, id := range w.old.Plans[i].missed() {
				if !checked[id] {
					e.Missed = append(e.Missed, id)
				}
			}
		}
	}
	sort.Strings(e.Missed)
	w.entries = append(w.entries, e)
}

// Baseline is the baseline as it stands: the run's plans, and the
// earlier baseline's plans the run did not check whose files are there.
func (w *Writer) Baseline() Baseline {
	b := w.head
	b.Plans = append([]Entry{}, w.entries...)
	if w.m != nil {
		_, unchecked := w.m.left()
		for _, i := range unchecked {
			p := &w.old.Plans[i]
			b.Plans = append(b.Plans, Entry{File: p.File, Code: p.Organisation.Code, Missed: p.missed()})
		}
	}
	sort.Slice(b.Plans, func(i, j int) bool { return b.Plans[i].File < b.Plans[j].File })
	return b
}

// Write writes the baseline file: the keys in order, a plan a line.
func (w *Writer) Write(out io.Writer) error {
	b := w.Baseline()
	bw := bufio.NewWriter(out)
	field := func(name string, v any, last bool) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		bw.WriteString("  \"" + name + "\": ")
		bw.Write(data)
		if !last {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		return nil
	}
	bw.WriteString("{\n")
	for _, f := range []struct {
		name string
		v    any
	}{{"baseline_version", b.BaselineVersion}, {"tool", b.Tool}, {"catalogue_version", b.CatalogueVersion}, {"rules", b.Rules}} {
		if err := field(f.name, f.v, false); err != nil {
			return err
		}
	}
	if len(b.Plans) == 0 {
		bw.WriteString("  \"plans\": []\n")
	} else {
		bw.WriteString("  \"plans\": [\n")
		for i, e := range b.Plans {
			data, err := json.Marshal(e)
			if err != nil {
				return err
			}
			bw.WriteString("    ")
			bw.Write(data)
			if i < len(b.Plans)-1 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
		}
		bw.WriteString("  ]\n")
	}
	bw.WriteString("}\n")
	return bw.Flush()
}
