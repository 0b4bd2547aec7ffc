package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// TestREADMEFirstSteps follows the README's first steps in an empty
// folder: init plans/plan.yaml, then lint plans/. The schema init writes
// beside the plan is skipped, said once, and listed; the report is the
// template's own, as if the plan had been named alone.
func TestREADMEFirstSteps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "plans"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "init", "plans/plan.yaml"); code != 0 {
		t.Fatalf("init: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "plans", "plancheck.schema.json")); err != nil {
		t.Fatalf("init wrote no schema beside the plan: %v", err)
	}

	out, stderr, code := run(t, dir, "", "lint", "plans/")
	if code != 1 {
		t.Errorf("lint plans/: exit %d, want 1 (the template misses the recommendations)\n%s", code, stderr)
	}
	if n := strings.Count(out, "plancheck.schema.json"); n != 1 || !strings.Contains(out, "skipped  plans/plancheck.schema.json: a JSON Schema, not a plan") {
		t.Errorf("the schema is not said to be skipped, once (%d mentions):\n%s", n, out)
	}
	if !strings.Contains(out, "1 plan checked, 0 unreadable") {
		t.Errorf("the text report's totals:\n%s", out)
	}

	folder, _, code := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "json", "plans/")
	alone, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "json", "plans/plan.yaml")
	f, a := decode(t, folder), decode(t, alone)
	if code != 1 || len(f.Plans) != 1 || f.Plans[0].File != "plans/plan.yaml" || len(f.Errors) != 0 || f.Summary.Unreadable != 0 {
		t.Fatalf("lint -f json plans/: exit %d, plans %d, errors %+v", code, len(f.Plans), f.Errors)
	}
	if len(f.SkippedFiles) != 1 || f.SkippedFiles[0].File != "plans/plancheck.schema.json" {
		t.Errorf("skipped_files: %+v", f.SkippedFiles)
	}
	pf, _ := json.Marshal(f.Plans)
	pa, _ := json.Marshal(a.Plans)
	if !bytes.Equal(pf, pa) {
		t.Error("the folder's report is not the plan's own")
	}
	if f.Summary != a.Summary {
		t.Errorf("totals differ: %+v and %+v", f.Summary, a.Summary)
	}

	// The GitHub Action's command line, on its default paths: no
	// annotation for the schema, which is only said to be skipped.
	out, stderr, code = run(t, dir, "", "lint", "--fail-on", "must", "--format", "github", "plans")
	if code != 1 || strings.Contains(out, "plancheck.schema.json") {
		t.Errorf("the Action's run: exit %d, and the schema in its annotations:\n%s", code, out)
	}
	if !strings.Contains(stderr, "skipped plans/plancheck.schema.json") {
		t.Errorf("the Action's log does not say the schema was skipped: %q", stderr)
	}
}

// TestPreCommitHookLeavesTheSchemaOut reads the pre-commit hook's file
// patterns: they pick the plans under plans/ and leave out the schema
// init writes beside them, which pre-commit would otherwise pass as a
// plan; named alone, it would make the hook fail with "no plans found".
func TestPreCommitHookLeavesTheSchemaOut(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Files, Exclude string
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil || len(hooks) != 1 {
		t.Fatalf("reading the hooks: %v (%d hooks)", err, len(hooks))
	}
	hook := hooks[0]
	// pre-commit's patterns are Python regular expressions; these use
	// nothing Go's regexp reads differently.
	files, err := regexp.Compile(hook.Files)
	if err != nil {
		t.Fatalf("files: %v", err)
	}
	if hook.Exclude == "" {
		t.Fatal("the hook excludes nothing")
	}
	exclude, err := regexp.Compile(hook.Exclude)
	if err != nil {
		t.Fatalf("exclude: %v", err)
	}
	passed := func(name string) bool { return files.MatchString(name) && !exclude.MatchString(name) }
	for _, name := range []string{"plans/plan.yaml", "governance/plans/2027.toml", "plans/trust/plan.json", "plans/plan.yml"} {
		if !passed(name) {
			t.Errorf("the hook would not check %s", name)
		}
	}
	for _, name := range []string{"plans/plancheck.schema.json", "governance/plans/plancheck.schema.json", "docs/plan.yaml"} {
		if passed(name) {
			t.Errorf("the hook would pass %s as a plan", name)
		}
	}

	// What the hook runs when a commit touches only the schema, had it
	// not been excluded: a failed hook for a file that is not a plan.
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "plans"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "init", "plans/plan.yaml"); code != 0 {
		t.Fatalf("init: exit %d %s", code, stderr)
	}
	args := append(strings.Fields(strings.TrimPrefix(hook.Entry, "plancheck ")), "plans/plancheck.schema.json")
	if _, stderr, code := run(t, dir, "", args...); code != 2 || !strings.Contains(stderr, "no plans found") {
		t.Errorf("the schema alone: exit %d %q", code, stderr)
	}
}

// TestInitIntoAMissingFolder names the folder that is missing, as it was
// given, and writes nothing.
func TestInitIntoAMissingFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, stderr, code := run(t, dir, "", "init", "plans/plan.yaml")
	if code != 2 || !strings.Contains(stderr, "plancheck: the folder plans/ does not exist") || strings.Contains(stderr, dir) {
		t.Errorf("exit %d %q", code, stderr)
	}
	if _, stderr, code := run(t, dir, "", "init", "plans/2027/plan.yaml"); code != 2 || !strings.Contains(stderr, "the folder plans/2027/ does not exist") {
		t.Errorf("two folders down: exit %d %q", code, stderr)
	}
	write(t, filepath.Join(dir, "notes"), "")
	if _, stderr, code := run(t, dir, "", "init", "notes/plan.yaml"); code != 2 || !strings.Contains(stderr, "notes is not a folder") {
		t.Errorf("a file for a folder: exit %d %q", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("init left files behind: %v", entries)
	}
}

// TestInitToStandardOutput prints the template with no modeline: no
// schema is written beside a printed plan for it to point at.
func TestInitToStandardOutput(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "", "", "init")
	if code != 0 || strings.Contains(out, "yaml-language-server") || !strings.Contains(out, "`plancheck schema > plancheck.schema.json`") {
		t.Errorf("exit %d, head:\n%.400s", code, out)
	}
	dir := t.TempDir()
	if _, _, code := run(t, dir, "", "init", "plan.yaml"); code != 0 {
		t.Fatalf("init plan.yaml: exit %d", code)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "plan.yaml"))
	if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=plancheck.schema.json\n") {
		t.Errorf("a plan written beside its schema does not point at it:\n%.200s", data)
	}
}
