package render

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// sarifDoc is the part of a SARIF log the tests read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				FullName string `json:"fullName"`
				Rules    []struct {
					ID                   string                 `json:"id"`
					DefaultConfiguration struct{ Level string } `json:"defaultConfiguration"`
					Properties           map[string]any         `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID       string            `json:"ruleId"`
			Level        string            `json:"level"`
			Fingerprints map[string]string `json:"partialFingerprints"`
			Suppressions []sarifSuppress   `json:"suppressions"`
			Locations    []sarifLocation   `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// sarifRules is a catalogue of three rules: a must and a should
// recommendation, and the format's own rule under an id of its own, so
// that a test can tell it is found by its kind.
func sarifHeader() Header {
	cat := check.NewCatalogue(2, []check.Rule{
		{ID: "r-must", Kind: check.Recommendation, Title: "Must", Framework: "f", Severity: check.Must, Source: check.Source{URL: "https://example.org/must"}},
		{ID: "r-should", Kind: check.Recommendation, Title: "Should", Framework: "f", Severity: check.Should},
		{ID: "the-format", Kind: check.Format, Title: "Format", Framework: "plancheck", Severity: check.Must},
	}, nil)
	return Header{Tool: report.Tool{Name: "plancheck", Version: "1.2.3"}, Today: "2026-11-21", Catalogue: cat, Rules: cat.Rules, FailOn: report.FailOnMust}
}

func miss(path string, line, col, endCol int) check.Finding {
	return check.Finding{Level: check.Miss, Path: path, Message: "missing " + path, Line: line, Column: col, EndLine: line, EndColumn: endCol}
}

// inRepo places files as a CLI would for a repository at /repo, with
// /elsewhere outside it and standard input named <stdin>.
func inRepo(file string) (string, string) {
	switch {
	case file == "<stdin>":
		return filepath.FromSlash("/repo"), ""
	case strings.HasPrefix(file, "/"):
		return filepath.Dir(filepath.FromSlash(file)), filepath.FromSlash(file)
	}
	return filepath.FromSlash("/repo"), filepath.FromSlash("/repo/" + file)
}

func writeSARIF(t *testing.T, h Header, opts Options, tail report.Tail, plans ...report.Plan) sarifDoc {
	t.Helper()
	var b bytes.Buffer
	w := newSARIFWriter(&b, h, opts)
	for i := range plans {
		if err := w.Plan(&plans[i]); err != nil {
			t.Fatal(err)
		}
	}
	if tail.Summary.FailOn == "" {
		tail.Summary = report.NewSummary(report.FailOnMust)
	}
	if err := w.End(tail); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Runs) != 1 {
		t.Fatalf("not a SARIF log of one run: %v\n%s", err, b.String())
	}
	return doc
}

func fingerprintsOf(doc sarifDoc) []string {
	var out []string
	for _, r := range doc.Runs[0].Results {
		out = append(out, r.Fingerprints["primaryLocationLineHash"])
	}
	return out
}

// TestSARIFFingerprints checks that a finding keeps its fingerprint when
// its line or its words change, that findings about different things
// differ, and that findings alike in file, rule, path and level are
// numbered apart.
func TestSARIFFingerprints(t *testing.T) {
	h := sarifHeader()
	plan := func(file string, line int, message string) report.Plan {
		f := miss("governance.owner", line, 3, 8)
		f.Message = message
		return report.Plan{File: file, Results: []check.Result{result("r-must", check.Must, check.Missed, f)}}
	}
	fp := func(p report.Plan) string {
		doc := writeSARIF(t, h, Options{Root: inRepo}, report.Tail{}, p)
		if len(doc.Runs[0].Results) != 1 {
			t.Fatalf("%d results", len(doc.Runs[0].Results))
		}
		r := doc.Runs[0].Results[0]
		if len(r.Fingerprints) != 1 {
			t.Errorf("fingerprints %v: want primaryLocationLineHash alone", r.Fingerprints)
		}
		return r.Fingerprints["primaryLocationLineHash"]
	}
	base := fp(plan("plans/a.yaml", 4, "no owner"))
	if !strings.HasSuffix(base, ":1") || len(base) != 34 {
		t.Errorf("fingerprint %q: want 32 hex digits and :1", base)
	}
	if got := fp(plan("plans/a.yaml", 40, "the owner is not named")); got != base {
		t.Errorf("moving and rewording a finding changed its fingerprint: %s, was %s", got, base)
	}
	if got := fp(plan("plans/b.yaml", 4, "no owner")); got == base {
		t.Error("findings in two files share a fingerprint")
	}
	p := plan("plans/a.yaml", 4, "no owner")
	p.Results[0].Findings[0].Path = "governance.board"
	if fp(p) == base {
		t.Error("findings about two paths share a fingerprint")
	}
	p = plan("plans/a.yaml", 4, "no owner")
	p.Results[0].ID = "r-should"
	if fp(p) == base {
		t.Error("findings of two rules share a fingerprint")
	}
	p = plan("plans/a.yaml", 4, "no owner")
	p.Results[0].Findings[0].Level = check.Advice
	if fp(p) == base {
		t.Error("a miss and advice share a fingerprint")
	}

	// Two misses about one path in one rule, and the same in a second
	// file: unique within the run, the first of each the same as alone.
	twice := func(file string) report.Plan {
		a, b := miss("objectives", 5, 3, 13), miss("objectives", 5, 3, 13)
		a.Message, b.Message = "no metric", "no owner"
		return report.Plan{File: file, Results: []check.Result{result("r-must", check.Must, check.Missed, a, b)}}
	}
	got := fingerprintsOf(writeSARIF(t, h, Options{Root: inRepo}, report.Tail{}, twice("plans/a.yaml"), twice("plans/b.yaml")))
	seen := map[string]bool{}
	for _, f := range got {
		if seen[f] {
			t.Errorf("fingerprint %s repeated in %v", f, got)
		}
		seen[f] = true
	}
	if len(got) != 4 || !strings.HasSuffix(got[0], ":1") || !strings.HasSuffix(got[1], ":2") || got[0][:32] != got[1][:32] {
		t.Errorf("fingerprints of findings alike: %v", got)
	}
	one := twice("plans/a.yaml")
	one.Results[0].Findings = one.Results[0].Findings[1:]
	if alone := fp(one); alone != got[0] {
		t.Errorf("the first of two alike findings is %s, alone %s", got[0], alone)
	}
}

// TestSARIFURIs checks that files are named relative to their
// repository's root, with that root as %SRCROOT%, and that a file
// outside it and standard input are named without it.
func TestSARIFURIs(t *testing.T) {
	if filepath.Separator != '/' {
		t.Skip("the paths here are Unix paths")
	}
	h := sarifHeader()
	plan := func(file string) report.Plan {
		return report.Plan{File: file, Results: []check.Result{result("r-must", check.Must, check.Missed, miss("a", 1, 1, 2))}}
	}
	doc := writeSARIF(t, h, Options{Root: inRepo}, report.Tail{},
		plan("plans/north.yaml"), plan("plans/odd name:v2.yaml"), plan("/elsewhere/x.yaml"), plan("<stdin>"))
	run := doc.Runs[0]
	if base := run.OriginalURIBaseIDs["%SRCROOT%"]; base.URI != "file:///repo/" || len(run.OriginalURIBaseIDs) != 1 {
		t.Errorf("originalUriBaseIds %v", run.OriginalURIBaseIDs)
	}
	want := []sarifArtifact{
		{URI: "plans/north.yaml", URIBaseID: "%SRCROOT%"},
		{URI: "plans/odd%20name%3Av2.yaml", URIBaseID: "%SRCROOT%"},
		{URI: "file:///elsewhere/x.yaml"},
		{URI: "%3Cstdin%3E"},
	}
	for i, r := range run.Results {
		if got := r.Locations[0].PhysicalLocation.ArtifactLocation; got != want[i] {
			t.Errorf("result %d: artifact %+v, want %+v", i, got, want[i])
		}
	}

	// The same plans named from a subfolder (as ../plans/north.yaml)
	// are placed by their absolute paths: nothing changes.
	sub := func(file string) (string, string) {
		if strings.HasPrefix(file, "../") {
			return "/repo", "/repo/" + strings.TrimPrefix(file, "../")
		}
		return inRepo(file)
	}
	again := writeSARIF(t, h, Options{Root: sub}, report.Tail{}, plan("../plans/north.yaml"))
	if got := again.Runs[0].Results[0]; got.Locations[0].PhysicalLocation.ArtifactLocation != want[0] ||
		got.Fingerprints["primaryLocationLineHash"] != run.Results[0].Fingerprints["primaryLocationLineHash"] {
		t.Errorf("from a subfolder: %+v", got)
	}

	// Without a way to place files, they are named as the report names
	// them, relative to a %SRCROOT% the consumer gives.
	bare := writeSARIF(t, h, Options{}, report.Tail{}, plan("plans/north.yaml"))
	if got := bare.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation; got != want[0] || bare.Runs[0].OriginalURIBaseIDs != nil {
		t.Errorf("unplaced: %+v, %v", got, bare.Runs[0].OriginalURIBaseIDs)
	}
}

// TestSARIFRegions checks that a region runs from the finding's start to
// the end of what it points at, is one character when that end is not
// known, and that an unreadable file without a place points at its
// first line.
func TestSARIFRegions(t *testing.T) {
	h := sarifHeader()
	known := miss("plan.title", 3, 5, 10)
	unknown := miss("plan.period", 7, 3, 0)
	unknown.EndLine = 0
	noPlace := miss("plan", 0, 0, 0)
	noPlace.EndLine = 0
	p := report.Plan{File: "p.yaml", Results: []check.Result{result("r-must", check.Must, check.Missed, known, unknown, noPlace)}}
	tail := report.Tail{Errors: []report.FileError{
		{File: "broken.yaml", Line: 3, Column: 1, Message: "tab"},
		{File: "huge.yaml", Message: "file is 9 MiB"},
	}}
	doc := writeSARIF(t, h, Options{Root: inRepo}, tail, p)
	want := []*sarifRegion{
		{StartLine: 3, StartColumn: 5, EndLine: 3, EndColumn: 10},
		{StartLine: 7, StartColumn: 3, EndLine: 7, EndColumn: 4},
		nil,
		{StartLine: 3, StartColumn: 1, EndLine: 3, EndColumn: 2},
		{StartLine: 1, EndLine: 1},
	}
	results := doc.Runs[0].Results
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for i, r := range results {
		got := r.Locations[0].PhysicalLocation.Region
		if (got == nil) != (want[i] == nil) || got != nil && *got != *want[i] {
			t.Errorf("result %d: region %+v, want %+v", i, got, want[i])
		}
	}
	// Unreadable files are results of the format rule, whatever its id.
	for _, r := range results[3:] {
		if r.RuleID != "the-format" || r.Level != "error" {
			t.Errorf("an unreadable file is %s %s", r.RuleID, r.Level)
		}
	}
	if results[3].Fingerprints["primaryLocationLineHash"] == results[4].Fingerprints["primaryLocationLineHash"] {
		t.Error("two unreadable files share a fingerprint")
	}
}

// TestSARIFWaived checks that waived results are left out unless asked
// for, and then come with their suppression; skipped and not applicable
// results never appear.
func TestSARIFWaived(t *testing.T) {
	h := sarifHeader()
	waived := result("r-should", check.Should, check.Waived, miss("legacy", 2, 1, 7))
	waived.Waiver = &check.Waiver{Reason: "replaced next year", ApprovedBy: "Board", Expires: "2027-03-31"}
	p := report.Plan{File: "p.yaml", Results: []check.Result{
		result("r-must", check.Must, check.Missed, miss("a", 1, 1, 2)),
		waived,
		result("r-must", check.Must, check.Skipped),
		result("r-should", check.Should, check.NotApplicable, miss("b", 1, 1, 2)),
	}}
	doc := writeSARIF(t, h, Options{}, report.Tail{}, p)
	if n := len(doc.Runs[0].Results); n != 1 || doc.Runs[0].Results[0].RuleID != "r-must" {
		t.Errorf("by default: %d results, want the miss alone", n)
	}
	doc = writeSARIF(t, h, Options{SARIFWaived: true}, report.Tail{}, p)
	results := doc.Runs[0].Results
	if len(results) != 2 {
		t.Fatalf("with waived results: %d results, want 2", len(results))
	}
	s := results[1].Suppressions
	if len(s) != 1 || s[0].Kind != "external" || s[0].Status != "accepted" || s[0].Justification != "replaced next year (approved by Board, until 2027-03-31)" {
		t.Errorf("suppressions %+v", s)
	}
	if len(results[0].Suppressions) != 0 {
		t.Error("a miss that is not waived is suppressed")
	}
}

// TestSARIFLevelsFollowTheGate checks levels against --fail-on: a miss
// that fails the run is an error, one below the gate a warning, advice a
// note; and the run's and rules' metadata.
func TestSARIFLevelsFollowTheGate(t *testing.T) {
	advice := miss("c", 3, 1, 2)
	advice.Level = check.Advice
	p := report.Plan{File: "p.yaml", Results: []check.Result{
		result("r-must", check.Must, check.Missed, miss("a", 1, 1, 2)),
		result("r-should", check.Should, check.Missed, miss("b", 2, 1, 2), advice),
	}}
	for _, c := range []struct {
		gate report.FailOn
		want []string // levels of the must miss, the should miss, the advice
	}{
		{report.FailOnMust, []string{"error", "warning", "note"}},
		{report.FailOnShould, []string{"error", "error", "note"}},
		{report.FailOnNever, []string{"warning", "warning", "note"}},
	} {
		h := sarifHeader()
		h.FailOn = c.gate
		doc := writeSARIF(t, h, Options{}, report.Tail{}, p)
		var got []string
		for _, r := range doc.Runs[0].Results {
			got = append(got, r.Level)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("fail-on %s: levels %v, want %v", c.gate, got, c.want)
		}
		rules := doc.Runs[0].Tool.Driver.Rules
		if rules[0].ID != "r-must" || rules[0].DefaultConfiguration.Level != c.want[0] || rules[1].DefaultConfiguration.Level != c.want[1] {
			t.Errorf("fail-on %s: default levels %s %s", c.gate, rules[0].DefaultConfiguration.Level, rules[1].DefaultConfiguration.Level)
		}
	}
	doc := writeSARIF(t, sarifHeader(), Options{}, report.Tail{}, p)
	run := doc.Runs[0]
	if run.AutomationDetails.ID != "plancheck/" || run.Tool.Driver.FullName != "plancheck 1.2.3, NHS digital transformation plan checks" {
		t.Errorf("automation id %q, full name %q", run.AutomationDetails.ID, run.Tool.Driver.FullName)
	}
	for _, r := range run.Tool.Driver.Rules {
		want := map[string]string{"r-must": "error", "r-should": "warning", "the-format": "error"}[r.ID]
		if r.Properties["precision"] != "very-high" || r.Properties["problem.severity"] != want {
			t.Errorf("%s: precision %v, problem.severity %v", r.ID, r.Properties["precision"], r.Properties["problem.severity"])
		}
	}
}
