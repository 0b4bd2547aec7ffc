//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs the command line as run does, failing the test when it
// has not finished after a few seconds: what is tested here once hung.
func runWithin(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	go func() {
		out, stderr, code := run(t, dir, "", args...)
		done <- result{out, stderr, code}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code
	case <-time.After(10 * time.Second):
		t.Fatalf("%v did not finish", args)
	}
	return "", "", 0
}

// TestFIFOAmongPlans checks a folder holding a FIFO, and names a FIFO and
// a link to a device: each is its own error, at once, and the plan beside
// them is checked.
func TestFIFOAmongPlans(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "d", "a.yaml"), string(src))
	if err := syscall.Mkfifo(filepath.Join(dir, "d", "b.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(os.DevNull, filepath.Join(dir, "null.yaml")); err != nil {
		t.Fatal(err)
	}
	out, _, code := runWithin(t, dir, "lint", "--today", "2026-11-21", "-f", "json", "--timeout", "1s", "d", "d/b.yaml", "null.yaml")
	r := decode(t, out)
	if code != 2 || len(r.Plans) != 1 || r.Plans[0].File != "d/a.yaml" {
		t.Fatalf("exit %d, plans %+v", code, r.Plans)
	}
	var got []string
	for _, e := range r.Errors {
		got = append(got, e.String())
	}
	want := "d/b.yaml: is a FIFO (named pipe), not a regular file\nnull.yaml: is a link to a device, not a regular file"
	if strings.Join(got, "\n") != want {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestSettingsFileThatIsNotARegularFile puts a FIFO, then a link to a
// device, as the settings file in a parent of the working folder: the run
// stops at once with a usage error naming it.
func TestSettingsFileThatIsNotARegularFile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		make func(path string) error
		want string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "is a FIFO (named pipe), not a regular file"},
		{"device", func(p string) error { return os.Symlink(os.DevNull, p) }, "is a link to a device, not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			work := filepath.Join(parent, "plans")
			if err := os.Mkdir(work, 0o755); err != nil {
				t.Fatal(err)
			}
			settings := filepath.Join(parent, ConfigFile)
			if err := c.make(settings); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := runWithin(t, work, "lint", filepath.Join(root, "fixtures/plans/sparse.yaml"))
			if code != 2 || !strings.Contains(stderr, settings+": "+c.want) {
				t.Errorf("exit %d, %q, want …%s: %s", code, stderr, settings, c.want)
			}
		})
	}
}

// TestInitBesideASchemaFIFO runs init where a FIFO has the schema's name:
// init does not wait on it, and leaves it.
func TestInitBesideASchemaFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	schema := filepath.Join(dir, "plancheck.schema.json")
	if err := syscall.Mkfifo(schema, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runWithin(t, dir, "init", "plan.yaml")
	if info, err := os.Lstat(schema); code != 0 || !strings.Contains(stderr, "left plancheck.schema.json as it is") || err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("exit %d, %q; the FIFO: %v", code, stderr, err)
	}
}
