package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// plansIn makes a working folder with a plan (plan.yaml), a folder of
// plans (plans/a.yaml) and an empty folder (sub), for the tests of where
// reports go.
func plansIn(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The evidence the example cites is named where it is, so that the
	// copies meet every recommendation without copies of it.
	text := strings.ReplaceAll(string(data), " docs/", " "+filepath.Join(root, "fixtures/plans/docs")+"/")
	write(t, filepath.Join(dir, "plan.yaml"), text)
	write(t, filepath.Join(dir, "plans", "a.yaml"), text)
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshot is every file under dir with what it holds (links as
// "-> target", devices and FIFOs as their type), to show that a refused
// run changed nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			files[rel] = "-> " + target
			return nil
		case !d.Type().IsRegular():
			// Reading a FIFO would wait for a writer.
			files[rel] = d.Type().String()
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestReportErrorsNameTheReport checks that a report that cannot be
// written is named as the user named it, never by its temporary file.
func TestReportErrorsNameTheReport(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	_, stderr, code := run(t, dir, "", "lint", "-f", "json=missing/r.json", "plan.yaml")
	if code != 2 || !strings.Contains(stderr, filepath.Join(dir, "missing", "r.json")) || strings.Contains(stderr, ".tmp") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

// TestReplacedReportKeepsItsMode replaces a private report: it stays
// private. A new report is 0644.
func TestReplacedReportKeepsItsMode(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	private := filepath.Join(dir, "private.json")
	write(t, private, "old")
	if err := os.Chmod(private, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "lint", "-f", "json", "-o", "private.json", "-f", "html=new.html", "plan.yaml"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, want := range map[string]os.FileMode{"private.json": 0o600, "new.html": 0o644} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.Mode().Perm() != want || info.Size() < 100 {
			t.Errorf("%s: %v, %v; want a report of mode %v", name, info.Mode(), err, want)
		}
	}
}

// TestReportFilesAreSaid: a run whose every report goes to a file says on
// standard error where each went, unless --quiet; a run with a report on
// standard output does not.
func TestReportFilesAreSaid(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	cases := []struct {
		args []string
		want string // standard error
	}{
		{[]string{"-f", "html=report.html"}, "wrote report.html (html)\n"},
		{[]string{"-f", "html=report.html", "-f", "sarif=out/r.sarif"}, "wrote report.html (html)\nwrote out/r.sarif (sarif)\n"},
		{[]string{"-f", "json", "-o", "report.json"}, "wrote report.json (json)\n"},
		{[]string{"-q", "-f", "html=report.html"}, ""},
		{[]string{"-f", "text", "-f", "json=report.json"}, ""},
		{[]string{"-f", "json=/dev/null"}, ""}, // written straight through, not put in place
	}
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		stdout, stderr, code := run(t, dir, "", append(append([]string{"lint"}, c.args...), "plan.yaml")...)
		if code != 0 || stderr != c.want {
			t.Errorf("%v: exit %d, standard error %q, want %q", c.args, code, stderr, c.want)
		}
		if slices.Contains(c.args, "text") != (stdout != "") {
			t.Errorf("%v: standard output %q", c.args, stdout)
		}
	}
}
