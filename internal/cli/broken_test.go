package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInputCorpus checks every file of fixtures/broken (and the edge
// cases that must be accepted) alone: its exit code, what it is told, and
// where.
func TestBadInputCorpus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file    string
		args    []string
		code    int
		message string
		line    int
	}{
		{"broken/binary.yaml", nil, 2, "this is a binary file, not a plan", 3},
		{"broken/blank.json", nil, 2, "the file is empty", 1},
		{"broken/deep.json", nil, 2, "nesting is deeper than 200 levels", 1},
		{"broken/duplicate-key.json", nil, 2, `duplicate key "name" (first at line 3)`, 3},
		{"broken/duplicate-key.toml", nil, 2, `duplicate key "name" (first at line 4)`, 5},
		{"broken/duplicate-key.yaml", nil, 2, `duplicate key "name" (first at line 3)`, 4},
		{"broken/empty.yaml", nil, 2, "the file is empty", 1},
		{"broken/latin1.yaml", nil, 2, "not UTF-8 text", 3},
		{"broken/indent-too-far.yaml", nil, 2, "`role` at line 10 column 6 is indented differently from `name` at line 9 column 5: keys of one mapping line up", 10},
		{"broken/indent-too-little.yaml", nil, 2, "`role` at line 10 column 4 is indented differently from `name` at line 9 column 5: keys of one mapping line up", 10},
		{"broken/laughs.yaml", nil, 2, "expands to more than 50000 values", 3},
		{"broken/missing-comma.json", nil, 2, "missing comma before this value", 3},
		{"broken/missing-colon.yaml", nil, 2, "`owner` at line 8 column 3 is not a key: a key is followed by ':', as in `owner:`", 8},
		{"broken/missing-value.toml", nil, 2, "a value is missing after the =", 2},
		{"broken/only-comments.yaml", nil, 2, "only comments, no plan", 1},
		{"broken/single-quotes.json", nil, 2, "take double quotes", 2},
		{"broken/tabs.yaml", nil, 2, "tab character used for indentation", 3},
		{"broken/top-level-list.yaml", nil, 2, "must be a mapping of keys, not a list", 1},
		{"broken/top-level-text.json", nil, 2, "must be a mapping of keys, not a string", 1},
		{"broken/trailing-comma.json", nil, 2, "trailing comma before }", 4},
		{"broken/two-documents.yaml", nil, 2, "more than one YAML document", 3},
		{"broken/unclosed.json", nil, 2, "a { or [ is not closed", 2},
		{"broken/unclosed.yaml", nil, 2, "did not find expected ',' or ']'", 5},
		{"broken/utf16.yaml", nil, 2, "the file is UTF-16 text, not UTF-8 (save it as UTF-8)", 1},
		{"broken/utf16be.json", nil, 2, "the file is UTF-16 text, not UTF-8 (save it as UTF-8)", 1},
		{"broken/value-misindented.yaml", nil, 2, "`Northshire Integrated Care Board` at line 5 column 3 lines up with `name` at line 4 column 3, whose value it seems to be: a value on the line after its key goes further in than the key", 5},
		{"plans/northshire.yaml", []string{"--max-file-size", "1KiB"}, 2, "larger than the limit of 1.0 KiB", 0},
		// The example plan, with its evidence where the plan keeps it.
		{"edge/bom-crlf.yaml", []string{"--evidence-root", "fixtures/plans"}, 0, "", 0},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.file] = true
		t.Run(c.file, func(t *testing.T) {
			args := append([]string{"lint", "--today", "2026-11-21", "-f", "json"}, c.args...)
			out, _, code := run(t, "", "", append(args, "fixtures/"+c.file)...)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			r := decode(t, out)
			if c.code == 2 {
				if len(r.Errors) != 1 {
					t.Fatalf("errors %+v", r.Errors)
				}
				e := r.Errors[0]
				if !strings.Contains(e.Message, c.message) || e.Line != c.line || e.File != "fixtures/"+c.file {
					t.Errorf("got %s, want line %d and …%s…", e.String(), c.line, c.message)
				}
				return
			}
			if len(r.Plans) != 1 || r.Plans[0].Score.Met != r.Plans[0].Score.Applicable {
				t.Fatalf("an accepted file: %+v", r.Plans)
			}
		})
	}
	broken, _ := filepath.Glob(filepath.Join(root, "fixtures/broken/*"))
	for _, f := range broken {
		if !seen["broken/"+filepath.Base(f)] {
			t.Errorf("%s has no case in this table", f)
		}
	}
}

// TestNoTerminalEscapesFromAPlan puts escape sequences in a plan's values
// and a file name: no report for a terminal or a CI log carries them.
func TestNoTerminalEscapesFromAPlan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b[2J.yaml")
	write(t, name, "plancheck: 1\norganisation: {name: \"\\e[31mRed Trust\\a\"}\nplan: {title: \"\\e]0;owned\\a\", period: {start: 2026-01-01, end: 2027-01-01}}\ngovernance: {owner: {name: \"\\e[8mhidden\"}}\nfunding: {total_gbp: \"\\e[1mlots\"}\n")
	for _, format := range []string{"text", "github", "markdown"} {
		out, stderr, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", format, name)
		if strings.ContainsRune(out+stderr, 0x1b) || strings.ContainsRune(out+stderr, 0x07) {
			t.Errorf("%s: a control character reached the output", format)
		}
		if !strings.Contains(out, `\x1b`) {
			t.Errorf("%s: the escape is not shown escaped", format)
		}
	}
	_, stderr, code := run(t, dir, "", "lint", "--format", "te\x1b[2Jxt", name)
	if code != 2 || strings.ContainsRune(stderr, 0x1b) {
		t.Errorf("a usage error echoed a control character: %q", stderr)
	}
}

// TestSmallEdges covers the corners the review found: SARIF when only some
// rules are reported, a policy folder with a space in its name, and
// standard input named twice.
func TestSmallEdges(t *testing.T) {
	t.Parallel()
	out, _, _ := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "sarif", "--only", "wg-data-trust", "fixtures/plans/sparse.yaml", "fixtures/broken/tabs.yaml")
	var s sarifOut
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Runs[0].Results {
		if rules := s.Runs[0].Tool.Driver.Rules; r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d", r.RuleID, r.RuleIndex)
		}
	}

	dir := filepath.Join(t.TempDir(), "my policies")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(root, "fixtures/custom/trust/clinical_safety.rego"))
	write(t, filepath.Join(dir, "p.rego"), string(src))
	out, stderr, code := run(t, "", "", "lint", "-f", "json", "--policy", dir, "fixtures/plans/northshire.yaml")
	if code != 1 || !strings.Contains(out, "local-clinical-safety") {
		t.Errorf("a policy folder with a space: exit %d %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.yaml"))
	out, _, code = run(t, "", string(data), "lint", "-f", "json", "-", "-")
	if r := decode(t, out); code != 0 || len(r.Plans) != 1 || len(r.Errors) != 0 {
		t.Errorf("- twice: exit %d, %d plans, %d errors", code, len(r.Plans), len(r.Errors))
	}

	if out, _, _ := invoke(t, IO{Env: []string{"PLANCHECK_POLICY=" + dir}}, "rules"); !strings.Contains(out, "local-clinical-safety") {
		t.Error("rules ignores the policy setting")
	}
}

// TestTimeoutIsOnePlansError runs a custom policy that is slow on one plan
// only: that plan is an error, the other is reported, the exit code is 2.
func TestTimeoutIsOnePlansError(t *testing.T) {
	t.Parallel()
	slow := filepath.Join(t.TempDir(), "slow.yaml")
	write(t, slow, "plancheck: 1\norganisation: {name: slow}\nplan: {title: t, period: {start: 2026-01-01, end: 2027-01-01}}\n")
	out, _, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "--policy", "fixtures/custom/slow", "--timeout", "1500ms", slow, "fixtures/plans/northshire.yaml")
	r := decode(t, out)
	if code != 2 || len(r.Plans) != 1 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "took longer than 1.5s") {
		t.Errorf("exit %d, plans %d, errors %+v", code, len(r.Plans), r.Errors)
	}
}

// TestNoWorkflowCommandFromAPlan names a file and an organisation like
// GitHub workflow commands, and writes bidirectional overrides and line
// separators into a plan: no line of any format on standard output or
// standard error starts a command, and no invisible character is printed
// raw.
func TestNoWorkflowCommandFromAPlan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "::stop-commands::abc.yaml")
	write(t, name, "plancheck: 1\norganisation: {name: \"::error title=x::owned\"}\nplan: {title: \"\\u202Etxt.exe \\u2028::warning::y\\u200B\", period: {start: 2026-01-01, end: 2027-01-01}}\nfunding: {total_gbp: \"\\n::error::z\"}\n")
	write(t, filepath.Join(dir, "::notice::broken.yaml"), "plancheck: 1\n\tbad: tab\n")
	for _, format := range []string{"text", "markdown", "json", "sarif", "junit", "html"} {
		out, stderr, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", format, ".")
		for _, line := range strings.Split(out+stderr, "\n") {
			if strings.HasPrefix(line, "::") {
				t.Errorf("%s: a line starts a workflow command: %q", format, line)
			}
		}
		if format == "text" || format == "markdown" {
			for _, r := range []rune{0x202e, 0x2028, 0x200b} {
				if strings.ContainsRune(out, r) {
					t.Errorf("%s: U+%04X reached the output raw", format, r)
				}
			}
			if !strings.Contains(out, `\u202e`) {
				t.Errorf("%s: the override is not shown escaped", format)
			}
		}
	}
}

// TestBrokenCustomRuleThroughTheCommand runs a custom rule whose finding
// has a level that is neither miss nor advice: the run says so once,
// naming the policy file, exits 2, and every plan keeps the built-in
// verdicts it has without the custom policy.
func TestBrokenCustomRuleThroughTheCommand(t *testing.T) {
	t.Parallel()
	plans := []string{"fixtures/plans/northshire.yaml", "fixtures/plans/sparse.yaml"}
	args := append([]string{"lint", "--today", "2026-11-21", "-f", "json"}, plans...)
	out, stderr, code := run(t, "", "", append(args[:len(args):len(args)], "--policy", "fixtures/custom/malformed")...)
	if code != 2 {
		t.Errorf("exit %d, want 2: %s", code, stderr)
	}
	if n := strings.Count(stderr, "critical.rego"); n != 1 {
		t.Errorf("stderr names critical.rego %d times, want once:\n%s", n, stderr)
	}
	got := decode(t, out)
	if len(got.Errors) != 1 || !strings.HasSuffix(got.Errors[0].File, "critical.rego") || !strings.Contains(got.Errors[0].Message, `"critical"`) {
		t.Errorf("errors: %+v, want one, of critical.rego", got.Errors)
	}
	plain, _, _ := run(t, "", "", args...)
	want := decode(t, plain)
	if len(got.Plans) != len(plans) || len(want.Plans) != len(plans) {
		t.Fatalf("%d plans with the broken rule, %d without; want %d", len(got.Plans), len(want.Plans), len(plans))
	}
	for i, p := range want.Plans {
		status := map[string]string{}
		for _, r := range got.Plans[i].Results {
			status[r.ID] = string(r.Status)
		}
		for _, r := range p.Results {
			if status[r.ID] != string(r.Status) {
				t.Errorf("%s %s: %s with the broken rule, %s without", p.File, r.ID, status[r.ID], r.Status)
			}
		}
	}
}

// TestPolicyErrorsAreLines checks that a policy's compile errors reach
// standard error a line at a time, not as one line with "\n" in it.
func TestPolicyErrorsAreLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.rego"), "package plancheck.rules.x\n\nfoo := \n\nbar := ][\n")
	_, stderr, code := run(t, "", "", "lint", "--policy", dir, "fixtures/plans/northshire.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "plancheck: --policy") || !strings.HasPrefix(lines[1], "  ") || !strings.Contains(lines[1], "a.rego:5:") {
		t.Errorf("want the error, then the policy's error on a line of its own:\n%s", stderr)
	}
	if strings.Contains(stderr, `\n`) {
		t.Errorf("a literal \\n on standard error:\n%s", stderr)
	}
}
