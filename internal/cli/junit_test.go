package cli

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/report"
)

// TestJUnitFailsAtTheGate runs one plan with --fail-on should and with
// --fail-on must: a missed should recommendation is a failure under the
// first, and a passing testcase that lists its findings under the second.
func TestJUnitFailsAtTheGate(t *testing.T) {
	t.Parallel()
	for _, gate := range []string{"should", "must"} {
		dir := t.TempDir()
		jsonFile, junitFile := filepath.Join(dir, "report.json"), filepath.Join(dir, "report.xml")
		_, stderr, code := run(t, "", "", "lint", "--today", "2026-11-21", "--fail-on", gate,
			"-f", "json="+jsonFile, "-f", "junit="+junitFile, "fixtures/plans/sparse.yaml")
		if code != 1 {
			t.Fatalf("--fail-on %s: exit %d %s", gate, code, stderr)
		}
		r := readReport(t, jsonFile)
		data, _ := os.ReadFile(junitFile)
		var j junitSuites
		if err := xml.Unmarshal(data, &j); err != nil {
			t.Fatal(err)
		}
		should := 0
		for _, res := range r.Plans[0].Results {
			if res.Status != check.Missed || res.Severity != check.Should {
				continue
			}
			should++
			for _, c := range j.Suites[0].Cases {
				if c.Name != res.ID {
					continue
				}
				switch {
				case gate == "should" && c.Failure == nil:
					t.Errorf("--fail-on should: the should miss %s is not a failure", res.ID)
				case gate == "must" && (c.Failure != nil || !strings.Contains(c.Output, "below the gate (--fail-on must)")):
					t.Errorf("--fail-on must: the should miss %s fails or does not say why it passes: %q", res.ID, c.Output)
				}
			}
		}
		if should == 0 {
			t.Fatal("sparse.yaml misses no should recommendation: the test tests nothing")
		}
		if want := wantJUnit(r).Failures; j.Failures != want {
			t.Errorf("--fail-on %s: %d failures, want %d", gate, j.Failures, want)
		}
	}
}

// junitRun is a JUnit report and the JSON report of the same run.
type junitRun struct {
	name, junit, json string
}

// junitRuns makes the reports the consumers read: the fixtures with a
// broken file, and 300 generated plans in the three syntaxes, with a
// recommendation skipped and an unreadable file whose name holds markup
// and a control character.
func junitRuns(t *testing.T) []junitRun {
	t.Helper()
	fixtures := lintTo(t, "junit")
	runs := []junitRun{{name: "fixtures", junit: fixtures["junit"], json: fixtures["json"]}}

	dir := t.TempDir()
	plans := filepath.Join(dir, "plans")
	opts := plangen.DefaultOptions
	opts.Syntaxes = plan.Syntaxes
	g := plangen.New(opts)
	for i := range 300 {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(plans, name), string(data))
	}
	write(t, filepath.Join(plans, "bad <&> \x1b[31m.yaml"), "plancheck: 1\norganisation:\n\tname: x\n")
	jsonFile, junitFile := filepath.Join(dir, "report.json"), filepath.Join(dir, "report.xml")
	stdout, stderr, code := run(t, dir, "", "lint", "--today", "2026-11-21", "--skip", "wg-spend-reprioritised",
		"-f", "json="+jsonFile, "-f", "junit="+junitFile, "plans")
	if code != 2 || stdout != "" {
		t.Fatalf("generated plans: exit %d, stdout %q, stderr %.500s", code, stdout, stderr)
	}
	return append(runs, junitRun{name: "300 generated plans", junit: junitFile, json: jsonFile})
}

// junitXSD finds the Jenkins/xunit JUnit schema: $PLANCHECK_JUNIT_XSD, or
// the shared reference folder beside the repository.
func junitXSD() string {
	if p := os.Getenv("PLANCHECK_JUNIT_XSD"); p != "" {
		return p
	}
	p := filepath.Join("..", "..", "..", "shared", "reference", "junit-10.xsd")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// junit2json finds junit2json, a JUnit-to-JSON converter that feeds test
// dashboards: $JUNIT2JSON, or junit2json on the PATH. .ci/run installs it
// with npm.
func junit2json() string {
	if p := os.Getenv("JUNIT2JSON"); p != "" {
		return p
	}
	p, _ := exec.LookPath("junit2json")
	return p
}

// TestJUnitInRealConsumers gives the JUnit reports to xmllint, against the
// schema Jenkins' xunit plugin validates with, and to junit2json, which
// must read the counts the JSON report calls for.
func TestJUnitInRealConsumers(t *testing.T) {
	t.Parallel()
	consumers(t)
	xmllint, _ := exec.LookPath("xmllint")
	xsd, converter := junitXSD(), junit2json()
	if (xmllint == "" || xsd == "") && converter == "" {
		t.Skip("no JUnit consumer is installed: neither xmllint with junit-10.xsd (apt-get install libxml2-utils) nor junit2json (npm install junit2json@4.0.0, then set JUNIT2JSON)")
	}
	runs := junitRuns(t)

	t.Run("xmllint", func(t *testing.T) {
		t.Parallel()
		switch {
		case xmllint == "":
			t.Skip("xmllint is not installed (Debian package libxml2-utils; .ci/run installs it where it can)")
		case xsd == "":
			t.Skip("junit-10.xsd is not here: set PLANCHECK_JUNIT_XSD, or keep ../shared/reference beside the repository")
		}
		for _, r := range runs {
			out, err := exec.Command(xmllint, "--noout", "--schema", xsd, r.junit).CombinedOutput()
			if err != nil || string(out) != r.junit+" validates\n" {
				t.Errorf("%s: xmllint: %v\n%.3000s", r.name, err, out)
				continue
			}
			t.Logf("%s: %s", r.name, strings.TrimSpace(string(out)))
		}
	})

	t.Run("junit2json", func(t *testing.T) {
		t.Parallel()
		if converter == "" {
			t.Skip("junit2json is not installed: set JUNIT2JSON to it (npm install junit2json@4.0.0; .ci/run does)")
		}
		for _, r := range runs {
			out, err := exec.Command(converter, r.junit).Output()
			if err != nil {
				t.Fatalf("%s: junit2json: %v", r.name, err)
			}
			got, err := junit2jsonCounts(out)
			if err != nil {
				t.Errorf("%s: %v", r.name, err)
				continue
			}
			want := wantJUnit(readReport(t, r.json))
			if got != want {
				t.Errorf("%s: junit2json reads %+v, the JSON report calls for %+v", r.name, got, want)
				continue
			}
			t.Logf("%s: junit2json reads %+v", r.name, got)
		}
	})
}

// junit2jsonOut is junit2json's reading of a report. It reads attributes
// that look like numbers as numbers, so names are read as any value.
type junit2jsonOut struct {
	Tests     int `json:"tests"`
	Failures  int `json:"failures"`
	Errors    int `json:"errors"`
	Testsuite []struct {
		Name     any `json:"name"`
		Tests    int `json:"tests"`
		Failures int `json:"failures"`
		Errors   int `json:"errors"`
		Skipped  int `json:"skipped"`
		Testcase []struct {
			ClassName any   `json:"classname"`
			Name      any   `json:"name"`
			Failure   []any `json:"failure"`
			Error     []any `json:"error"`
			Skipped   []any `json:"skipped"`
		} `json:"testcase"`
	} `json:"testsuite"`
}

// junit2jsonCounts totals junit2json's output from its testcases, and
// checks its suites' and the report's own counts agree with them and
// that no (classname, name) comes twice.
func junit2jsonCounts(out []byte) (junitCounts, error) {
	var j junit2jsonOut
	if err := json.Unmarshal(out, &j); err != nil {
		return junitCounts{}, fmt.Errorf("junit2json's output: %w", err)
	}
	var c junitCounts
	names := map[string]bool{}
	cases := map[string]bool{}
	for _, s := range j.Testsuite {
		names[fmt.Sprint(s.Name)] = true
		var f, e, sk int
		for _, tc := range s.Testcase {
			key := fmt.Sprint(tc.ClassName) + "\x00" + fmt.Sprint(tc.Name)
			if cases[key] {
				return c, fmt.Errorf("testcase (%v, %v) twice", tc.ClassName, tc.Name)
			}
			cases[key] = true
			f, e, sk = f+min(len(tc.Failure), 1), e+min(len(tc.Error), 1), sk+min(len(tc.Skipped), 1)
		}
		if s.Tests != len(s.Testcase) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			return c, fmt.Errorf("suite %v: attributes %d/%d/%d/%d, testcases %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Testcase), f, e, sk)
		}
		c.Tests, c.Failures, c.Errors, c.Skipped = c.Tests+len(s.Testcase), c.Failures+f, c.Errors+e, c.Skipped+sk
	}
	c.Suites = len(names)
	if j.Tests != c.Tests || j.Failures != c.Failures || j.Errors != c.Errors {
		return c, fmt.Errorf("totals %d/%d/%d, testcases %d/%d/%d", j.Tests, j.Failures, j.Errors, c.Tests, c.Failures, c.Errors)
	}
	return c, nil
}

// TestJUnitCountsOfAReport checks the reading of junit2json's output on
// a report made by hand, so that a consumer test that passes has counted.
func TestJUnitCountsOfAReport(t *testing.T) {
	t.Parallel()
	out := `{"tests":3,"failures":1,"errors":1,"testsuite":[
	  {"name":"a.yaml","tests":2,"failures":1,"errors":0,"skipped":1,"testcase":[
	    {"classname":"a.yaml","name":"x","failure":[{"message":"m"}]},
	    {"classname":"a.yaml","name":"y","skipped":[{"message":"n/a"}]}]},
	  {"name":"b.yaml","tests":1,"failures":0,"errors":1,"skipped":0,"testcase":[
	    {"classname":"b.yaml","name":"plan-format","error":[{"inner":"bad"}]}]}]}`
	got, err := junit2jsonCounts([]byte(out))
	if want := (junitCounts{Tests: 3, Failures: 1, Errors: 1, Skipped: 1, Suites: 2}); err != nil || got != want {
		t.Errorf("counts %+v, %v; want %+v", got, err, want)
	}
	twice := strings.Replace(out, `"name":"y"`, `"name":"x"`, 1)
	if _, err := junit2jsonCounts([]byte(twice)); err == nil {
		t.Error("a testcase twice was not noticed")
	}
	var r report.Report
	r.Summary = report.NewSummary(report.FailOnMust)
	if w := wantJUnit(r); w != (junitCounts{}) {
		t.Errorf("an empty report calls for %+v", w)
	}
}
