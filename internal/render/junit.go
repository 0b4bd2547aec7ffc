package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// JUnit XML, as CI systems show test results, valid against the
// Jenkins/xunit junit-10.xsd (spec/report-format.md, "Other formats"): a
// testsuite per plan, a testcase per recommendation named by its id, with
// the plan file as its class, so that (classname, name) is unique across a
// run. A failure is exactly a miss that fails the gate (--fail-on); a miss
// below the gate passes and says so in system-out; waived, not applicable
// and skipped results are skipped with the reason; a file that cannot be
// read is a testsuite with one error testcase.
//
// Every text that comes from a plan, a file name or a custom policy goes
// through safetext.Clean, and encoding/xml escapes what is left: no control
// character reaches the XML, where most of them are not even allowed as
// character references.

type junitSuite struct {
	XMLName  xml.Name `xml:"testsuite"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	// Time is always "0": see junitTime.
	Time string `xml:"time,attr"`
	File string `xml:"file,attr,omitempty"`
	// Properties is a pointer so that a suite without any (an unreadable
	// file's) has no empty properties element.
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	List []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase has only what junit-10.xsd allows on a testcase: no file
// attribute (the suite carries it) and no time.
type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Output    string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitTime is the time every testsuite reports. The report model carries
// no check time, and a measured one would make two runs over the same
// plans write different reports (and the golden report unstable) for a
// number that says nothing about a plan: checking one takes milliseconds.
const junitTime = "0"

type junitWriter struct {
	w    io.Writer
	gate report.FailOn
	// onlyNew narrows the gate to new misses (--fail-on-new).
	onlyNew bool
	// selection says where --only/--skip were set, for the message of a
	// skipped result.
	selection string
	// unreadable names the testcase of a file that cannot be read: the
	// catalogue's format rule, under which every other format reports
	// such files too; "unreadable" for a header without a catalogue.
	unreadable string
	suites     spool
	totals     struct{ tests, failures, errors int }
}

func newJUnitWriter(w io.Writer, h Header) *junitWriter {
	j := &junitWriter{w: w, gate: h.FailOn, selection: h.Selection.Source, unreadable: "unreadable", suites: spool{limit: spoolLimit},
		onlyNew: h.Baseline != nil && h.Baseline.FailOnNew}
	// A header without a gate (a writer made outside lint) gets lint's
	// default, so that a must miss is still a failure.
	if j.gate == "" {
		j.gate = report.FailOnMust
	}
	if h.Catalogue != nil {
		if format := h.Catalogue.OfKind(check.Format); len(format) > 0 {
			j.unreadable = format[0].ID
		}
	}
	return j
}

// findingLines lists findings in line order, one a line, each with its
// place and its level in the words of report format 2.
func findingLines(file string, fs []check.Finding) string {
	var b strings.Builder
	for _, f := range inLineOrder(fs) {
		fmt.Fprintf(&b, "%s: %s: %s\n", location(file, f), f.Level, safetext.Clean(f.Message))
	}
	return b.String()
}

// misses says how many findings made a result missed.
func misses(r *check.Result) string {
	n := 0
	for _, f := range r.Findings {
		if f.Level == check.Miss {
			n++
		}
	}
	if n == 1 {
		return "1 miss"
	}
	return fmt.Sprintf("%d misses", n)
}

// skippedBecause is the message of a result the run left out, with where
// --only/--skip were set, as the JSON report's selection.source says it.
func (j *junitWriter) skippedBecause() string {
	if j.selection == "" || j.selection == "none" {
		return "skipped by configuration (--only/--skip)"
	}
	return "skipped by configuration (--only/--skip; source: " + safetext.Clean(j.selection) + ")"
}

func (j *junitWriter) Plan(p *report.Plan) error {
	file := safetext.Clean(p.File)
	s := junitSuite{Name: file, Time: junitTime, File: file, Properties: &junitProperties{}}
	for _, prop := range []junitProperty{
		{Name: "organisation", Value: p.Organisation.Name},
		{Name: "organisation-code", Value: p.Organisation.Code},
		{Name: "title", Value: p.Plan.Title},
		{Name: "format", Value: p.Format},
		{Name: "score", Value: fmt.Sprintf("%d of %d (%.1f%%)", p.Score.Met, p.Score.Applicable, float64(p.Score.Percent))},
		{Name: "fail-on", Value: string(j.gate)},
	} {
		if prop.Value != "" {
			s.Properties.List = append(s.Properties.List, junitProperty{Name: prop.Name, Value: safetext.Clean(prop.Value)})
		}
	}
	for i := range p.Results {
		r := &p.Results[i]
		title, what := safetext.Clean(r.Title), safetext.Clean(r.Remediation)
		c := junitCase{ClassName: file, Name: safetext.Clean(r.ID)}
		switch r.Status {
		case check.Missed:
			since := ""
			switch r.Baseline {
			case check.MarkNew:
				since = ", new since the baseline"
			case check.MarkPersisting:
				since = ", persisting since the baseline"
			}
			if j.gate.FailsResult(r, j.onlyNew) {
				c.Failure = &junitProblem{
					Message: fmt.Sprintf("missed (%s%s): %s; %s; what to do: %s", r.Severity, since, title, misses(r), what),
					Type:    string(r.Severity),
					Text:    findingLines(p.File, r.Findings),
				}
				s.Failures++
				break
			}
			// Below the gate the run passes, and so does the testcase;
			// the findings are still there to read.
			below := fmt.Sprintf("below the gate (--fail-on %s)", j.gate)
			if j.onlyNew && j.gate.Fails(r.Severity) {
				below = "not new, and the gate fails only on new misses (--fail-on-new)"
			}
			c.Output = fmt.Sprintf("missed (%s%s), %s: %s\n%swhat to do: %s\n",
				r.Severity, since, below, title, findingLines(p.File, r.Findings), what)
		case check.Waived:
			msg := "waived"
			if r.Waiver != nil {
				msg = fmt.Sprintf("waived until %s: %s (approved by %s)",
					safetext.Clean(r.Waiver.Expires), safetext.Clean(r.Waiver.Reason), safetext.Clean(r.Waiver.ApprovedBy))
			}
			c.Skipped = &junitSkipped{Message: msg}
			c.Output = findingLines(p.File, r.Findings)
			s.Skipped++
		case check.NotApplicable:
			c.Skipped = &junitSkipped{Message: "not applicable to this plan"}
			s.Skipped++
		case check.Skipped:
			c.Skipped = &junitSkipped{Message: j.skippedBecause()}
			s.Skipped++
		default:
			// Met: advice, if any, is output of a passing testcase.
			c.Output = findingLines(p.File, r.Findings)
		}
		s.Cases = append(s.Cases, c)
	}
	s.Tests = len(s.Cases)
	return j.write(s)
}

func (j *junitWriter) write(s junitSuite) error {
	data, err := xml.MarshalIndent(s, "  ", "  ")
	if err != nil {
		return fmt.Errorf("writing the JUnit testsuite of %s: %w", s.Name, err)
	}
	j.totals.tests += s.Tests
	j.totals.failures += s.Failures
	j.totals.errors += s.Errors
	if _, err := j.suites.Write(data); err != nil {
		return fmt.Errorf("spooling the JUnit report: %w", err)
	}
	if _, err := j.suites.Write([]byte("\n")); err != nil {
		return fmt.Errorf("spooling the JUnit report: %w", err)
	}
	return nil
}

func (j *junitWriter) End(t report.Tail) error {
	for _, e := range t.Errors {
		file := safetext.Clean(e.File)
		s := junitSuite{Name: file, Tests: 1, Errors: 1, Time: junitTime, File: file, Cases: []junitCase{{
			ClassName: file, Name: safetext.Clean(j.unreadable),
			Error: &junitProblem{Message: safetext.Clean(e.Message), Type: "unreadable", Text: safetext.Clean(e.String())},
		}}}
		if err := j.write(s); err != nil {
			return err
		}
	}
	// junit-10.xsd gives testsuites no skipped count: each testsuite
	// carries its own.
	head := fmt.Sprintf("%s<testsuites name=\"plancheck\" time=%q tests=\"%d\" failures=\"%d\" errors=\"%d\">\n",
		xml.Header, junitTime, j.totals.tests, j.totals.failures, j.totals.errors)
	if _, err := io.WriteString(j.w, head); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	if err := j.suites.copyTo(j.w); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	if _, err := io.WriteString(j.w, "</testsuites>\n"); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	return j.suites.Close()
}

func (j *junitWriter) Close() error { return j.suites.Close() }
