package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// actionStep is a step of the GitHub Action's composite run.
type actionStep struct {
	Name, Uses, Shell, Run string
	With                   map[string]string
}

func actionSteps(t *testing.T) []actionStep {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Using string
			Steps []actionStep
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil || action.Runs.Using != "composite" {
		t.Fatalf("reading action.yml: %v (runs using %q)", err, action.Runs.Using)
	}
	return action.Runs.Steps
}

// TestActionCachesItsBuild checks that the GitHub Action restores Go's
// build and module caches before it builds plancheck, keyed on what the
// build depends on, and runs its key step: the key follows plancheck's
// files, its prefix follows go.sum.
func TestActionCachesItsBuild(t *testing.T) {
	t.Parallel()
	steps := actionSteps(t)
	cache := slices.IndexFunc(steps, func(s actionStep) bool { return strings.HasPrefix(s.Uses, "actions/cache@") })
	install := slices.IndexFunc(steps, func(s actionStep) bool { return strings.Contains(s.Run, "go install ./cmd/plancheck") })
	keyStep := slices.IndexFunc(steps, func(s actionStep) bool { return strings.Contains(s.Run, "plancheck_cache_key=") })
	if cache < 0 || install < 0 || keyStep < 0 || !(keyStep < cache && cache < install) {
		t.Fatalf("steps: key %d, cache %d, install %d; want the key, then the cache, then the build", keyStep, cache, install)
	}
	with := steps[cache].With
	for _, want := range []string{"${{ env.plancheck_gocache }}", "${{ env.plancheck_gomodcache }}"} {
		if !strings.Contains(with["path"], want) {
			t.Errorf("the cache's paths %q lack %s", with["path"], want)
		}
	}
	if with["key"] != "${{ env.plancheck_cache_key }}" || with["restore-keys"] != "${{ env.plancheck_cache_prefix }}" {
		t.Errorf("the cache's key %q, restore-keys %q", with["key"], with["restore-keys"])
	}

	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the key step")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go to run the key step")
	}
	action := t.TempDir()
	write(t, filepath.Join(action, "go.sum"), "example.com/m v1.0.0 h1:x\n")
	write(t, filepath.Join(action, "cmd", "plancheck", "main.go"), "package main\n")
	key := func() map[string]string {
		t.Helper()
		env := filepath.Join(t.TempDir(), "env")
		cmd := exec.Command(bash, "-e", "-c", steps[keyStep].Run)
		cmd.Env = append(os.Environ(), "GITHUB_ACTION_PATH="+action, "GITHUB_ENV="+env, "RUNNER_OS=Linux", "RUNNER_ARCH=X64")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the key step: %v\n%s", err, out)
		}
		data, _ := os.ReadFile(env)
		vars := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			k, v, _ := strings.Cut(line, "=")
			vars[k] = v
		}
		return vars
	}
	first := key()
	if first["plancheck_gocache"] == "" || first["plancheck_gomodcache"] == "" || !strings.HasPrefix(first["plancheck_cache_key"], first["plancheck_cache_prefix"]) || !strings.HasPrefix(first["plancheck_cache_prefix"], "plancheck-build-Linux-X64-go") {
		t.Fatalf("the key step wrote %v", first)
	}
	write(t, filepath.Join(action, "cmd", "plancheck", "main.go"), "package main // changed\n")
	second := key()
	if second["plancheck_cache_key"] == first["plancheck_cache_key"] || second["plancheck_cache_prefix"] != first["plancheck_cache_prefix"] {
		t.Errorf("a changed source: key %s then %s", first["plancheck_cache_key"], second["plancheck_cache_key"])
	}
	write(t, filepath.Join(action, "go.sum"), "example.com/m v1.0.1 h1:y\n")
	if third := key(); third["plancheck_cache_prefix"] == second["plancheck_cache_prefix"] {
		t.Errorf("a changed go.sum keeps the prefix %s", third["plancheck_cache_prefix"])
	}
}
