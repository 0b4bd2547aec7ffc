package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/report"
)

// lintTo runs plancheck on the fixtures (with one broken file) writing
// the given formats to files, and returns their paths.
func lintTo(t *testing.T, formats ...string) map[string]string {
	t.Helper()
	return lintWith(t, nil, formats...)
}

// lintWith is lintTo with more flags.
func lintWith(t *testing.T, flags []string, formats ...string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"lint", "--today", "2026-11-21", "-f", "json=" + filepath.Join(dir, "report.json")}, flags...)
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

// TestSeveralFormatsFromOneRun writes seven reports from one evaluation:
// each is byte for byte the report that format gives alone, but for the
// github format's closing line, which names the run's other reports.
func TestSeveralFormatsFromOneRun(t *testing.T) {
	t.Parallel()
	formats := []string{"json", "sarif", "junit", "github", "markdown", "html", "portfolio"}
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
		if f == "github" {
			w, a := strings.Split(string(written), "\n"), strings.Split(alone, "\n")
			if last := w[len(w)-2]; !strings.HasSuffix(last, "; see "+paths["json"]+", "+paths["sarif"]+", "+paths["junit"]+", "+paths["markdown"]+", "+paths["html"]+" and "+paths["portfolio"]) {
				t.Errorf("the closing line does not name the run's other reports: %q", last)
			}
			written, alone = []byte(strings.Join(w[:len(w)-2], "\n")), strings.Join(a[:len(a)-2], "\n")
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

// sarifRuleKinds are the validator's rule families: the SARIF standard,
// GitHub Advanced Security (code scanning) and Azure DevOps (GitHub
// Advanced Security for Azure DevOps). Version 5.7.0 takes them together,
// separated by semicolons; it refuses a single kind as "a bad format".
const sarifRuleKinds = "Sarif;Ghas;Ado"

// sarifPipelineRules are the validator's rules that no report written
// outside an Azure Pipelines build can meet: they want the build's
// identity (definition, phase) in automationDetails, and an id that
// starts azuredevops/pipeline/build/, where the report format has
// "plancheck/" for GitHub code scanning's category.
var sarifPipelineRules = map[string]bool{"GHAzDO1019": true, "GHAzDO1020": true}

// sarifValidate runs the validator with every rule family on a SARIF
// file and returns the ids of the errors it reports, and its verdict.
func sarifValidate(t *testing.T, tool, file string) ([]string, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "validation.sarif")
	console, err := exec.Command(tool, "validate", "--rule-kind", sarifRuleKinds, "--output", out, file).CombinedOutput()
	if err != nil {
		t.Fatalf("validator: %v\n%s", err, console)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the validator wrote no log: %v\n%s", err, console)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("the validator's log: %v", err)
	}
	var errs []string
	for _, r := range log.Runs[0].Results {
		if r.Level == "error" {
			errs = append(errs, r.RuleID)
		}
	}
	var verdict []string
	for _, line := range strings.Split(string(console), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "Done.") || strings.HasPrefix(line, "Analysis ") {
			verdict = append(verdict, line)
		}
	}
	return errs, strings.Join(verdict, " ")
}

// sarifEstate lints about 300 synthetic plans in YAML, JSON and TOML, a
// broken file and a file that cannot be read at all, in a work tree of
// their own, from a subfolder of it; it returns the SARIF report's path.
func sarifEstate(t *testing.T, flags ...string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	opts := plangen.DefaultOptions
	opts.Syntaxes = plan.Syntaxes
	g := plangen.New(opts)
	for i := range 300 {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "plans", name), string(data))
	}
	tabs, err := os.ReadFile(filepath.Join(root, "fixtures/broken/tabs.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "broken", "tabs.yaml"), string(tabs))
	write(t, filepath.Join(dir, "notes.txt"), "not a plan\n")
	out := filepath.Join(t.TempDir(), "estate.sarif")
	args := append([]string{"lint", "--today", "2026-11-21", "-f", "sarif=" + out}, flags...)
	args = append(args, ".", "../broken/tabs.yaml", "../notes.txt")
	if _, stderr, code := run(t, filepath.Join(dir, "plans"), "", args...); code != 2 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return out
}

// TestSARIFPassesTheOfficialValidator runs Microsoft's validator, with
// the rules of the SARIF standard, of GitHub code scanning and of Azure
// DevOps, on the fixtures' report and on one over about 300 plans, and
// checks both against the SARIF JSON Schema.
func TestSARIFPassesTheOfficialValidator(t *testing.T) {
	t.Parallel()
	consumers(t)
	tool := sarifMultitool()
	if tool == "" {
		t.Skip("Microsoft's SARIF validator is not installed: npm install --prefix ~/.cache/plancheck-ci/sarif @microsoft/sarif-multitool@5.7.0, then set SARIF_MULTITOOL=~/.cache/plancheck-ci/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool (.ci/run does both)")
	}
	// The families are on: a log that misses what each family wants is
	// refused by each.
	control := filepath.Join(t.TempDir(), "control.sarif")
	write(t, control, `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "r"}]}},
		"results": [{"ruleId": "r", "message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///x.yaml", "uriBaseId": "%SRCROOT%"}}}]}]}]}`)
	errs, _ := sarifValidate(t, tool, control)
	for _, family := range []string{"SARIF", "GH2", "GHAzDO"} {
		if !slices.ContainsFunc(errs, func(id string) bool { return strings.HasPrefix(id, family) }) {
			t.Errorf("the validator reports no %s error on a log that breaks those rules (errors %v): are the rule kinds %s on?", family, errs, sarifRuleKinds)
		}
	}

	// The validator does not apply the JSON schema it ships with (a draft
	// 2020-12 schema), so it is applied here.
	schemaFile := filepath.Join(filepath.Dir(tool), "sarif-2.1.0.json")
	if _, err := os.Stat(schemaFile); err != nil {
		t.Logf("no SARIF schema beside the validator, so none is applied: %v", err)
		schemaFile = ""
	}
	for _, c := range []struct{ name, file string }{
		{"the fixtures", lintTo(t, "sarif")["sarif"]},
		{"the fixtures, waived results kept", lintWith(t, []string{"--sarif-waived"}, "sarif")["sarif"]},
		{"300 plans", sarifEstate(t)},
		{"300 plans against a baseline", sarifEstate(t, "--sarif-waived", "--baseline", estateBaseline(t, 150))},
	} {
		name, file := c.name, c.file
		errs, verdict := sarifValidate(t, tool, file)
		var unexpected []string
		for _, id := range errs {
			if !sarifPipelineRules[id] {
				unexpected = append(unexpected, id)
			}
		}
		t.Logf("%s: %s (errors of the Azure Pipelines build rules, which need a build: %d)", name, verdict, len(errs)-len(unexpected))
		if len(unexpected) > 0 || !strings.Contains(verdict, "Analysis completed successfully") {
			t.Errorf("%s: the validator reports errors %v (%s)", name, unexpected, verdict)
		}
		if schemaFile != "" {
			validate(t, schemaFile, file)
		}
	}
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
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []sarifResultOut `json:"results"`
	} `json:"runs"`
}

type sarifResultOut struct {
	RuleID       string            `json:"ruleId"`
	RuleIndex    int               `json:"ruleIndex"`
	Level        string            `json:"level"`
	Fingerprints map[string]string `json:"partialFingerprints"`
	// BaselineState is set against a baseline (lint --baseline).
	BaselineState string `json:"baselineState"`
	Suppressions  []struct {
		Justification string `json:"justification"`
	} `json:"suppressions"`
	Locations []struct {
		Physical struct {
			Artifact struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
				EndLine     int `json:"endLine"`
				EndColumn   int `json:"endColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
}

func readSARIF(t *testing.T, path string) sarifOut {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s sarifOut
	if err := json.Unmarshal(data, &s); err != nil || len(s.Runs) != 1 {
		t.Fatalf("sarif: %v", err)
	}
	return s
}

// TestSARIFMatchesTheReport checks the SARIF against the JSON report of
// the same run: a result per finding and per unreadable file, waived
// findings left out (and kept, as suppressed, with --sarif-waived),
// rules in order, fingerprints unique in the run, files named from the
// repository's root, regions with an end.
func TestSARIFMatchesTheReport(t *testing.T) {
	t.Parallel()
	paths := lintTo(t, "sarif")
	r := readReport(t, paths["json"])
	want, waived := 0, 0
	for _, p := range r.Plans {
		for _, res := range p.Results {
			switch res.Status {
			case check.Waived:
				waived += len(res.Findings)
			case check.Met, check.Missed:
				want += len(res.Findings)
			}
		}
	}
	want += len(r.Errors)
	if waived == 0 {
		t.Fatal("the fixtures waive nothing")
	}
	for _, keep := range []bool{false, true} {
		path := paths["sarif"]
		if keep {
			path = lintWith(t, []string{"--sarif-waived"}, "sarif")["sarif"]
		}
		run := readSARIF(t, path).Runs[0]
		n := want
		if keep {
			n += waived
		}
		if len(run.Results) != n {
			t.Errorf("waived kept %v: %d results, want %d", keep, len(run.Results), n)
		}
		if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; base != "file://"+filepath.ToSlash(root)+"/" {
			t.Errorf("%%SRCROOT%% is %q", base)
		}
		seen := map[string]bool{}
		suppressed := 0
		for _, res := range run.Results {
			if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("ruleIndex %d does not name %s", res.RuleIndex, res.RuleID)
			}
			fp := res.Fingerprints["primaryLocationLineHash"]
			if fp == "" || seen[fp] || len(res.Fingerprints) != 1 {
				t.Errorf("missing or repeated fingerprint %v", res.Fingerprints)
			}
			seen[fp] = true
			loc := res.Locations[0].Physical
			if a := loc.Artifact; a.URIBaseID != "%SRCROOT%" || !strings.HasPrefix(a.URI, "fixtures/") {
				t.Errorf("artifact %+v", a)
			}
			if g := loc.Region; g.StartLine < 1 || g.StartColumn < 1 || g.EndLine != g.StartLine || g.EndColumn <= g.StartColumn {
				t.Errorf("%s: region %+v", res.RuleID, g)
			}
			if len(res.Suppressions) > 0 {
				suppressed++
				if res.Suppressions[0].Justification == "" {
					t.Error("a suppression without its justification")
				}
			}
		}
		if keep && suppressed != waived || !keep && suppressed != 0 {
			t.Errorf("waived kept %v: %d suppressed results, want %d", keep, suppressed, waived)
		}
	}
	data, _ := os.ReadFile(paths["sarif"])
	again := lintTo(t, "sarif")
	data2, _ := os.ReadFile(again["sarif"])
	if !bytes.Equal(data, data2) {
		t.Error("two runs wrote different SARIF")
	}
}

// sarifPlaces lists each result's file, fingerprint and region, and the
// run's %SRCROOT%.
func sarifPlaces(t *testing.T, out string) (string, []string) {
	t.Helper()
	var s sarifOut
	if err := json.Unmarshal([]byte(out), &s); err != nil || len(s.Runs) != 1 {
		t.Fatalf("sarif: %v\n%.300s", err, out)
	}
	var places []string
	for _, r := range s.Runs[0].Results {
		l := r.Locations[0].Physical
		places = append(places, fmt.Sprintf("%s %s %s %+v", l.Artifact.URIBaseID, l.Artifact.URI, r.Fingerprints["primaryLocationLineHash"], l.Region))
	}
	return s.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI, places
}

// TestSARIFFromASubfolder runs the same check from the top of the
// repository, from a subfolder and from elsewhere with absolute paths:
// every URI and fingerprint is the same. Outside a work tree, files are
// named from the working folder.
func TestSARIFFromASubfolder(t *testing.T) {
	t.Parallel()
	files := []string{"fixtures/plans/sparse.yaml", "fixtures/plans/waivers.yaml", "fixtures/broken/tabs.yaml"}
	lint := func(dir string, prefix string) (string, []string) {
		t.Helper()
		args := []string{"lint", "--today", "2026-11-21", "-f", "sarif"}
		for _, f := range files {
			args = append(args, prefix+f)
		}
		out, stderr, code := run(t, dir, "", args...)
		if code != 2 {
			t.Fatalf("from %s: exit %d %s", dir, code, stderr)
		}
		return sarifPlaces(t, out)
	}
	base, top := lint(root, "")
	if base != "file://"+filepath.ToSlash(root)+"/" || len(top) < 10 {
		t.Fatalf("from the top: %%SRCROOT%% %s, %d results", base, len(top))
	}
	for _, c := range []struct{ dir, prefix string }{
		{filepath.Join(root, "internal", "cli"), "../../"},
		{t.TempDir(), root + "/"},
	} {
		b, places := lint(c.dir, c.prefix)
		if b != base || strings.Join(places, "\n") != strings.Join(top, "\n") {
			t.Errorf("from %s: %%SRCROOT%% %s and\n%s\nwant %s and\n%s", c.dir, b, strings.Join(places, "\n"), base, strings.Join(top, "\n"))
		}
	}

	// A folder in no work tree: files are named from the working folder.
	dir := t.TempDir()
	if workTreeTop(dir) != "" {
		t.Skipf("%s is inside a git work tree", dir)
	}
	data, err := os.ReadFile(filepath.Join(root, "fixtures/plans/sparse.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "plans", "sparse.yaml"), string(data))
	out, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "sarif", "plans")
	b, places := sarifPlaces(t, out)
	if b != "file://"+filepath.ToSlash(dir)+"/" || len(places) == 0 || !strings.HasPrefix(places[0], "%SRCROOT% plans/sparse.yaml ") {
		t.Errorf("outside a work tree: %%SRCROOT%% %s, results %v", b, places)
	}
}

// TestSARIFWaivedSetting keeps waived results by flag, environment or
// settings file, and refuses a value that is not true or false.
func TestSARIFWaivedSetting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plans := filepath.Join(root, "fixtures/plans/waivers.yaml")
	count := func(stdio IO, args ...string) int {
		t.Helper()
		stdio.Dir = dir
		out, stderr, code := invoke(t, stdio, append(append([]string{"lint", "--today", "2026-11-21", "-f", "sarif"}, args...), plans)...)
		if code != 1 {
			t.Fatalf("%v: exit %d %s", args, code, stderr)
		}
		n := 0
		var s sarifOut
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		for _, r := range s.Runs[0].Results {
			n += len(r.Suppressions)
		}
		return n
	}
	if n := count(IO{}); n != 0 {
		t.Errorf("by default: %d suppressed results", n)
	}
	kept := count(IO{}, "--sarif-waived")
	if kept == 0 {
		t.Fatal("--sarif-waived kept no waived result")
	}
	if n := count(IO{Env: []string{"PLANCHECK_SARIF_WAIVED=true"}}); n != kept {
		t.Errorf("PLANCHECK_SARIF_WAIVED=true: %d suppressed results, want %d", n, kept)
	}
	if n := count(IO{Env: []string{"PLANCHECK_SARIF_WAIVED=true"}}, "--sarif-waived=false"); n != 0 {
		t.Errorf("the flag over the environment: %d suppressed results", n)
	}
	write(t, filepath.Join(dir, ConfigFile), "sarif_waived: true\n")
	if n := count(IO{}); n != kept {
		t.Errorf("sarif_waived in %s: %d suppressed results, want %d", ConfigFile, n, kept)
	}
	_, stderr, code := invoke(t, IO{Dir: dir, Env: []string{"PLANCHECK_SARIF_WAIVED=maybe"}}, "lint", "-f", "sarif", plans)
	if code != 2 || !strings.Contains(stderr, `sarif_waived must be true or false, not "maybe"`) {
		t.Errorf("a bad value: exit %d %q", code, stderr)
	}
}

func TestWorkTreeTop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if workTreeTop(dir) != "" {
		t.Skipf("%s is inside a git work tree", dir)
	}
	deep := filepath.Join(dir, "repo", "plans", "2026")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := workTreeTop(deep); got != "" {
		t.Errorf("no .git: %q", got)
	}
	// A linked work tree or a submodule has a .git file, not a folder.
	write(t, filepath.Join(dir, "repo", ".git"), "gitdir: /elsewhere/.git/worktrees/repo\n")
	if got := workTreeTop(deep); got != filepath.Join(dir, "repo") {
		t.Errorf("a .git file: %q", got)
	}
	if err := os.Mkdir(filepath.Join(deep, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := workTreeTop(deep); got != deep {
		t.Errorf("the nearest .git: %q", got)
	}
}

// junitSuites is the JUnit XML as a CI system reads it. junit-10.xsd gives
// testsuites no skipped count: the suites carry it.
type junitSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Time     string `xml:"time,attr"`
		Cases    []struct {
			ClassName string    `xml:"classname,attr"`
			Name      string    `xml:"name,attr"`
			Failure   *struct{} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
			Output    string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// junitCounts are the totals a JUnit report of a run must give.
type junitCounts struct {
	Tests, Failures, Errors, Skipped, Suites int
}

// wantJUnit is what the JUnit report of a run must count, from its JSON
// report: a test per result and per unreadable file; a failure per miss
// at or above the gate (fail_on), which the summary does not total; an
// error per unreadable file; a skip per waived, not applicable or skipped
// result; a suite per plan and per unreadable file.
func wantJUnit(r report.Report) junitCounts {
	s := r.Summary
	c := junitCounts{
		Tests:  s.Met + s.Missed + s.Waived + s.NotApplicable + s.Skipped + s.Unreadable,
		Errors: s.Unreadable, Skipped: s.Waived + s.NotApplicable + s.Skipped,
		Suites: s.Plans + s.Unreadable,
	}
	for _, p := range r.Plans {
		for _, res := range p.Results {
			if res.Status == check.Missed && s.FailOn.Fails(res.Severity) {
				c.Failures++
			}
		}
	}
	return c
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
	want := wantJUnit(r)
	if len(j.Suites) != want.Suites {
		t.Fatalf("%d suites for %d plans and %d unreadable files", len(j.Suites), len(r.Plans), len(r.Errors))
	}
	var got junitCounts
	cases := map[[2]string]bool{}
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
			if c.ClassName != s.Name {
				t.Errorf("%s: testcase %s has class %q, not its plan file", s.Name, c.Name, c.ClassName)
			}
			if key := [2]string{c.ClassName, c.Name}; cases[key] {
				t.Errorf("testcase (%s, %s) twice", c.ClassName, c.Name)
			} else {
				cases[key] = true
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("%s: attributes %d/%d/%d/%d, testcases %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
		}
		if s.Time != "0" {
			t.Errorf("%s: time %q, want 0", s.Name, s.Time)
		}
		got.Tests, got.Failures, got.Errors, got.Skipped = got.Tests+s.Tests, got.Failures+f, got.Errors+e, got.Skipped+sk
	}
	got.Suites = len(j.Suites)
	if j.Tests != got.Tests || j.Failures != got.Failures || j.Errors != got.Errors {
		t.Errorf("totals %d/%d/%d, suites add up to %d/%d/%d", j.Tests, j.Failures, j.Errors, got.Tests, got.Failures, got.Errors)
	}
	if got != want {
		t.Errorf("JUnit counts %+v, the JSON report calls for %+v", got, want)
	}
	// The fixtures miss should recommendations too: those misses pass.
	if want.Failures == 0 || want.Failures == r.Summary.Missed {
		t.Errorf("%d failures of %d misses: the fixtures should have misses on both sides of the gate", want.Failures, r.Summary.Missed)
	}
	c := j.Suites[0].Cases[0]
	if c.ClassName != r.Plans[0].File || c.Name != "nao-benefits-realisation" {
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
		t.Errorf("kinds %v: want errors (must), warnings (should) and notices (advice)", kinds)
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
	browser := chromium(t)
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
