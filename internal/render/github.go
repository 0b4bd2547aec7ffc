package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// GitHub Actions workflow commands, which GitHub shows on the lines of the
// pull request. GitHub shows at most GitHubAnnotations annotations of each
// kind (error, warning, notice) per step and drops the rest without a
// word, so the writer chooses which to print: what fails the gate first,
// so that the annotations a reader sees explain the step's exit code.
//
//   - error: files that could not be read (exit 2), then misses of rules
//     at or above --fail-on (exit 1), plan by plan in file order;
//   - warning: misses of rules below the gate;
//   - notice: advice, then the findings of waived results.
//
// Within each of these, findings on a line of their own come before those
// placed on line 1 because the section they are about is missing: an
// annotation is worth its place on the line to fix, and a finding on line
// 1 reads the same in the job summary. The writer ends with the totals and
// a line that says how many findings were not annotated and where they
// are; it prints nothing else, so every other line is a workflow command.

// GitHubAnnotations is how many annotations of each kind GitHub shows for
// one step.
const GitHubAnnotations = 10

// annotationClass is why a finding is annotated, in the order the budget
// is spent on; each class has one kind.
type annotationClass int

const (
	classUnreadable    annotationClass = iota // error: a file that could not be read
	classGate                                 // error: a miss at or above --fail-on
	classBelowGateMust                        // warning: a must miss the gate lets pass (--fail-on never, or not new with --fail-on-new)
	classBelowGate                            // warning: any other miss below the gate
	classAdvice                               // notice: advice
	classWaived                               // notice: a waived result's finding
	classes
)

func (c annotationClass) kind() string {
	switch c {
	case classUnreadable, classGate:
		return "error"
	case classBelowGateMust, classBelowGate:
		return "warning"
	}
	return "notice"
}

// The kinds of annotation, in the order they are printed: errors first, so
// that the reason for the exit code is the first line a reader sees.
var annotationKinds = []string{"error", "warning", "notice"}

// bucket holds the first annotations of one class and placement, and
// counts them all. A kind takes at most GitHubAnnotations from its first
// bucket, so no bucket needs to hold more: the writer's memory does not
// grow with the run.
type bucket struct {
	lines []string
	total int
}

// full tells whether the bucket holds all it can use: later annotations
// are only counted, and need not be formatted.
func (b *bucket) full() bool { return len(b.lines) >= GitHubAnnotations }

type githubWriter struct {
	w io.Writer
	// h holds the gate: what fails it is annotated first.
	h Header
	// elsewhere names where the findings left unannotated can be read.
	elsewhere []string
	// buckets[class][0] holds findings with a line of their own,
	// buckets[class][1] those placed on line 1 for want of one.
	buckets [classes][2]bucket
}

func newGitHubWriter(w io.Writer, h Header, opts Options) *githubWriter {
	return &githubWriter{w: w, h: h, elsewhere: opts.Elsewhere}
}

// Workflow commands end at a newline and split properties at , and :, so
// those are escaped as GitHub documents.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// workflowCommand formats one annotation as a line of the log.
func workflowCommand(kind, file string, line, col int, title, msg string) string {
	props := []string{"file=" + ghProperty.Replace(safetext.Clean(file))}
	if line > 0 {
		props = append(props, fmt.Sprintf("line=%d", line), fmt.Sprintf("col=%d", col))
	}
	props = append(props, "title="+ghProperty.Replace(safetext.Clean(title)))
	return fmt.Sprintf("::%s %s::%s\n", kind, strings.Join(props, ","), ghData.Replace(safetext.Clean(msg)))
}

// classify says why a finding of a result is annotated.
func (g *githubWriter) classify(r *check.Result, f check.Finding) annotationClass {
	switch {
	case r.Status == check.Waived:
		return classWaived
	case f.Level == check.Advice:
		return classAdvice
	case g.h.fails(r):
		return classGate
	case r.Severity == check.Must:
		return classBelowGateMust
	}
	return classBelowGate
}

// lineless tells a finding placed on line 1 (or on none) because what it
// is about is missing from the plan. A finding about the plan's first key
// is on line 1 too, and so is ranked with these; it is still annotated
// when the budget allows.
func lineless(f check.Finding) bool { return f.Line <= 1 }

// bucketFor is where an annotation of class c goes.
func (g *githubWriter) bucketFor(c annotationClass, noLine bool) *bucket {
	if noLine {
		return &g.buckets[c][1]
	}
	return &g.buckets[c][0]
}

// Plan files the plan's findings: nothing is printed before End, which
// alone knows the files that could not be read, and they come first.
func (g *githubWriter) Plan(p *report.Plan) error {
	for i := range p.Results {
		r := &p.Results[i]
		if r.Status == check.NotApplicable {
			continue
		}
		for _, f := range inLineOrder(r.Findings) {
			c := g.classify(r, f)
			b := g.bucketFor(c, lineless(f))
			b.total++
			if !b.full() {
				title := r.ID + ": " + r.Title
				if r.Baseline == check.MarkNew && f.Level == check.Miss {
					title += " (new)"
				}
				b.lines = append(b.lines, workflowCommand(c.kind(), p.File, f.Line, f.Column, title, f.Message))
			}
		}
	}
	return nil
}

func (g *githubWriter) End(t report.Tail) error {
	for _, e := range t.Errors {
		bk := g.bucketFor(classUnreadable, false)
		bk.total++
		if !bk.full() {
			bk.lines = append(bk.lines, workflowCommand("error", e.File, e.Line, e.Column, "plancheck: the file could not be read", e.Message))
		}
	}
	var b strings.Builder
	var leftFindings, leftFiles int
	for _, kind := range annotationKinds {
		shown := 0
		for c := range classes {
			if c.kind() != kind {
				continue
			}
			for tier := range g.buckets[c] {
				bk := &g.buckets[c][tier]
				n := min(len(bk.lines), GitHubAnnotations-shown)
				for _, line := range bk.lines[:n] {
					b.WriteString(line)
				}
				shown += n
				if c == classUnreadable {
					leftFiles += bk.total - n
				} else {
					leftFindings += bk.total - n
				}
			}
		}
	}
	s := t.Summary
	fmt.Fprintf(&b, "plancheck: %s checked, %d unreadable: %d met, %d missed, %d waived, %d not applicable\n",
		Many(s.Plans, "plan", "plans"), s.Unreadable, s.Met, s.Missed, s.Waived, s.NotApplicable)
	if bl := t.Baseline; bl != nil {
		fmt.Fprintf(&b, "plancheck: against the baseline %s: %s (%s)\n", ghData.Replace(safetext.Clean(bl.File)), baselineCounts(bl), gate(s))
	}
	b.WriteString(notAnnotated(leftFindings, leftFiles, g.elsewhere))
	_, err := io.WriteString(g.w, b.String())
	return err
}

// notAnnotated is the closing line: how many findings (and unreadable
// files) GitHub would not have shown, and where to read them.
func notAnnotated(findings, files int, elsewhere []string) string {
	if findings == 0 && files == 0 {
		return "plancheck: every finding is annotated\n"
	}
	var parts []string
	if findings > 0 {
		parts = append(parts, Many(findings, "more finding", "more findings"))
	}
	if files > 0 {
		parts = append(parts, Many(files, "more unreadable file", "more unreadable files"))
	}
	verb := "are"
	if findings+files == 1 {
		verb = "is"
	}
	return fmt.Sprintf("plancheck: %s %s not annotated (GitHub shows %d of each kind); %s\n",
		strings.Join(parts, " and "), verb, GitHubAnnotations, seeElsewhere(elsewhere))
}

// seeElsewhere says where the whole report can be read.
func seeElsewhere(elsewhere []string) string {
	if len(elsewhere) == 0 {
		return "plancheck lint --format text lists them all"
	}
	names := make([]string, len(elsewhere))
	for i, e := range elsewhere {
		names[i] = safetext.Clean(e)
	}
	return "see " + joinWords(names)
}

// joinWords joins a list as prose: "a", "a and b", "a, b and c".
func joinWords(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func (g *githubWriter) Close() error { return nil }
