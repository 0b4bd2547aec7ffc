package cli

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/plancheck/plancheck/internal/loader"
)

// untouchedInput is standard input that fails the test when it is read.
type untouchedInput struct {
	mu   sync.Mutex
	read bool
}

func (u *untouchedInput) Read([]byte) (int, error) {
	u.mu.Lock()
	u.read = true
	u.mu.Unlock()
	return 0, io.EOF
}

// TestOutputsThatWouldLoseData refuses, before reading any plan, a report
// over a plan or in a folder of plans it checks, two reports in one file,
// and a folder named as a report, with paths compared once resolved.
func TestOutputsThatWouldLoseData(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(dir string) error
		args  []string
		err   string
	}{
		{"the plan itself", nil, []string{"-o", "plan.yaml", "plan.yaml"}, "would replace the plan plan.yaml"},
		{"the plan by another path", nil, []string{"-f", "json=sub/../plan.yaml", "plan.yaml"}, "would replace the plan"},
		{"the plan by an absolute path", nil, []string{"-o", "ABS/plan.yaml", "plan.yaml"}, "would replace the plan"},
		{"a link to the plan", func(dir string) error { return os.Symlink("plan.yaml", filepath.Join(dir, "link.json")) },
			[]string{"-o", "link.json", "plan.yaml"}, "would replace the plan"},
		{"the plan through a link", func(dir string) error { return os.Symlink("plan.yaml", filepath.Join(dir, "link.yaml")) },
			[]string{"-o", "plan.yaml", "link.yaml"}, "would replace the plan link.yaml"},
		{"a hard link to the plan", func(dir string) error {
			return os.Link(filepath.Join(dir, "plan.yaml"), filepath.Join(dir, "hard.json"))
		},
			[]string{"-f", "json=hard.json", "plan.yaml"}, "would replace the plan"},
		{"a plan in a named folder", nil, []string{"-f", "json=plans/a.yaml", "plans"}, "among the plans this run checks"},
		{"a new plan-like file in a named folder", nil, []string{"-f", "json=plans/new/r.json", "plans"}, "among the plans this run checks"},
		{"a link inside a named folder", func(dir string) error { return os.Symlink("../out.json", filepath.Join(dir, "plans", "r.json")) },
			[]string{"-f", "json=plans/r.json", "plans"}, "among the plans this run checks"},
		{"the working folder", nil, []string{"-f", "json=r.json", "."}, "among the plans this run checks"},
		{"two reports, one file", nil, []string{"-f", "json=same.out", "-f", "html=same.out", "plan.yaml"}, "the json and html reports would be written to the same file"},
		{"two reports, one file by two paths", nil, []string{"-f", "json=same.out", "-f", "html=sub/../same.out", "plan.yaml"}, "same file"},
		{"--output and a file", nil, []string{"-o", "r.out", "-f", "json", "-f", "html=r.out", "plan.yaml"}, "same file"},
		{"a dangling link and its target", func(dir string) error { return os.Symlink("target.out", filepath.Join(dir, "dangling.out")) },
			[]string{"-f", "json=dangling.out", "-f", "sarif=target.out", "plan.yaml"}, "same file"},
		{"a hard link and its file", func(dir string) error {
			if err := os.WriteFile(filepath.Join(dir, "one.out"), []byte("old"), 0o644); err != nil {
				return err
			}
			return os.Link(filepath.Join(dir, "one.out"), filepath.Join(dir, "two.out"))
		}, []string{"-f", "json=one.out", "-f", "sarif=two.out", "plan.yaml"}, "same file"},
		{"a folder", nil, []string{"-o", "sub", "plan.yaml"}, "sub is a folder"},
		{"a folder by a link", func(dir string) error { return os.Symlink("sub", filepath.Join(dir, "sublink")) },
			[]string{"-f", "json=sublink", "plan.yaml"}, "sublink is a folder"},
		{"a name ending in a slash", nil, []string{"-o", "newdir/", "plan.yaml"}, "newdir/ names a folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := plansIn(t)
			if c.setup != nil {
				if err := c.setup(dir); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, dir)
			in := &untouchedInput{}
			args := []string{"lint", "--today", "2026-11-21"}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "ABS", dir))
			}
			// Standard input is named too: a refusal comes before any
			// plan is read.
			stdout, stderr, code := invoke(t, IO{Dir: dir, In: in}, append(args, "-")...)
			if code != 2 || !strings.Contains(stderr, c.err) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, c.err)
			}
			if in.read {
				t.Error("a plan was read before the refusal")
			}
			if after := snapshot(t, dir); !mapsEqual(before, after) {
				t.Errorf("a refused run changed files:\nbefore %v\nafter  %v", keys(before), keys(after))
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestOutputsThatAreFine writes reports near the plans but where no plan
// is read.
func TestOutputsThatAreFine(t *testing.T) {
	t.Parallel()
	cases := [][]string{
		{"-f", "json=plans/.r.json", "plans"},
		{"-f", "json=plans/.hidden/r.json", "plans"},
		{"-f", "html=plans/r.html", "plans"},
		{"-f", "json=r.json", "-f", "html=r.html", "plan.yaml", "plans"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			dir := plansIn(t)
			if err := os.MkdirAll(filepath.Join(dir, "plans", ".hidden"), 0o755); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := run(t, dir, "", append([]string{"lint", "--today", "2026-11-21"}, args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, a := range args {
				if f, ok := strings.CutPrefix(a, "json="); ok {
					if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
						t.Errorf("the report was not written: %v", err)
					}
				}
			}
		})
	}
}

// TestWalkedFollowsTheLoader checks walked, which tells whether a report
// would be among the plans of a folder, against the loader's own walk.
func TestWalkedFollowsTheLoader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := []string{"a.yaml", "b.YML", "c.json", "d.toml", "e.txt", "r.html", ".hidden.yaml", "sub/f.json", "sub/.g.json", ".git/h.yaml", "sub/.cache/i.yaml", "sub/deep/j.toml"}
	for _, f := range files {
		write(t, filepath.Join(dir, f), "x")
	}
	found, errs := loader.Expand(dir, []string{"."})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range files {
		if want, got := slices.Contains(found, filepath.ToSlash(f)), walked(dir, filepath.Join(dir, f)); got != want {
			t.Errorf("%s: walked says %v, the loader %v", f, got, want)
		}
	}
	if walked(dir, dir) || walked(dir, filepath.Join(filepath.Dir(dir), "x.yaml")) {
		t.Error("the folder itself, or a file beside it, counted as in it")
	}
}

// TestReportFileNames writes reports whose names hold commas or are near
// the system's length limit, and refuses format values that would be
// misread.
func TestReportFileNames(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	long := strings.Repeat("r", 245) + ".json"
	_, stderr, code := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "json=report,v2.json", "-f", "sarif="+long, "plan.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"report,v2.json", long} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err != nil || len(data) == 0 {
			t.Errorf("%.20s… was not written: %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 5 {
		t.Errorf("files left: %d entries", len(entries))
	}

	// A list in the environment or a settings string is split on commas;
	// a YAML list item is one entry, commas and all.
	out, stderr, code := invoke(t, IO{Dir: dir, Env: []string{"PLANCHECK_FORMAT=json, sarif=env.sarif"}}, "lint", "--today", "2026-11-21", "plan.yaml")
	if code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("PLANCHECK_FORMAT: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.sarif")); err != nil {
		t.Errorf("PLANCHECK_FORMAT's file: %v", err)
	}
	work := filepath.Join(dir, "sub")
	write(t, filepath.Join(work, ConfigFile), "format: [json, \"html=a, b.html\"]\n")
	if _, stderr, code := run(t, work, "", "lint", "--today", "2026-11-21", "../plan.yaml"); code != 0 {
		t.Errorf("a YAML list: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(work, "a, b.html")); err != nil {
		t.Errorf("a YAML list item's file: %v", err)
	}

	for value, want := range map[string]string{
		"json,sarif=r.sarif":      "a list of formats cannot take a file",
		"sarif=a.sarif,json=b.js": "names one file",
		"json=":                   "names no file",
	} {
		if _, stderr, code := run(t, dir, "", "lint", "-f", value, "plan.yaml"); code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("-f %s: exit %d %q, want %q", value, code, stderr, want)
		}
	}
	help, _, _ := run(t, dir, "", "lint", "--help")
	if help = strings.Join(strings.Fields(help), " "); !strings.Contains(help, `everything after the first "=", commas included`) {
		t.Errorf("--help does not tell how a format's file name is read:\n%s", help)
	}
}
