package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden reports under fixtures/golden")

// engines compiles the built-in catalogue once for the whole test binary.
var engines engine.Cache

// root is the repository's root: commands run there unless a test names
// another folder, so that report paths read as a user would type them.
var root = func() string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		panic(err)
	}
	return dir
}()

// invoke runs the command line with the given IO (its folder the
// repository root when unset), returning what it wrote and its exit code.
func invoke(t *testing.T, stdio IO, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	if stdio.Dir == "" {
		stdio.Dir = root
	}
	if stdio.In == nil {
		stdio.In = strings.NewReader("")
	}
	stdio.Out, stdio.Err, stdio.Engines = &out, &errOut, &engines
	code := Main(context.Background(), args, stdio)
	return out.String(), errOut.String(), code
}

// run runs the command line in folder dir (the repository root when "")
// with stdin as its input and no environment.
func run(t *testing.T, dir string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return invoke(t, IO{Dir: dir, In: strings.NewReader(stdin)}, args...)
}

// catalogue is the built-in catalogue, for tests that count by it.
func catalogue(t *testing.T) *check.Catalogue {
	t.Helper()
	e, err := engines.Get(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e.Catalogue()
}

// write writes a file a test needs, or stops the test.
func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(root, "fixtures", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to write it)", err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		line := func(ls []string) string {
			if i < len(ls) {
				return ls[i]
			}
			return "(end of file)"
		}
		t.Errorf("%s differs from the report written now, first at line %d; if the change is meant, run go test ./internal/cli -update\n got: %s\nwant: %s", path, i+1, line(g), line(w))
	}
}

func TestGoldenReports(t *testing.T) {
	t.Parallel()
	cases := []struct {
		golden string
		args   []string
		code   int
	}{
		{"plans.json", []string{"lint", "--today", "2026-11-21", "--format", "json", "fixtures/plans"}, 1},
		{"plans.txt", []string{"lint", "--today", "2026-11-21", "fixtures/plans"}, 1},
		{"broken.json", []string{"lint", "--today", "2026-11-21", "-f", "json", "fixtures/broken", "fixtures/plans/northshire.yaml"}, 2},
		{"plans.sarif", []string{"lint", "--today", "2026-11-21", "-f", "sarif", "fixtures/plans", "fixtures/broken/tabs.yaml"}, 2},
		{"plans.junit.xml", []string{"lint", "--today", "2026-11-21", "-f", "junit", "fixtures/plans", "fixtures/broken/tabs.yaml"}, 2},
		{"plans.github.txt", []string{"lint", "--today", "2026-11-21", "-f", "github", "fixtures/plans", "fixtures/broken/tabs.yaml"}, 2},
		{"plans.md", []string{"lint", "--today", "2026-11-21", "-f", "markdown", "fixtures/plans", "fixtures/broken/tabs.yaml"}, 2},
		{"plans.html", []string{"lint", "--today", "2026-11-21", "-f", "html", "fixtures/plans", "fixtures/broken/tabs.yaml"}, 2},
		{"plans.portfolio.html", []string{"lint", "--today", "2026-11-21", "-f", "portfolio", "fixtures/plans", "fixtures/broken/tabs.yaml"}, 2},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			out, _, code := run(t, "", "", c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			if strings.HasSuffix(c.golden, ".sarif") {
				out = checkoutNamed(t, out)
			}
			if strings.HasSuffix(c.golden, ".json") {
				decode(t, out)
			}
			golden(t, c.golden, out)
		})
	}
}

// TestGoldenJSONFollowsThePrintedSchema validates every JSON report under
// fixtures/golden, as committed, against the schema plancheck schema
// --report prints, as a dashboard's own validator would.
func TestGoldenJSONFollowsThePrintedSchema(t *testing.T) {
	t.Parallel()
	printed, _, code := run(t, "", "", "schema", "--report")
	if code != 0 {
		t.Fatalf("schema --report: exit %d", code)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(printed))
	if err != nil {
		t.Fatalf("schema --report prints no JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("printed.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("printed.schema.json")
	if err != nil {
		t.Fatalf("schema --report prints no valid JSON Schema: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "fixtures", "golden", "*.json"))
	if len(files) < 2 {
		t.Fatalf("golden JSON reports: %v", files)
	}
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "diff") {
			continue // a diff, not a report: baseline_test.go checks diffs against schema --diff
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		report, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := schema.Validate(report); err != nil {
			t.Errorf("%s does not follow plancheck schema --report: %v", filepath.Base(f), err)
		}
	}
}

// goldenCheckout stands in the SARIF golden for the repository's root,
// which differs from checkout to checkout.
const goldenCheckout = "file:///checkout/"

// checkoutNamed replaces the SARIF report's root (%SRCROOT%) with
// goldenCheckout, after checking it is this repository's root.
func checkoutNamed(t *testing.T, out string) string {
	t.Helper()
	var s struct {
		Runs []struct {
			Bases map[string]struct{ URI string } `json:"originalUriBaseIds"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil || len(s.Runs) != 1 {
		t.Fatalf("not a SARIF log of one run: %v", err)
	}
	base := s.Runs[0].Bases["%SRCROOT%"].URI
	if u, err := url.Parse(base); err != nil || u.Scheme != "file" || u.Path != filepath.ToSlash(root)+"/" {
		t.Fatalf("%%SRCROOT%% is %q, not the repository's root %s", base, root)
	}
	return strings.ReplaceAll(out, `"uri": "`+base+`"`, `"uri": "`+goldenCheckout+`"`)
}

// reportSchema is the JSON report's JSON Schema, compiled once.
var reportSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("report.schema.json")
})

// decode reads a JSON report, after checking it against the report's
// JSON Schema: every JSON report a test makes is validated.
func decode(t *testing.T, out string) report.Report {
	t.Helper()
	schema, err := reportSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("the JSON report does not follow plancheck schema --report: %v", err)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, out)
	}
	return r
}

// TestBrokenFilesDoNotChangeOtherResults checks a good plan alone and
// beside every broken file: its report is the same, and each broken file
// is an error with a line.
func TestBrokenFilesDoNotChangeOtherResults(t *testing.T) {
	t.Parallel()
	alone, _, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "fixtures/plans/northshire.yaml")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	mixed, stderr, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "fixtures/broken", "fixtures/plans/northshire.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	a, m := decode(t, alone), decode(t, mixed)
	pa, _ := json.Marshal(a.Plans)
	pm, _ := json.Marshal(m.Plans)
	if !bytes.Equal(pa, pm) {
		t.Error("the good plan's report changed beside broken files")
	}
	broken, _ := filepath.Glob(filepath.Join(root, "fixtures/broken/*"))
	if len(m.Errors) != len(broken) || m.Summary.Unreadable != len(broken) || m.Summary.Passed {
		t.Errorf("errors %d, unreadable %d, passed %v; want %d broken files", len(m.Errors), m.Summary.Unreadable, m.Summary.Passed, len(broken))
	}
	for _, e := range m.Errors {
		if e.Line == 0 || e.Column == 0 || e.Message == "" {
			t.Errorf("error without a place: %+v", e)
		}
		if !strings.Contains(stderr, e.File+":") {
			t.Errorf("stderr does not name %s:\n%s", e.File, stderr)
		}
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"lint", "fixtures/plans/northshire.yaml"}, 0, ""},
		{[]string{"lint", "fixtures/plans/sparse.yaml"}, 1, ""},
		{[]string{"lint", "--fail-on", "never", "fixtures/plans/sparse.yaml"}, 0, ""},
		{[]string{"lint", "--only", "wg-spend-reprioritised", "fixtures/plans/oakfield-practice.yaml"}, 0, ""},
		{[]string{"lint", "--only", "wg-spend-reprioritised", "--fail-on", "should", "fixtures/plans/sparse.yaml"}, 1, ""},
		{[]string{"lint", "--skip", "plan-format", "fixtures/plans/sparse.yaml"}, 2, "plan-format cannot be skipped"},
		{[]string{"lint", "--fail-on", "never", "fixtures/broken/tabs.yaml"}, 2, ""},
		{[]string{"lint"}, 2, "give the plan files or folders"},
		{[]string{"lint", "no/such/folder"}, 2, "no/such/folder: no such file or folder"},
		{[]string{"lint", "internal/cli"}, 2, "no plan files found"},
		{[]string{"lint", "--format", "xml", "fixtures/plans"}, 2, `unknown format "xml"`},
		{[]string{"lint", "-f", "json", "-f", "text", "fixtures/plans"}, 2, "only one format can go to standard output"},
		{[]string{"lint", "--fail-on", "sometimes", "fixtures/plans"}, 2, `--fail-on "sometimes": use must, should or never`},
		{[]string{"lint", "--today", "21/11/2026", "fixtures/plans"}, 2, `--today "21/11/2026": give a date such as 2026-11-21`},
		{[]string{"lint", "--only", "wg-nope", "fixtures/plans"}, 2, `--only: "wg-nope" is neither a recommendation id nor a framework`},
		{[]string{"lint", "--no-such-flag", "fixtures/plans"}, 2, "unknown flag"},
		{[]string{"frobnicate"}, 2, "unknown command"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			// A text report on standard output lists unreadable files;
			// other mistakes are said on standard error.
			stdout, stderr, code := run(t, "", "", c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (%s)", code, c.code, stderr)
			}
			if !strings.Contains(stdout+stderr, c.err) {
				t.Errorf("output %q does not say %q", stdout+stderr, c.err)
			}
		})
	}
}

func TestStandardInput(t *testing.T) {
	t.Parallel()
	data, _ := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.json"))
	out, _, code := run(t, "", string(data), "lint", "--input-format", "json", "-f", "json", "--today", "2026-11-21", "-")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	r := decode(t, out)
	if len(r.Plans) != 1 || r.Plans[0].File != "<stdin>" || r.Plans[0].Format != "json" || r.Plans[0].Score.Met != r.Plans[0].Score.Applicable {
		t.Errorf("stdin plan: %+v", r.Plans)
	}
	if stdout, _, code := run(t, "", "{", "lint", "--input-format", "json", "-"); code != 2 || !strings.Contains(stdout, "<stdin>:1:2: unexpected end of file") {
		t.Errorf("broken stdin: exit %d, %q", code, stdout)
	}
	// TOML without --input-format is read as YAML, and said to be TOML.
	toml, _ := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.toml"))
	if stdout, _, code := run(t, "", string(toml), "lint", "-"); code != 2 || !strings.Contains(stdout, "<stdin>: standard input is read as YAML; it looks like TOML: pass --input-format toml") {
		t.Errorf("TOML on stdin: exit %d, %q", code, stdout)
	}
}

func TestOutputFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "report.json")
	stdout, _, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "fixtures/plans")
	_, _, code2 := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "-o", target, "fixtures/plans")
	if code != 1 || code2 != 1 {
		t.Errorf("exit %d and %d", code, code2)
	}
	written, err := os.ReadFile(target)
	if err != nil || string(written) != stdout {
		t.Errorf("--output wrote something other than the report: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// reported counts a plan's results that were not skipped.
func reported(p report.Plan) int {
	n := 0
	for _, r := range p.Results {
		if r.Status != check.Skipped {
			n++
		}
	}
	return n
}

// TestSettingsPrecedence checks flags > PLANCHECK_* > .plancheck.yaml (in
// the working folder or a parent) > defaults.
func TestSettingsPrecedence(t *testing.T) {
	t.Parallel()
	plans := filepath.Join(root, "fixtures/plans/sparse.yaml")
	parent := t.TempDir()
	work := filepath.Join(parent, "plans", "q3")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(parent, ConfigFile), "fail_on: never\nformat: json\nonly: [wg-data-trust]\ntoday: 2026-01-02\n")

	out, _, code := run(t, work, "", "lint", plans)
	r := decode(t, out)
	if code != 0 || r.Summary.FailOn != "never" || r.Today != "2026-01-02" || reported(r.Plans[0]) != 2 {
		t.Errorf("from the file: exit %d, fail_on %s, today %s, %d results", code, r.Summary.FailOn, r.Today, reported(r.Plans[0]))
	}
	// The selection is recorded, with where it was made.
	if sel := r.Selection; strings.Join(sel.Only, ",") != "wg-data-trust" || len(sel.Skip) != 0 || sel.Source != "../../.plancheck.yaml" {
		t.Errorf("selection %+v", sel)
	}

	env := []string{"PLANCHECK_FAIL_ON=must", "PLANCHECK_ONLY=wg-data-trust,nao-interoperability", "PLANCHECK_TODAY=2026-03-04"}
	out, _, code = invoke(t, IO{Dir: work, Env: env}, "lint", plans)
	r = decode(t, out)
	if code != 1 || r.Summary.FailOn != "must" || r.Today != "2026-03-04" || reported(r.Plans[0]) != 3 || r.Selection.Source != "environment" {
		t.Errorf("env over file: exit %d, fail_on %s, today %s, %d results, selection %+v", code, r.Summary.FailOn, r.Today, reported(r.Plans[0]), r.Selection)
	}

	out, _, code = invoke(t, IO{Dir: work, Env: env}, "lint", "--fail-on", "never", "--today", "2026-05-05", plans)
	if r := decode(t, out); code != 0 || r.Today != "2026-05-05" {
		t.Errorf("flag over env: exit %d, today %s", code, r.Today)
	}

	write(t, filepath.Join(parent, ConfigFile), "failon: never\n")
	_, stderr, code := run(t, work, "", "lint", plans)
	if code != 2 || !strings.Contains(stderr, `unknown setting "failon" (did you mean "fail_on"?)`) {
		t.Errorf("unknown setting: exit %d, %q", code, stderr)
	}
}

// TestSettingsFileSizeLimit refuses a settings file over its limit.
func TestSettingsFileSizeLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	settings := filepath.Join(dir, ConfigFile)
	write(t, settings, "fail_on: never\n"+strings.Repeat("# padding\n", MaxConfigSize/10))
	_, stderr, code := run(t, dir, "", "lint", filepath.Join(root, "fixtures/plans/sparse.yaml"))
	if code != 2 || !strings.Contains(stderr, settings+": file is 1.0 MiB, larger than the limit of 1 MiB") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

// TestLinkToAFolder names links to the plans folder, one of them called
// plans.yaml: each is checked as the folder is.
func TestLinkToAFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, link := range []string{"linked", "plans.yaml"} {
		if err := os.Symlink(filepath.Join(root, "fixtures/plans"), filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot make links here: %v", err)
		}
	}
	out, _, _ := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "fixtures/plans")
	want := len(decode(t, out).Plans)
	for _, link := range []string{"linked", "plans.yaml"} {
		out, stderr, code := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "json", link)
		if code == 2 || len(decode(t, out).Plans) != want {
			t.Errorf("lint %s: exit %d, %s", link, code, stderr)
		}
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	out, _, code := run(t, "", "", "rules")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != len(cat.Rules)+1 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("rules: exit %d, %d lines for %d rules\n%s", code, len(lines), len(cat.Rules), out)
	}
	for i, r := range cat.Rules {
		if f := strings.Fields(lines[i+1]); len(f) < 4 || f[0] != r.ID || f[1] != string(r.Kind) || f[2] != r.Framework || f[3] != string(r.Severity) {
			t.Errorf("line for %s: %q", r.ID, lines[i+1])
		}
	}
	if !strings.Contains(out, "plan-format") || !strings.Contains(out, "format ") {
		t.Errorf("rules does not list plan-format with its kind:\n%s", out)
	}
	out, _, _ = run(t, "", "", "rules", "--format", "json")
	var rules []check.Rule
	if err := json.Unmarshal([]byte(out), &rules); err != nil || len(rules) != len(cat.Rules) {
		t.Fatalf("rules json: %v, %d rules", err, len(rules))
	}
	for i, r := range rules {
		want := cat.Rules[i]
		if r.ID != want.ID || r.Kind != want.Kind || r.Title != want.Title || r.Summary != want.Summary || r.Remediation != want.Remediation ||
			r.Source != want.Source || len(r.Meets) != len(want.Meets) || r.Example != want.Example {
			t.Errorf("rules json for %s: %+v", want.ID, r)
		}
	}
	if _, stderr, code := run(t, "", "", "rules", "--format", "yaml"); code != 2 || !strings.Contains(stderr, "unknown format") {
		t.Errorf("bad format: %d %q", code, stderr)
	}
}

// TestREADMECatalogueIsCurrent fails when the README's catalogue table is
// not what `plancheck rules --format markdown` prints now.
func TestREADMECatalogueIsCurrent(t *testing.T) {
	t.Parallel()
	table, _, _ := run(t, "", "", "rules", "--format", "markdown")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
	i, j := bytes.Index(readme, []byte(start)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatal("README.md has no <!-- rules:start --> … <!-- rules:end --> section")
	}
	if got := string(readme[i+len(start) : j]); got != table {
		t.Errorf("README.md's catalogue is stale: replace it with the output of plancheck rules --format markdown\n%s", table)
	}
}

// TestREADMESettingsAreCurrent fails when the README's settings table
// does not list each setting .plancheck.yaml may hold, with its flag and
// its environment variable, or lists one that is gone.
func TestREADMESettingsAreCurrent(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- settings:start -->\n", "<!-- settings:end -->"
	i, j := bytes.Index(readme, []byte(start)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatal("README.md has no <!-- settings:start --> … <!-- settings:end --> section")
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(readme[i+len(start):j]), "\n") {
		if m := regexp.MustCompile("^\\| `([a-z_]+)` \\|").FindStringSubmatch(line); m != nil {
			rows[m[1]] = line
		}
	}
	for key, flag := range settings {
		row, ok := rows[key]
		if !ok {
			t.Errorf("README.md's settings table has no row for %s", key)
			continue
		}
		if flag != "" && !strings.Contains(row, "`--"+flag+"`") {
			t.Errorf("README.md's row for %s does not name --%s: %s", key, flag, row)
		}
		if env := EnvPrefix + strings.ToUpper(key); !strings.Contains(row, "`"+env+"`") {
			t.Errorf("README.md's row for %s does not name %s: %s", key, env, row)
		}
		delete(rows, key)
	}
	for key := range rows {
		t.Errorf("README.md's settings table lists %s, which is no setting", key)
	}
}

func TestExplain(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "", "", "explain", "wg-digital-inclusion")
	out = strings.Join(strings.Fields(out), " ") // explain wraps its lines
	for _, want := range []string{
		"wg-digital-inclusion: Digital inequality assessed and mitigated",
		"taking digital inequality into account when designing service transformation",
		"Met when",
		"miss inclusion.mitigations: no mitigations for digital exclusion are listed",
		"Example that meets it",
		"non_digital_alternative: true",
		"Changed by catalogue versions - version 2: a recent impact assessment is one not after the plan date",
	} {
		want = strings.Join(strings.Fields(want), " ")
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	out, _, _ = run(t, "", "", "explain", "nao-foundations-first")
	out = strings.Join(strings.Fields(out), " ")
	if !strings.Contains(out, "applies only when plan.in_scope has ai or emerging_technology") || !strings.Contains(out, "miss foundations_first") {
		t.Errorf("explain of a conditional recommendation:\n%s", out)
	}
	if _, stderr, code := run(t, "", "", "explain", "wg-digital-inclusoin"); code != 2 || !strings.Contains(stderr, `did you mean "wg-digital-inclusion"?`) {
		t.Errorf("unknown id: %d %q", code, stderr)
	}
	// A word short, far in letters: suggested by the words it holds, in
	// explain and in --only and --skip.
	if _, stderr, code := run(t, "", "", "explain", "wg-inclusion"); code != 2 || !strings.Contains(stderr, `no rule "wg-inclusion" (did you mean "wg-digital-inclusion"?)`) {
		t.Errorf("explain wg-inclusion: exit %d %q", code, stderr)
	}
	if _, stderr, code := run(t, "", "", "lint", "--only", "wg-inclusion", "fixtures/plans/northshire.yaml"); code != 2 || !strings.Contains(stderr, `"wg-inclusion" is neither a recommendation id nor a framework (did you mean "wg-digital-inclusion"?)`) {
		t.Errorf("--only wg-inclusion: exit %d %q", code, stderr)
	}
	if _, stderr, code := run(t, "", "", "lint", "--skip", "legacy", "fixtures/plans/northshire.yaml"); code != 2 || !strings.Contains(stderr, `(did you mean "nao-legacy-systems"?)`) {
		t.Errorf("--skip legacy: exit %d %q", code, stderr)
	}
	out, _, _ = run(t, "", "", "explain", "wg-multidisciplinary-delivery")
	out = strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"Words plancheck recognises as clinical roles: clinician, clinical lead,",
		"physician associate, nurse,",
		"Words plancheck recognises as digital roles: product manager,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain wg-multidisciplinary-delivery lacks %q:\n%s", want, out)
		}
	}
	out, _, code = run(t, "", "", "explain", "plan-format")
	out = strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"plan-format: Plan follows plan format version 1",
		"kind format, framework plancheck, severity must",
		"miss organisation: required key organisation is missing",
		"Example that meets it",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain plan-format lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("explain plan-format: exit %d", code)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "", "", "version")
	want := fmt.Sprintf("plancheck %s\ncatalogue %d\nreport format %d\n", version, catalogue(t).Version, report.Version)
	if code != 0 || !strings.HasPrefix(out, want) {
		t.Errorf("version: %d %q, want %q", code, out, want)
	}
}

// TestEvidenceSettings checks where lint looks for the evidence files a
// plan cites: beside the plan, or in --evidence-root, or nowhere with
// --no-evidence-check; standard input only in --evidence-root. The
// settings follow flags > PLANCHECK_* > .plancheck.yaml > defaults, and
// each plan's report says what was done.
func TestEvidenceSettings(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	planText := "plancheck: 1\norganisation: {name: N}\nplan: {title: T, period: {start: 2026-04-01, end: 2029-03-31}}\ninclusion: {impact_assessment: {reference: docs/ehia.pdf}}\n"
	write(t, filepath.Join(work, "plans", "p.yaml"), planText)
	write(t, filepath.Join(work, "evidence", "docs", "ehia.pdf"), "%PDF-1.4\n")
	const missing = "evidence `docs/ehia.pdf` not found (looked in plans)"

	// lint reports the plan's evidence and plan-format's findings.
	lint := func(stdio IO, args ...string) (report.Evidence, []string) {
		t.Helper()
		if stdio.Dir == "" {
			stdio.Dir = work
		}
		out, stderr, code := invoke(t, stdio, append([]string{"lint", "--today", "2026-11-21", "-f", "json"}, args...)...)
		if code != 1 {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
		r := decode(t, out)
		var messages []string
		for _, res := range r.Plans[0].Results {
			if res.ID == "plan-format" {
				for _, f := range res.Findings {
					messages = append(messages, f.Message)
				}
			}
		}
		return r.Plans[0].Evidence, messages
	}
	cases := []struct {
		name     string
		stdio    IO
		args     []string
		evidence report.Evidence
		missing  bool
	}{
		{"beside the plan", IO{}, []string{"plans/p.yaml"}, report.Evidence{Checked: true, Root: "plans"}, true},
		{"an evidence root", IO{}, []string{"--evidence-root", "evidence", "plans/p.yaml"}, report.Evidence{Checked: true, Root: "evidence"}, false},
		{"no evidence check", IO{}, []string{"--no-evidence-check", "plans/p.yaml"}, report.Evidence{}, false},
		{"the setting off", IO{Env: []string{"PLANCHECK_EVIDENCE_CHECK=false"}}, []string{"plans/p.yaml"}, report.Evidence{}, false},
		{"the flag over the setting", IO{Env: []string{"PLANCHECK_EVIDENCE_CHECK=false"}}, []string{"--no-evidence-check=false", "plans/p.yaml"}, report.Evidence{Checked: true, Root: "plans"}, true},
		{"the root as a setting", IO{Env: []string{"PLANCHECK_EVIDENCE_ROOT=evidence"}}, []string{"plans/p.yaml"}, report.Evidence{Checked: true, Root: "evidence"}, false},
		{"standard input", IO{In: strings.NewReader(planText)}, []string{"-"}, report.Evidence{}, false},
		{"standard input and a root", IO{In: strings.NewReader(planText)}, []string{"--evidence-root", "evidence", "-"}, report.Evidence{Checked: true, Root: "evidence"}, false},
		{"standard input and a root that lacks it", IO{In: strings.NewReader(planText)}, []string{"--evidence-root", "plans", "-"}, report.Evidence{Checked: true, Root: "plans"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ev, messages := lint(c.stdio, c.args...)
			if ev != c.evidence || slices.Contains(messages, missing) != c.missing {
				t.Errorf("evidence %+v, findings %q; want %+v, missing %v", ev, messages, c.evidence, c.missing)
			}
		})
	}

	// From .plancheck.yaml, under the environment and the flags.
	config := t.TempDir()
	write(t, filepath.Join(config, ConfigFile), "evidence_check: false\nevidence_root: elsewhere\n")
	if ev, _ := lint(IO{Dir: config}, filepath.Join(work, "plans/p.yaml")); ev != (report.Evidence{}) {
		t.Errorf("from the file: %+v", ev)
	}
	env := []string{"PLANCHECK_EVIDENCE_CHECK=true", "PLANCHECK_EVIDENCE_ROOT=" + filepath.Join(work, "evidence")}
	if ev, _ := lint(IO{Dir: config, Env: env}, filepath.Join(work, "plans/p.yaml")); ev != (report.Evidence{Checked: true, Root: filepath.ToSlash(filepath.Join(work, "evidence"))}) {
		t.Errorf("the environment over the file: %+v", ev)
	}
	if ev, _ := lint(IO{Dir: config, Env: env}, "--no-evidence-check", filepath.Join(work, "plans/p.yaml")); ev != (report.Evidence{}) {
		t.Errorf("the flag over the environment: %+v", ev)
	}

	// The report names the evidence after the plan and before its score,
	// and no root when nothing was looked for.
	evidence := func(args ...string) string {
		t.Helper()
		out, _, _ := invoke(t, IO{Dir: work}, append([]string{"lint", "-f", "json"}, args...)...)
		if i, j, k := strings.Index(out, `"title":`), strings.Index(out, `"evidence":`), strings.Index(out, `"score":`); i < 0 || j < i || k < j {
			t.Errorf("the evidence is not between the title and the score:\n%s", out)
		}
		var r struct{ Plans []map[string]json.RawMessage }
		if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Plans) != 1 {
			t.Fatalf("%v: %s", err, out)
		}
		var b bytes.Buffer
		_ = json.Compact(&b, r.Plans[0]["evidence"])
		return b.String()
	}
	if got := evidence("plans/p.yaml"); got != `{"checked":true,"root":"plans"}` {
		t.Errorf("evidence %s", got)
	}
	if got := evidence("--no-evidence-check", "plans/p.yaml"); got != `{"checked":false}` {
		t.Errorf("evidence not checked: %s", got)
	}

	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"PLANCHECK_EVIDENCE_CHECK=maybe"}, nil, `PLANCHECK_EVIDENCE_CHECK="maybe": use true or false`},
		{nil, []string{"--evidence-root", "nowhere"}, `--evidence-root "nowhere": not a folder`},
	} {
		_, stderr, code := invoke(t, IO{Dir: work, Env: c.env}, append(append([]string{"lint"}, c.args...), "plans/p.yaml")...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v %v: exit %d, %q", c.env, c.args, code, stderr)
		}
	}
}

// consumers skips a test that runs a report through its real consumer (a
// validator, a browser, a schema checker) at a realistic size, unless
// PLANCHECK_CONSUMERS=1: they take seconds each, so .ci/run runs them and
// a plain go test ./... does not.
func consumers(t *testing.T) {
	t.Helper()
	if os.Getenv("PLANCHECK_CONSUMERS") != "1" {
		t.Skip("a test in a report's real consumer: set PLANCHECK_CONSUMERS=1 to run it (.ci/run does)")
	}
}

// TestSettingErrorsSayWhere gives each setting a value it refuses, from
// the settings file (in the working folder or a parent), a PLANCHECK_*
// variable and a flag: each error names where the value came from and
// echoes it as written.
func TestSettingErrorsSayWhere(t *testing.T) {
	t.Parallel()
	plan := filepath.Join(root, "fixtures/plans/northshire.yaml")
	cases := []struct {
		file string   // .plancheck.yaml in the working folder
		env  []string // PLANCHECK_* variables
		args []string // flags
		want string
	}{
		{file: "fail_on: [must]\n", want: ".plancheck.yaml:1: fail_on: [must]: a list where one value goes; use must, should or never"},
		{file: "# gate\n\nfail_on: sometimes   # too loose\n", want: ".plancheck.yaml:3: fail_on: sometimes: use must, should or never"},
		{file: "fail_on: {must: true}\n", want: ".plancheck.yaml:1: fail_on: {must: true}: a mapping where one value goes"},
		{env: []string{"PLANCHECK_FAIL_ON=sometimes"}, want: `PLANCHECK_FAIL_ON="sometimes": use must, should or never`},
		{args: []string{"--fail-on", "sometimes"}, want: `--fail-on "sometimes": use must, should or never`},
		{file: "today: 2026-13-01\n", want: ".plancheck.yaml:1: today: 2026-13-01: give a date such as 2026-11-21"},
		{file: "today: \"21/11/2026\"\n", want: `.plancheck.yaml:1: today: "21/11/2026": give a date such as 2026-11-21`},
		{env: []string{"PLANCHECK_TODAY=tomorrow"}, want: `PLANCHECK_TODAY="tomorrow": give a date`},
		{file: "timeout: 5\n", want: ".plancheck.yaml:1: timeout: 5: give a duration such as 10s or 1m"},
		{env: []string{"PLANCHECK_TIMEOUT=0s"}, want: `PLANCHECK_TIMEOUT="0s": give a duration`},
		{file: "max_file_size: 3x\n", want: `.plancheck.yaml:1: max_file_size: 3x: "3x" is not a size`},
		{file: "evidence_check: maybe\n", want: ".plancheck.yaml:1: evidence_check: maybe: use true or false"},
		{file: "evidence_root: nowhere\n", want: ".plancheck.yaml:1: evidence_root: nowhere: not a folder"},
		{file: "only:\n  - wg-data-trust\n  - wg-nope\n", want: `.plancheck.yaml:1: only: "wg-nope" is neither a recommendation id nor a framework`},
		{env: []string{"PLANCHECK_SKIP=wg-nope"}, want: `PLANCHECK_SKIP: "wg-nope" is neither`},
		{args: []string{"--skip", "wg-nope"}, want: `--skip: "wg-nope" is neither`},
		{file: "format: jsn\n", want: `.plancheck.yaml:1: format: unknown format "jsn"`},
		{env: []string{"PLANCHECK_FORMAT=json,sarif"}, want: "PLANCHECK_FORMAT: only one format can go to standard output"},
		{file: "policy: [nowhere]\n", want: `.plancheck.yaml:1: policy: "nowhere": not a folder`},
		{env: []string{"PLANCHECK_POLICY=nowhere"}, want: `PLANCHECK_POLICY: "nowhere": not a folder`},
		{args: []string{"--policy", "nowhere"}, want: `--policy: "nowhere": not a folder`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if c.file != "" {
				write(t, filepath.Join(dir, ConfigFile), c.file)
			}
			_, stderr, code := invoke(t, IO{Dir: dir, Env: c.env}, append(append([]string{"lint"}, c.args...), plan)...)
			if code != 2 || !strings.Contains(stderr, "plancheck: "+c.want) {
				t.Errorf("exit %d\n got: %q\nwant: plancheck: %s…", code, stderr, c.want)
			}
		})
	}

	// A settings file in a parent folder is named from the working folder.
	parent := t.TempDir()
	work := filepath.Join(parent, "plans")
	write(t, filepath.Join(parent, ConfigFile), "fail_on: [must]\n")
	write(t, filepath.Join(work, "p.yaml"), "")
	_, stderr, _ := run(t, work, "", "lint", plan)
	if !strings.Contains(stderr, "plancheck: ../.plancheck.yaml:1: fail_on: [must]") {
		t.Errorf("a parent's settings file: %q", stderr)
	}
	// explain and rules read the policy setting too.
	_, stderr, code := invoke(t, IO{Dir: parent, Env: []string{"PLANCHECK_POLICY=nowhere"}}, "explain", "wg-data-trust")
	if code != 2 || !strings.Contains(stderr, `PLANCHECK_POLICY: "nowhere": not a folder`) {
		t.Errorf("explain: exit %d %q", code, stderr)
	}
}

// TestUnknownFlagsAndCommands says the usage hint on a line of its own,
// and suggests the flag or command meant.
func TestUnknownFlagsAndCommands(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--formt", "json", "plans"}, "plancheck: unknown flag: --formt (did you mean --format?)\nRun 'plancheck lint --help' for usage.\n"},
		{[]string{"lint", "--input-fmt=json", "-"}, "plancheck: unknown flag: --input-fmt (did you mean --input-format?)\nRun 'plancheck lint --help' for usage.\n"},
		{[]string{"explain", "--polcy", "x", "wg-data-trust"}, "plancheck: unknown flag: --polcy (did you mean --policy?)\nRun 'plancheck explain --help' for usage.\n"},
		{[]string{"lint", "--frobnicate", "plans"}, "plancheck: unknown flag: --frobnicate\nRun 'plancheck lint --help' for usage.\n"},
		{[]string{"lint", "--format"}, "plancheck: flag needs an argument: --format\nRun 'plancheck lint --help' for usage.\n"},
		{[]string{"lnt", "plans"}, "plancheck: unknown command \"lnt\" for \"plancheck\" (did you mean lint?)\nRun 'plancheck --help' for usage.\n"},
		{[]string{"frobnicate"}, "plancheck: unknown command \"frobnicate\" for \"plancheck\"\nRun 'plancheck --help' for usage.\n"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, "", "", c.args...)
		if code != 2 || stderr != c.want {
			t.Errorf("%v: exit %d\n got: %q\nwant: %q", c.args, code, stderr, c.want)
		}
	}
}

// TestExpiredWaiverOfAShouldIsJudgedByTheGate takes the example plan,
// drops what wg-spend-reprioritised (a should) looks for and lets its
// waiver expire: the recommendation is missed, not waived, and only a gate
// at should fails on it.
func TestExpiredWaiverOfAShouldIsJudgedByTheGate(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for old, repl := range map[string]string{
		"  reprioritised: {amount_gbp: 2000000, from: [paper records storage contract]}\n": "",
		"    expires: 2027-04-30\n": "    expires: 2026-10-01\n",
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("the example plan no longer has %q", old)
		}
		text = strings.Replace(text, old, repl, 1)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "plan.yaml"), text)
	for _, c := range []struct {
		gate string
		code int
	}{{"must", 0}, {"should", 1}} {
		out, stderr, code := run(t, dir, "", "lint", "--today", "2026-11-21", "--no-evidence-check", "-f", "json", "--fail-on", c.gate, "plan.yaml")
		if code != c.code {
			t.Errorf("--fail-on %s: exit %d, want %d: %s", c.gate, code, c.code, stderr)
		}
		for _, r := range decode(t, out).Plans[0].Results {
			if r.ID == "wg-spend-reprioritised" && (r.Status != "missed" || r.Waiver != nil) {
				t.Errorf("--fail-on %s: wg-spend-reprioritised is %s (waiver %v), want missed", c.gate, r.Status, r.Waiver)
			}
		}
	}
}
