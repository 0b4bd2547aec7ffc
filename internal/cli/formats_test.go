package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// lintTo runs plancheck on the fixtures (with one broken file) writing
// the given formats to files, and returns their paths.
func lintTo(t *testing.T, formats ...string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	args := []string{"lint", "--today", "2026-11-21", "-f", "json=" + filepath.Join(dir, "report.json")}
	paths := map[string]string{}
	for _, f := range formats {
		p := filepath.Join(dir, "report."+f)
		paths[f] = p
		args = append(args, "-f", f+"="+p)
	}
	args = append(args, "fixtures/plans", "fixtures/broken/tabs.yaml")
	stdout, stderr, code := run(t, "", "", args...)
	if code != 2 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	paths["json"] = filepath.Join(dir, "report.json")
	return paths
}

func readReport(t *testing.T, path string) report.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, string(data))
}

// TestSeveralFormatsFromOneRun writes five reports from one evaluation:
// each is byte for byte the report that format gives alone.
func TestSeveralFormatsFromOneRun(t *testing.T) {
	t.Parallel()
	formats := []string{"json", "sarif", "junit", "github", "markdown", "html"}
	paths := lintTo(t, formats[1:]...)
	for _, f := range formats {
		alone, _, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", f, "fixtures/plans", "fixtures/broken/tabs.yaml")
		if code != 2 {
			t.Errorf("%s alone: exit %d", f, code)
		}
		written, err := os.ReadFile(paths[f])
		if err != nil {
			t.Fatal(err)
		}
		if string(written) != alone || alone == "" {
			t.Errorf("%s written beside other formats differs from %s alone", f, f)
		}
	}
}

// sarifMultitool finds Microsoft's SARIF validator: $SARIF_MULTITOOL, or
// Sarif.Multitool on the PATH. .ci/run installs it with npm.
func sarifMultitool() string {
	if p := os.Getenv("SARIF_MULTITOOL"); p != "" {
		return p
	}
	p, _ := exec.LookPath("Sarif.Multitool")
	return p
}

func TestSARIFPassesTheOfficialValidator(t *testing.T) {
	t.Parallel()
	tool := sarifMultitool()
	if tool == "" {
		t.Skip("Microsoft's SARIF validator is not installed: set SARIF_MULTITOOL to Sarif.Multitool (npm install @microsoft/sarif-multitool; .ci/run does)")
	}
	paths := lintTo(t, "sarif")
	out, err := exec.Command(tool, "validate", paths["sarif"]).CombinedOutput()
	if err != nil {
		t.Fatalf("validator: %v\n%s", err, out)
	}
	if errs := regexp.MustCompile(`(?m)^.*: error .*$`).FindAll(out, -1); len(errs) > 0 || !bytes.Contains(out, []byte("Analysis completed successfully")) {
		t.Errorf("the validator reports errors:\n%s", out)
	}
	// The validator does not apply the JSON schema it ships with (a draft
	// 2020-12 schema), so it is applied here.
	schemaFile := filepath.Join(filepath.Dir(tool), "sarif-2.1.0.json")
	if _, err := os.Stat(schemaFile); err != nil {
		t.Skipf("no SARIF schema beside the validator: %v", err)
	}
	validate(t, schemaFile, paths["sarif"])
}

// validate checks a JSON document against a JSON Schema file.
func validate(t *testing.T, schemaFile, docFile string) {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(docFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("%s does not follow %s:\n%v", docFile, filepath.Base(schemaFile), err)
	}
}

type sarifOut struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID       string            `json:"ruleId"`
			RuleIndex    int               `json:"ruleIndex"`
			Level        string            `json:"level"`
			Fingerprints map[string]string `json:"partialFingerprints"`
			Suppressions []struct {
				Justification string `json:"justification"`
			} `json:"suppressions"`
			Locations []struct {
				Physical struct {
					Artifact struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// TestSARIFMatchesTheReport checks the SARIF against the JSON report of
// the same run: a result per finding and per unreadable file, rules in
// order, stable fingerprints, waivers as suppressions.
func TestSARIFMatchesTheReport(t *testing.T) {
	t.Parallel()
	paths := lintTo(t, "sarif")
	r := readReport(t, paths["json"])
	data, _ := os.ReadFile(paths["sarif"])
	var s sarifOut
	if err := json.Unmarshal(data, &s); err != nil || len(s.Runs) != 1 {
		t.Fatalf("sarif: %v", err)
	}
	run := s.Runs[0]
	want, waived := 0, 0
	for _, p := range r.Plans {
		for _, res := range p.Results {
			if res.Status == check.NotApplicable {
				continue
			}
			want += len(res.Findings)
			if res.Status == check.Waived {
				waived += len(res.Findings)
			}
		}
	}
	want += len(r.Errors)
	if len(run.Results) != want {
		t.Errorf("%d results, want %d (one per finding and unreadable file)", len(run.Results), want)
	}
	seen := map[string]bool{}
	suppressed := 0
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not name %s", res.RuleIndex, res.RuleID)
		}
		fp := res.Fingerprints["plancheckFinding/v1"]
		if fp == "" || seen[fp+res.Locations[0].Physical.Artifact.URI] {
			t.Errorf("missing or repeated fingerprint %q", fp)
		}
		seen[fp+res.Locations[0].Physical.Artifact.URI] = true
		if res.Locations[0].Physical.Region.StartLine < 1 {
			t.Errorf("%s: no line", res.RuleID)
		}
		if len(res.Suppressions) > 0 {
			suppressed++
			if res.Suppressions[0].Justification == "" {
				t.Error("a suppression without its justification")
			}
		}
	}
	if suppressed != waived || waived == 0 {
		t.Errorf("%d suppressed results, want %d (the waived findings)", suppressed, waived)
	}
	again := lintTo(t, "sarif")
	data2, _ := os.ReadFile(again["sarif"])
	if !bytes.Equal(data, data2) {
		t.Error("two runs wrote different SARIF")
	}
}

type junitSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			ClassName string    `xml:"classname,attr"`
			Name      string    `xml:"name,attr"`
			Failure   *struct{} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitCountsMatch parses the JUnit XML as a CI system would and
// checks every count against the testcases and the JSON report.
func TestJUnitCountsMatch(t *testing.T) {
	t.Parallel()
	paths := lintTo(t, "junit")
	r := readReport(t, paths["json"])
	data, _ := os.ReadFile(paths["junit"])
	var j junitSuites
	if err := xml.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Suites) != len(r.Plans)+len(r.Errors) {
		t.Fatalf("%d suites for %d plans and %d unreadable files", len(j.Suites), len(r.Plans), len(r.Errors))
	}
	var tests, failures, errs, skipped int
	for _, s := range j.Suites {
		var f, e, sk int
		for _, c := range s.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("%s: attributes %d/%d/%d/%d, testcases %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
		}
		tests, failures, errs, skipped = tests+s.Tests, failures+f, errs+e, skipped+sk
	}
	if j.Tests != tests || j.Failures != failures || j.Errors != errs || j.Skipped != skipped {
		t.Errorf("totals %d/%d/%d/%d, suites add up to %d/%d/%d/%d", j.Tests, j.Failures, j.Errors, j.Skipped, tests, failures, errs, skipped)
	}
	if failures != r.Summary.Missed || skipped != r.Summary.Waived+r.Summary.NotApplicable || errs != r.Summary.Unreadable {
		t.Errorf("failures %d skipped %d errors %d, report says missed %d, waived+n/a %d, unreadable %d",
			failures, skipped, errs, r.Summary.Missed, r.Summary.Waived+r.Summary.NotApplicable, r.Summary.Unreadable)
	}
	c := j.Suites[0].Cases[0]
	if c.ClassName != "nao" || !strings.HasPrefix(c.Name, "nao-benefits-realisation: ") {
		t.Errorf("first testcase %q %q", c.ClassName, c.Name)
	}
}

func TestGitHubAnnotationsAndJobSummary(t *testing.T) {
	t.Parallel()
	summary := filepath.Join(t.TempDir(), "summary.md")
	write(t, summary, "earlier step\n")
	out, _, code := invoke(t, IO{Env: []string{"GITHUB_STEP_SUMMARY=" + summary}}, "lint", "--today", "2026-11-21", "-f", "github", "fixtures/plans/sparse.yaml", "fixtures/plans/waivers.yaml")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	line := regexp.MustCompile(`^::(error|warning|notice) file=fixtures/plans/[a-z]+\.yaml,line=\d+,col=\d+,title=[a-z-]+%3A [^:]+::.+$`)
	kinds := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, "plancheck: ") {
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a workflow command: %q", l)
			continue
		}
		kinds[m[1]]++
	}
	if kinds["error"] == 0 || kinds["warning"] == 0 || kinds["notice"] == 0 {
		t.Errorf("kinds %v: want errors (must), warnings (should) and notices (waived)", kinds)
	}
	data, _ := os.ReadFile(summary)
	if !strings.HasPrefix(string(data), "earlier step\n## plancheck: ❌ failed") {
		t.Errorf("job summary not appended:\n%.200s", data)
	}
}

func TestGitHubEscapesWorkflowCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan := filepath.Join(dir, "odd,name:plan.yaml")
	write(t, plan, "plancheck: 1\norganisation: {name: \"x\"}\nplan: {title: t, period: {start: 2026-01-01, end: 2027-01-01}}\nfunding: {total_gbp: \"50%\\nmore\\r::error::injected\"}\n")
	out, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "github", "--only", "plan-format", plan)
	if !strings.Contains(out, "odd%2Cname%3Aplan.yaml") || !strings.Contains(out, "50%25") {
		t.Errorf("workflow command not escaped:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "plancheck: ") {
			t.Errorf("a line that is not a command: %q", line)
		}
	}
}

// TestHTMLIsSelfContainedAndEscaped checks the page fetches nothing (no
// scripts, stylesheets, images or CSS urls) and escapes what a plan says.
func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	write(t, plan, "plancheck: 1\norganisation: {name: \"<img src=x onerror=alert(1)>\"}\nplan: {title: \"</style><script>alert(2)</script>\", period: {start: 2026-01-01, end: 2027-01-01}}\n")
	out, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "html", plan)
	for _, bad := range []string{`(?i)<script`, `(?i)<link`, `(?i)<[a-z][^>]*\ssrc=`, `(?i)@import`, `(?i)url\(`, `(?i)<img`} {
		if m := regexp.MustCompile(bad).FindString(out); m != "" {
			t.Errorf("the page fetches or runs something: %q", m)
		}
	}
	if !strings.Contains(out, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the organisation's name is not escaped")
	}
	if n := strings.Count(out, `<article class="plan">`); n != 1 {
		t.Errorf("%d plan sections, want 1", n)
	}
}

// TestHTMLRendersInChromium loads the report in headless Chromium and
// fails on any console message (a script error, a blocked load).
func TestHTMLRendersInChromium(t *testing.T) {
	t.Parallel()
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium to render the HTML report with (Debian package chromium; .ci/run installs it where it can)")
	}
	paths := lintTo(t, "html")
	abs, _ := filepath.Abs(paths["html"])
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--enable-logging=stderr", "--v=0", "--dump-dom", "file://"+abs)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			t.Errorf("console message: %s", line)
		}
	}
	r := readReport(t, paths["json"])
	if n := strings.Count(stdout.String(), `<article class="plan">`); n != len(r.Plans) {
		t.Errorf("Chromium's DOM has %d plan sections, want %d", n, len(r.Plans))
	}
}

// TestInitWritesAPlanToFillIn runs init, then lint on what it wrote: the
// plan follows the format and misses every recommendation that applies.
func TestInitWritesAPlanToFillIn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	_, stderr, code := run(t, dir, "", "init", "--type", "gp_practice", plan)
	if code != 0 {
		t.Fatalf("init: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "plancheck.schema.json")); err != nil {
		t.Errorf("the schema was not written beside the plan: %v", err)
	}
	out, _, code := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "json", plan)
	r := decode(t, out)
	if code != 1 || r.Summary.Unreadable != 0 {
		t.Fatalf("lint of the template: exit %d", code)
	}
	for _, res := range r.Plans[0].Results {
		switch {
		case res.ID == "plan-format" && res.Status != check.Met:
			t.Errorf("the template does not follow the format: %v", res.Findings)
		case res.ID != "plan-format" && res.Status != check.Missed && res.Status != check.NotApplicable:
			t.Errorf("%s is %s in an empty template", res.ID, res.Status)
		}
	}
	other := filepath.Join(t.TempDir(), "plan.yaml")
	write(t, filepath.Join(filepath.Dir(other), "plancheck.schema.json"), "mine")
	if _, stderr, _ := run(t, dir, "", "init", other); !strings.Contains(stderr, "left") {
		t.Errorf("init replaced a schema file that is not plancheck's: %q", stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(filepath.Dir(other), "plancheck.schema.json")); string(data) != "mine" {
		t.Error("the other schema file changed")
	}
	if _, stderr, code := run(t, dir, "", "init", filepath.Join(dir, "plan.json")); code != 2 || !strings.Contains(stderr, "init writes YAML") {
		t.Errorf("init plan.json: exit %d %q", code, stderr)
	}
	if _, stderr, code := run(t, dir, "", "init", plan); code != 2 || !strings.Contains(stderr, "pass --force") {
		t.Errorf("init over an existing plan: exit %d %q", code, stderr)
	}
	if _, stderr, code := run(t, dir, "", "init", "--type", "hospital"); code != 2 || !strings.Contains(stderr, "unknown organisation type") {
		t.Errorf("unknown type: exit %d %q", code, stderr)
	}
}

func TestSchemaCommandPrintsTheSchema(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "", "", "schema")
	var s map[string]any
	if err := json.Unmarshal([]byte(out), &s); err != nil || code != 0 {
		t.Fatalf("schema: exit %d, %v", code, err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["required"] == nil {
		t.Errorf("schema head: %v %v", s["$schema"], s["required"])
	}
}

func TestProgressBar(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := &progress{w: &b, on: true}
	p.update(10, 100)
	if b.Len() != 0 {
		t.Errorf("a bar for %d files: %q", 100, b.String())
	}
	p.update(500, 1000)
	p.update(1000, 1000)
	p.done()
	out := b.String()
	if !strings.Contains(out, "1000/1000 plans") || !strings.HasSuffix(out, "\r") {
		t.Errorf("bar: %q", out)
	}
	var quiet bytes.Buffer
	(&progress{w: &quiet}).update(1000, 1000)
	if quiet.Len() != 0 {
		t.Error("a bar drawn when it is off")
	}
}

// TestOneOfEachIsSingular checks one plan, with one unreadable file beside
// it and one recommendation selected, in every format a person reads: no
// "1 plans checked", "1 applicable recommendations" or "finding(s)".
func TestOneOfEachIsSingular(t *testing.T) {
	t.Parallel()
	wrong := regexp.MustCompile(`\b1 plans\b|\b1</b><span>plans\b|\b1 (applicable )?recommendations\b|\bof 1 applicable<br>recommendations\b|\b1 unreadable files\b|\b1</b><span>unreadable files\b|\(s\)|\b1 must findings\b`)
	for _, format := range []string{"text", "markdown", "github", "html", "junit"} {
		out, stderr, _ := run(t, "", "", "lint", "--today", "2026-11-21", "-f", format, "--only", "wg-accountable-owner", "fixtures/plans/sparse.yaml", "fixtures/broken/tabs.yaml")
		if m := wrong.FindAllString(out+stderr, -1); len(m) > 0 {
			t.Errorf("%s: %q", format, m)
		}
	}
	out, _, _ := run(t, "", "", "lint", "--today", "2026-11-21", "--only", "wg-accountable-owner", "fixtures/plans/sparse.yaml")
	for _, want := range []string{"score: 0 of 1 applicable recommendation met", "1 plan checked, 0 unreadable"} {
		if !strings.Contains(out, want) {
			t.Errorf("the text report does not say %q:\n%s", want, out)
		}
	}
}
