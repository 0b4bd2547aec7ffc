//go:build unix

package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCustomPolicyThatIsNotARegularFile puts a FIFO, and a link to a
// device, among a folder's .rego files: each is refused by name at once,
// where it was once waited on, or read without end.
func TestCustomPolicyThatIsNotARegularFile(t *testing.T) {
	t.Parallel()
	src := readFile(t, "../../fixtures/custom/trust/clinical_safety.rego")
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
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.rego"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(dir, "b.rego")
			if err := c.make(bad); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := New(context.Background(), Options{Custom: []string{dir}})
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), bad+": "+c.want) {
					t.Errorf("got %v, want …%s: %s", err, bad, c.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("loading the policies blocked")
			}
		})
	}
}
