package cli

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/policies"
)

// The commands' tests run with no cache unless they ask for one: their
// environment names no user cache folder (no HOME, no XDG_CACHE_HOME), so
// nothing is written outside their own folders.

// cacheEntries lists a cache folder's entries with their modification
// times: a run that wrote nothing leaves it as it was.
func cacheEntries(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]time.Time{}
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = info.ModTime()
	}
	return out
}

func sameEntries(a, b map[string]time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !w.Equal(v) {
			return false
		}
	}
	return true
}

// TestCachedReportsAreTheSame lints the fixtures, the broken files and
// generated plans in the three syntaxes (300 of them where .ci/run sets
// PLANCHECK_CONSUMERS=1, 60 in a quick go test) without the cache, with
// it cold and with it warm: every report format is byte for byte the same
// each time, and the warm run writes nothing (every plan was a hit).
func TestCachedReportsAreTheSame(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	opts := plangen.DefaultOptions
	opts.Syntaxes = plan.Syntaxes
	g := plangen.New(opts)
	generated := 60
	if os.Getenv("PLANCHECK_CONSUMERS") == "1" {
		generated = 300
	}
	for i := range generated {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(work, "plans", name), string(data))
	}
	for _, dir := range []string{"fixtures/plans", "fixtures/broken"} {
		files, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.IsDir() {
				continue
			}
			data, err := os.ReadFile(filepath.Join(root, dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(work, dir, f.Name()), string(data))
		}
	}
	write(t, filepath.Join(work, "fixtures/plans/docs/ehia.pdf"), "%PDF")
	cacheDir := filepath.Join(work, "cache")
	lint := func(name string, cache ...string) map[string]string {
		t.Helper()
		// Each run writes the same files (the github report names the
		// others), which are read before the next run.
		dir := filepath.Join(work, "out")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		args := []string{"lint", "--today", "2026-11-21", "--fail-on", "never"}
		for _, f := range []string{"json", "text", "sarif", "junit", "github", "markdown", "html"} {
			args = append(args, "-f", f+"=out/report."+f)
		}
		args = append(args, cache...)
		args = append(args, "plans", "fixtures")
		_, stderr, code := invoke(t, IO{Dir: work, Build: "test build"}, args...)
		if code != 2 || strings.Contains(stderr, "warning") {
			t.Fatalf("%s: exit %d, want 2 (a broken file); %s", name, code, stderr)
		}
		reports := map[string]string{}
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			reports[f.Name()] = string(data)
		}
		if len(reports) != 7 {
			t.Fatalf("%s: %d reports", name, len(reports))
		}
		decode(t, reports["report.json"])
		return reports
	}
	want := lint("uncached", "--no-cache")
	if entries := cacheEntries(t, cacheDir); len(entries) != 0 {
		t.Fatalf("--no-cache wrote %d entries", len(entries))
	}
	compare := func(what string, got map[string]string) {
		t.Helper()
		for name, text := range want {
			if got[name] != text {
				g, w := strings.Split(got[name], "\n"), strings.Split(text, "\n")
				for i := range min(len(g), len(w)) {
					if g[i] != w[i] {
						t.Logf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
						break
					}
				}
				t.Errorf("%s: %s differs from the report without the cache", what, name)
			}
		}
	}
	compare("cold", lint("cold", "--cache-dir", "cache"))
	filled := cacheEntries(t, cacheDir)
	if len(filled) < generated {
		t.Fatalf("a cold run kept %d entries for over %d plans", len(filled), generated)
	}
	compare("warm", lint("warm", "--cache-dir", "cache"))
	if !sameEntries(filled, cacheEntries(t, cacheDir)) {
		t.Error("the warm run wrote entries: some plans were not hits")
	}
}

// TestCacheFollowsCustomPolicies changes a custom policy and adds a
// custom vocabulary between runs over one cache: each change gives the
// verdicts a run without the cache gives, which differ from the last.
func TestCacheFollowsCustomPolicies(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	northshire, err := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	team := "team: [chief clinical information officer, mental health nurse, product manager, user researcher, software developers, data analyst]"
	if !strings.Contains(string(northshire), team) {
		t.Fatal("the example plan's team has changed: change this test")
	}
	write(t, filepath.Join(work, "plan.yaml"), strings.Replace(string(northshire), team, "team: [advanced clinical practitioner, product manager]", 1))
	rego, err := os.ReadFile(filepath.Join(root, "fixtures/custom/trust/clinical_safety.rego"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(work, "trust", "clinical_safety.rego"), string(rego))
	statuses := func(args ...string) (map[string]check.Status, string) {
		t.Helper()
		args = append([]string{"lint", "--today", "2026-11-21", "-f", "json", "--no-evidence-check", "--policy", "trust", "--fail-on", "never"}, args...)
		out, stderr, code := invoke(t, IO{Dir: work, Build: "test build"}, append(args, "plan.yaml")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		got := map[string]check.Status{}
		for _, r := range decode(t, out).Plans[0].Results {
			got[r.ID] = r.Status
		}
		return got, out
	}
	step := func(what string, wantTeam, wantSafety check.Status) {
		t.Helper()
		got, out := statuses("--cache-dir", "cache")
		_, uncached := statuses("--no-cache")
		if out != uncached {
			t.Errorf("%s: the report differs from one without the cache", what)
		}
		if got["wg-multidisciplinary-delivery"] != wantTeam || got["local-clinical-safety"] != wantSafety {
			t.Errorf("%s: team %s, clinical safety %s; want %s and %s", what, got["wg-multidisciplinary-delivery"], got["local-clinical-safety"], wantTeam, wantSafety)
		}
	}
	step("first run", check.Missed, check.Missed)
	step("again", check.Missed, check.Missed)
	write(t, filepath.Join(work, "trust", policies.VocabularyFile), "clinical_roles: [advanced clinical practitioner]\n")
	step("a custom vocabulary", check.Met, check.Missed)
	write(t, filepath.Join(work, "trust", "clinical_safety.rego"), strings.Replace(string(rego), `a.type == "clinical_safety_review"`, `a.type == "internal_audit"`, 1))
	step("the custom policy changed", check.Met, check.Met)
}

// TestCacheSettings finds the cache folder as each setting says, and
// nowhere when it is off.
func TestCacheSettings(t *testing.T) {
	t.Parallel()
	plans := filepath.Join(root, "fixtures/plans/northshire.yaml")
	cases := []struct {
		name string
		env  []string
		args []string
		// dir is the cache folder expected, relative to the test's
		// folder; "" for none.
		dir string
	}{
		{"XDG_CACHE_HOME", []string{"XDG_CACHE_HOME={work}/xdg", "HOME={work}/home"}, nil, "xdg/plancheck"},
		{"HOME", []string{"HOME={work}/home"}, nil, "home/.cache/plancheck"},
		{"a relative XDG_CACHE_HOME is ignored", []string{"XDG_CACHE_HOME=xdg", "HOME={work}/home"}, nil, ""},
		{"no user folder", nil, nil, ""},
		{"--cache-dir, from the working folder", []string{"HOME={work}/home"}, []string{"--cache-dir", "flag"}, "flag"},
		{"PLANCHECK_CACHE_DIR", []string{"HOME={work}/home", "PLANCHECK_CACHE_DIR={work}/env"}, nil, "env"},
		{"the flag over the variable", []string{"PLANCHECK_CACHE_DIR={work}/env"}, []string{"--cache-dir", "flag"}, "flag"},
		{"--no-cache", []string{"HOME={work}/home"}, []string{"--cache-dir", "flag", "--no-cache"}, ""},
		{"PLANCHECK_NO_CACHE", []string{"HOME={work}/home", "PLANCHECK_NO_CACHE=true"}, []string{"--cache-dir", "flag"}, ""},
		{"--no-cache=false over PLANCHECK_NO_CACHE", []string{"PLANCHECK_NO_CACHE=1"}, []string{"--cache-dir", "flag", "--no-cache=false"}, "flag"},
		{"the settings file", []string{"HOME={work}/home"}, []string{"--config-file-is-written"}, "file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			var env []string
			for _, kv := range c.env {
				env = append(env, strings.ReplaceAll(kv, "{work}", work))
			}
			args := []string{"lint", "--today", "2026-11-21", "--fail-on", "never", "-f", "json"}
			for _, a := range c.args {
				if a == "--config-file-is-written" {
					write(t, filepath.Join(work, ConfigFile), "cache_dir: file\ncache_max_size: 10MiB\n")
					continue
				}
				args = append(args, a)
			}
			_, stderr, code := invoke(t, IO{Dir: work, Env: env, Build: "test build"}, append(args, plans)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var found []string
			_ = filepath.WalkDir(work, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && filepath.Base(filepath.Dir(filepath.Dir(p))) == "v1" {
					rel, _ := filepath.Rel(work, filepath.Dir(filepath.Dir(filepath.Dir(p))))
					found = append(found, filepath.ToSlash(rel))
				}
				return nil
			})
			sort.Strings(found)
			want := []string{}
			if c.dir != "" {
				want = []string{c.dir}
			}
			if strings.Join(found, ",") != strings.Join(want, ",") {
				t.Errorf("entries in %v, want %v", found, want)
			}
		})
	}
}

// TestCacheBadSettings: a bad size or switch is a usage error.
func TestCacheBadSettings(t *testing.T) {
	t.Parallel()
	plans := filepath.Join(root, "fixtures/plans/northshire.yaml")
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--cache-max-size", "lots"}, "cache-max-size: \"lots\" is not a size"},
		{[]string{"PLANCHECK_NO_CACHE=perhaps"}, nil, "no_cache must be true or false"},
	} {
		_, stderr, code := invoke(t, IO{Env: c.env, Dir: t.TempDir()}, append(append([]string{"lint"}, c.args...), plans)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v %v: exit %d, %s", c.env, c.args, code, stderr)
		}
	}
}

// TestCacheThatCannotBeWritten: a cache folder that cannot be made gives
// the run's results as without the cache, and one warning.
func TestCacheThatCannotBeWritten(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	write(t, filepath.Join(work, "cache"), "a file, not a folder")
	args := []string{"lint", "--today", "2026-11-21", "-f", "json", "fixtures/plans"}
	want, _, wantCode := run(t, "", "", append(args, "--no-cache")...)
	for range 2 {
		out, stderr, code := invoke(t, IO{Build: "test build"}, append(args, "--cache-dir", filepath.Join(work, "cache"))...)
		if out != want || code != wantCode {
			t.Errorf("exit %d, want %d; the report differs: %v", code, wantCode, out != want)
		}
		if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "plancheck: warning: cannot write the cache in ") || !strings.HasSuffix(lines[0], "results are not cached") {
			t.Errorf("stderr %q, want one warning", stderr)
		}
	}
}

// TestCacheFollowsTheBuild: another build of plancheck does not take this
// one's results.
func TestCacheFollowsTheBuild(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	args := []string{"lint", "--today", "2026-11-21", "-f", "json", "--cache-dir", filepath.Join(work, "cache"), "fixtures/plans"}
	first, _, _ := invoke(t, IO{Build: "build one"}, args...)
	entries := cacheEntries(t, filepath.Join(work, "cache"))
	again, _, _ := invoke(t, IO{Build: "build one"}, args...)
	if !sameEntries(entries, cacheEntries(t, filepath.Join(work, "cache"))) || again != first {
		t.Fatal("the same build did not take its own results")
	}
	other, _, _ := invoke(t, IO{Build: "build two"}, args...)
	if n := len(cacheEntries(t, filepath.Join(work, "cache"))); n != 2*len(entries) || other != first {
		t.Errorf("another build kept %d entries beside the first build's %d", n-len(entries), len(entries))
	}
}

// TestExecutableID reads the build ID of the running test binary, as the
// command reads its own.
func TestExecutableID(t *testing.T) {
	t.Parallel()
	id, err := executableID()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "go:") && !strings.HasPrefix(id, "sha256:") || len(id) < 20 {
		t.Errorf("build ID %q", id)
	}
	if again, _ := executableID(); again != id {
		t.Errorf("two IDs for one binary: %s, %s", id, again)
	}
	if got, ok := rawBuildID([]byte("junk\xff Go build ID: \"abc/def\"\n \xffmore")); !ok || got != "abc/def" {
		t.Errorf("raw build ID %q, %v", got, ok)
	}
	if _, ok := rawBuildID([]byte("no ID here")); ok {
		t.Error("a build ID found in junk")
	}
}
