package render

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// junitOf writes one plan and the given unreadable files as JUnit with the
// given gate.
func junitOf(t *testing.T, gate report.FailOn, p *report.Plan, errs ...report.FileError) string {
	t.Helper()
	var b bytes.Buffer
	h := testHeader([]report.Plan{*p})
	h.FailOn = gate
	h.Selection = report.Selection{Skip: []string{"x-skipped"}, Source: "flag"}
	w, err := New(JUnit, &b, h, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Plan(p); err != nil {
		t.Fatal(err)
	}
	if err := w.End(report.Tail{Errors: errs, Summary: report.NewSummary(gate)}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

type junitDoc struct {
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Props    []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			ClassName string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			Output string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, out string) junitDoc {
	t.Helper()
	var d junitDoc
	if err := xml.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	return d
}

func gatePlan() *report.Plan {
	miss := []check.Finding{{Level: check.Miss, Path: "a", Message: "a is missing", Line: 3, Column: 1}}
	return &report.Plan{File: "plans/p.yaml", Format: "yaml", Results: []check.Result{
		{ID: "x-must", Title: "Must rule", Severity: check.Must, Status: check.Missed, Findings: miss, Remediation: "add a"},
		{ID: "x-should", Title: "Should rule", Severity: check.Should, Status: check.Missed, Findings: miss, Remediation: "add a"},
		{ID: "x-advice", Title: "Met with advice", Severity: check.Must, Status: check.Met, Findings: []check.Finding{{Level: check.Advice, Path: "b", Message: "b could be better", Line: 4, Column: 1}}},
		{ID: "x-na", Severity: check.Must, Status: check.NotApplicable},
		{ID: "x-skipped", Severity: check.Must, Status: check.Skipped},
		{ID: "x-waived", Severity: check.Must, Status: check.Waived, Findings: miss, Waiver: &check.Waiver{Reason: "funded nationally", ApprovedBy: "Board", Expires: "2027-03-31"}},
	}}
}

// TestJUnitFailsExactlyAtTheGate checks that a failure is a miss at or
// above --fail-on, and that a miss below it passes with its findings in
// system-out.
func TestJUnitFailsExactlyAtTheGate(t *testing.T) {
	for _, c := range []struct {
		gate report.FailOn
		fail []string
	}{
		{report.FailOnMust, []string{"x-must"}},
		{report.FailOnShould, []string{"x-must", "x-should"}},
		{report.FailOnNever, nil},
	} {
		d := parseJUnit(t, junitOf(t, c.gate, gatePlan()))
		s := d.Suites[0]
		var failed []string
		for _, tc := range s.Cases {
			if tc.ClassName != "plans/p.yaml" {
				t.Errorf("classname %q, want the plan file", tc.ClassName)
			}
			if tc.Failure != nil {
				failed = append(failed, tc.Name)
				if !strings.Contains(tc.Failure.Text, "plans/p.yaml:3:1: miss: a is missing") {
					t.Errorf("%s: failure text %q", tc.Name, tc.Failure.Text)
				}
				continue
			}
			if tc.Name == "x-must" || tc.Name == "x-should" {
				if !strings.Contains(tc.Output, "below the gate (--fail-on "+string(c.gate)+")") || !strings.Contains(tc.Output, "miss: a is missing") {
					t.Errorf("--fail-on %s: %s passes without its findings in system-out: %q", c.gate, tc.Name, tc.Output)
				}
			}
		}
		if strings.Join(failed, ",") != strings.Join(c.fail, ",") || s.Failures != len(c.fail) || d.Failures != len(c.fail) {
			t.Errorf("--fail-on %s: failures %v (suite %d, total %d), want %v", c.gate, failed, s.Failures, d.Failures, c.fail)
		}
	}
}

// TestJUnitSkipsWithTheReason checks waived, not applicable and skipped
// results are skipped testcases that say why, and advice is output.
func TestJUnitSkipsWithTheReason(t *testing.T) {
	d := parseJUnit(t, junitOf(t, report.FailOnMust, gatePlan()))
	want := map[string]string{
		"x-na":      "not applicable to this plan",
		"x-skipped": "skipped by configuration (--only/--skip; source: flag)",
		"x-waived":  "waived until 2027-03-31: funded nationally (approved by Board)",
	}
	s := d.Suites[0]
	if s.Skipped != len(want) {
		t.Errorf("skipped=%d, want %d", s.Skipped, len(want))
	}
	for _, tc := range s.Cases {
		switch {
		case want[tc.Name] != "":
			if tc.Skipped == nil || tc.Skipped.Message != want[tc.Name] {
				t.Errorf("%s: skipped %+v, want message %q", tc.Name, tc.Skipped, want[tc.Name])
			}
		case tc.Skipped != nil:
			t.Errorf("%s is skipped", tc.Name)
		case tc.Name == "x-advice" && (tc.Failure != nil || tc.Output != "plans/p.yaml:4:1: advice: b could be better\n"):
			t.Errorf("met with advice: failure %v, output %q", tc.Failure, tc.Output)
		}
	}
}

// TestJUnitEscapesPlanText puts control characters, markup and bytes that
// are not UTF-8 in every text a plan or a file name gives: the XML parses,
// holds no control character, raw or as a character reference (other than
// the line feeds between findings), and shows them as safetext does.
func TestJUnitEscapesPlanText(t *testing.T) {
	hostile := "a\x1b[31m<b>&\"'\x00\x07\x7f\u0085\r\t]]>\xff\ufffe z"
	p := gatePlan()
	p.File = "plans/" + hostile + ".yaml"
	p.Organisation.Name, p.Plan.Title = hostile, hostile
	p.Results[0].Findings = []check.Finding{{Level: check.Miss, Path: "a", Message: hostile + "\nnext line", Line: 1, Column: 1}}
	p.Results[0].Remediation = hostile
	p.Results[5].Waiver.Reason = hostile
	out := junitOf(t, report.FailOnMust, p, report.FileError{File: hostile + ".yaml", Line: 1, Column: 1, Message: hostile})
	for i, r := range out {
		if safetext.Unsafe(r) && r != '\n' {
			t.Fatalf("a raw control character %U at byte %d:\n%q", r, i, out)
		}
	}
	for _, m := range regexp.MustCompile(`&#(x[0-9a-fA-F]+|[0-9]+);`).FindAllStringSubmatch(out, -1) {
		n, err := strconv.ParseInt(strings.TrimPrefix(m[1], "x"), map[bool]int{true: 16, false: 10}[strings.HasPrefix(m[1], "x")], 32)
		if err != nil || (safetext.Unsafe(rune(n)) && n != '\n') {
			t.Errorf("a control character as a reference: %s", m[0])
		}
	}
	d := parseJUnit(t, out)
	if len(d.Suites) != 2 {
		t.Fatalf("%d suites", len(d.Suites))
	}
	// Characters XML cannot hold at all (U+FFFE, bytes that are not
	// UTF-8) arrive as U+FFFD; the rest as safetext shows them.
	if want := "plans/a\\x1b[31m<b>&\"'\\x00\\x07\\x7f\\x85\\x0d\\t]]>\ufffd\ufffd z.yaml"; d.Suites[0].Name != want || d.Suites[0].Cases[0].ClassName != want {
		t.Errorf("suite %q, want %q", d.Suites[0].Name, want)
	}
	if f := d.Suites[0].Cases[0].Failure; f == nil || !strings.Contains(f.Text, "<b>&") || !strings.Contains(f.Text, `\nnext line`) {
		t.Errorf("the finding's message is not kept readable: %+v", f)
	}
	if e := d.Suites[1].Cases[0].Error; e == nil || !strings.HasPrefix(e.Message, `a\x1b[31m<b>`) {
		t.Errorf("the unreadable file's error: %+v", e)
	}
}
