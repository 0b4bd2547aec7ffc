package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestBadInputCorpus checks every file of fixtures/broken (and the edge
// cases that must be accepted) alone: its exit code, what it is told, and
// where.
func TestBadInputCorpus(t *testing.T) {
	inRoot(t)
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
		{"broken/laughs.yaml", nil, 2, "expands to more than 50000 values", 3},
		{"broken/missing-comma.json", nil, 2, "missing comma before this value", 3},
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
		{"plans/northshire.yaml", []string{"--max-file-size", "1KiB"}, 2, "larger than the limit of 1.0 KiB", 0},
		{"edge/bom-crlf.yaml", nil, 0, "", 0},
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
			if len(r.Plans) != 1 || r.Plans[0].Score.Met != 20 {
				t.Fatalf("an accepted file: %+v", r.Plans)
			}
		})
	}
	broken, _ := filepath.Glob("fixtures/broken/*")
	for _, f := range broken {
		if !seen[strings.TrimPrefix(f, "fixtures/")] {
			t.Errorf("%s has no case in this table", f)
		}
	}
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// plancheckBinary builds the command once, for the tests that need a real
// process: its peak memory, and how it dies on a signal.
func plancheckBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "plancheck-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "plancheck")
		out, err := exec.Command("go", "build", "-o", binary, "../../cmd/plancheck").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Log(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building plancheck: %v", buildErr)
	}
	return binary
}

// TestGoodPlanBesideTheBrokenCorpusInOneProcess runs the real command on a
// good plan and every broken file: the good plan's verdicts are those it
// gets alone, the exit code is 2, and the process stays small.
func TestGoodPlanBesideTheBrokenCorpusInOneProcess(t *testing.T) {
	bin := plancheckBinary(t)
	root, _ := filepath.Abs("../..")
	run := func(paths ...string) (map[string]any, int, int64) {
		cmd := exec.Command(bin, append([]string{"lint", "--today", "2026-11-21", "-f", "json"}, paths...)...)
		cmd.Dir = root
		out, _ := cmd.Output()
		var r map[string]any
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		return r, cmd.ProcessState.ExitCode(), rss
	}
	alone, code, _ := run("fixtures/plans/northshire.yaml")
	if code != 0 {
		t.Fatalf("alone: exit %d", code)
	}
	mixed, code, rss := run("fixtures/broken", "fixtures/plans/northshire.yaml")
	if code != 2 {
		t.Errorf("beside the broken files: exit %d, want 2", code)
	}
	a, _ := json.Marshal(alone["plans"])
	m, _ := json.Marshal(mixed["plans"])
	if string(a) != string(m) {
		t.Error("the good plan's report changed beside the broken files")
	}
	broken, _ := filepath.Glob(filepath.Join(root, "fixtures/broken/*"))
	if errs, _ := mixed["errors"].([]any); len(errs) != len(broken) {
		t.Errorf("%d errors for %d broken files", len(errs), len(broken))
	}
	if rss > 100*1024 {
		t.Errorf("peak memory %d KiB, want under 100 MiB", rss)
	}
	t.Logf("peak memory %d KiB", rss)
}

// TestInterruptLeavesNoPartialReport stops a long run with SIGINT: the
// report file keeps what it held before, and no temporary file is left.
func TestInterruptLeavesNoPartialReport(t *testing.T) {
	bin := plancheckBinary(t)
	plans := t.TempDir()
	data, err := os.ReadFile("../../fixtures/plans/sparse.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4000 {
		os.WriteFile(filepath.Join(plans, fmt.Sprintf("plan-%04d.yaml", i)), data, 0o644)
	}
	out := t.TempDir()
	target := filepath.Join(out, "report.json")
	os.WriteFile(target, []byte("the last report\n"), 0o644)
	cmd := exec.Command(bin, "lint", "--today", "2026-11-21", "-f", "json", "-f", "sarif="+filepath.Join(out, "report.sarif"), "-o", target, plans)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Signal once the reports are being written: their temporary files
	// exist.
	deadline := time.Now().Add(20 * time.Second)
	for {
		entries, _ := os.ReadDir(out)
		if len(entries) >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
		t.Errorf("exit %d, want %d", code, ExitInterrupted)
	}
	if data, _ := os.ReadFile(target); string(data) != "the last report\n" {
		t.Errorf("the report file changed: %.60q", data)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left behind: %v", names)
	}
}

// TestNoTerminalEscapesFromAPlan puts escape sequences in a plan's values
// and a file name: no report for a terminal or a CI log carries them.
func TestNoTerminalEscapesFromAPlan(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b[2J.yaml")
	os.WriteFile(name, []byte("plancheck: 1\norganisation: {name: \"\\e[31mRed Trust\\a\"}\nplan: {title: \"\\e]0;owned\\a\", period: {start: 2026-01-01, end: 2027-01-01}}\ngovernance: {owner: {name: \"\\e[8mhidden\"}}\nfunding: {total_gbp: \"\\e[1mlots\"}\n"), 0o644)
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

// TestInterruptWhileReadingStandardInput stops a run that waits on a pipe
// that never ends: the first SIGINT ends it.
func TestInterruptWhileReadingStandardInput(t *testing.T) {
	bin := plancheckBinary(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cmd := exec.Command(bin, "lint", "-")
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
			t.Errorf("exit %d, want %d", code, ExitInterrupted)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 5 s after SIGINT")
	}
}

// TestSmallEdges covers the corners the review found: SARIF when
// plan-format is skipped, a policy folder with a space in its name, and
// standard input named twice.
func TestSmallEdges(t *testing.T) {
	inRoot(t)
	out, _, _ := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "sarif", "--skip", "plan-format", "fixtures/plans/sparse.yaml", "fixtures/broken/tabs.yaml")
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
	os.MkdirAll(dir, 0o755)
	src, _ := os.ReadFile("fixtures/custom/trust/clinical_safety.rego")
	os.WriteFile(filepath.Join(dir, "p.rego"), src, 0o644)
	out, stderr, code := run(t, "", "", "lint", "-f", "json", "--policy", dir, "fixtures/plans/northshire.yaml")
	if code != 1 || !strings.Contains(out, "local-clinical-safety") {
		t.Errorf("a policy folder with a space: exit %d %s", code, stderr)
	}
	data, _ := os.ReadFile("fixtures/plans/northshire.yaml")
	out, _, code = run(t, "", string(data), "lint", "-f", "json", "-", "-")
	if r := decode(t, out); code != 0 || len(r.Plans) != 1 || len(r.Errors) != 0 {
		t.Errorf("- twice: exit %d, %d plans, %d errors", code, len(r.Plans), len(r.Errors))
	}

	t.Setenv("PLANCHECK_POLICY", dir)
	if out, _, _ := run(t, "", "", "rules"); !strings.Contains(out, "local-clinical-safety") {
		t.Error("rules ignores the policy setting")
	}

}

// TestTimeoutIsOnePlansError runs a custom policy that is slow on one plan
// only: that plan is an error, the other is reported, the exit code is 2.
func TestTimeoutIsOnePlansError(t *testing.T) {
	inRoot(t)
	slow := filepath.Join(t.TempDir(), "slow.yaml")
	os.WriteFile(slow, []byte("plancheck: 1\norganisation: {name: slow}\nplan: {title: t, period: {start: 2026-01-01, end: 2027-01-01}}\n"), 0o644)
	out, _, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", "--policy", "fixtures/custom/slow", "--timeout", "300ms", slow, "fixtures/plans/northshire.yaml")
	r := decode(t, out)
	if code != 2 || len(r.Plans) != 1 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "took longer than 300ms") {
		t.Errorf("exit %d, plans %d, errors %+v", code, len(r.Plans), r.Errors)
	}
}
