package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// JUnit XML, as CI systems show test results: a testsuite per plan, a
// testcase per recommendation; missed is a failure, waived and not
// applicable are skipped, and a file that cannot be read is an error.

type junitSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	File       string          `xml:"file,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
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

type junitWriter struct {
	w      io.Writer
	suites spool
	totals struct{ tests, failures, errors, skipped int }
}

func newJUnitWriter(w io.Writer) *junitWriter {
	return &junitWriter{w: w, suites: spool{limit: spoolLimit}}
}

func findingLines(file string, fs []check.Finding) string {
	var b strings.Builder
	for _, f := range inLineOrder(fs) {
		level := ""
		if f.Level == check.Advice {
			level = "advice: "
		}
		fmt.Fprintf(&b, "%s: %s%s\n", location(file, f), level, f.Message)
	}
	return b.String()
}

func (j *junitWriter) Plan(p *report.Plan) error {
	s := junitSuite{Name: p.File, File: p.File, Properties: []junitProperty{
		{Name: "organisation", Value: p.Organisation.Name},
		{Name: "title", Value: p.Plan.Title},
		{Name: "format", Value: p.Format},
		{Name: "score", Value: fmt.Sprintf("%d of %d (%.1f%%)", p.Score.Met, p.Score.Applicable, float64(p.Score.Percent))},
	}}
	for i := range p.Results {
		r := &p.Results[i]
		c := junitCase{ClassName: r.Framework, Name: r.ID + ": " + r.Title, File: p.File}
		switch r.Status {
		case check.Missed:
			must := 0
			for _, f := range r.Findings {
				if f.Level == check.Miss {
					must++
				}
			}
			c.Failure = &junitProblem{
				Message: fmt.Sprintf("missed: %s; what to do: %s", Many(must, "must finding", "must findings"), r.Remediation),
				Type:    string(r.Severity),
				Text:    findingLines(p.File, r.Findings),
			}
			s.Failures++
		case check.Waived:
			msg := "waived"
			if r.Waiver != nil {
				msg = fmt.Sprintf("waived until %s: %s (approved by %s)", r.Waiver.Expires, r.Waiver.Reason, r.Waiver.ApprovedBy)
			}
			c.Skipped = &junitSkipped{Message: msg}
			c.Output = findingLines(p.File, r.Findings)
			s.Skipped++
		case check.NotApplicable:
			c.Skipped = &junitSkipped{Message: "not applicable to this plan"}
			s.Skipped++
		default:
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
		return err
	}
	j.totals.tests += s.Tests
	j.totals.failures += s.Failures
	j.totals.errors += s.Errors
	j.totals.skipped += s.Skipped
	if _, err := j.suites.Write(data); err != nil {
		return err
	}
	_, err = j.suites.Write([]byte("\n"))
	return err
}

func (j *junitWriter) End(t report.Tail) error {
	for _, e := range t.Errors {
		s := junitSuite{Name: e.File, File: e.File, Tests: 1, Errors: 1, Cases: []junitCase{{
			ClassName: "plancheck", Name: "read " + e.File, File: e.File,
			Error: &junitProblem{Message: e.Message, Type: "unreadable", Text: e.String()},
		}}}
		if err := j.write(s); err != nil {
			return err
		}
	}
	head := fmt.Sprintf("%s<testsuites name=\"plancheck\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n",
		xml.Header, j.totals.tests, j.totals.failures, j.totals.errors, j.totals.skipped)
	if _, err := io.WriteString(j.w, head); err != nil {
		return err
	}
	if err := j.suites.copyTo(j.w); err != nil {
		return err
	}
	if _, err := io.WriteString(j.w, "</testsuites>\n"); err != nil {
		return err
	}
	return j.suites.Close()
}

func (j *junitWriter) Close() error { return j.suites.Close() }
