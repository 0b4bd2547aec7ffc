//go:build unix

package loader

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test when f takes longer than a few seconds: what is
// tested here used to block for ever.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("blocked")
	}
}

// TestOnlyRegularFilesAreRead puts a FIFO, a socket and links to them and
// to a device among plan files: each is its own error, said without
// waiting, and the regular file beside them is read.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("plancheck: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "b.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock, err := net.Listen("unix", filepath.Join(dir, "c.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	for link, target := range map[string]string{"d.yaml": "b.yaml", "e.yaml": os.DevNull, "f.yaml": "a.yaml"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"a.yaml": "",
		"b.yaml": "is a FIFO (named pipe), not a regular file",
		"c.yaml": "is a socket, not a regular file",
		"d.yaml": "is a link to a FIFO (named pipe), not a regular file",
		"e.yaml": "is a link to a device, not a regular file",
		"f.yaml": "",
	}
	files, errs := Expand(dir, []string{"."})
	if len(errs) != 0 || len(files) != len(want) {
		t.Fatalf("Expand: %v, %v", files, errs)
	}
	within(t, func() {
		for _, f := range files {
			_, err := Loader{Dir: dir}.LoadFile(f)
			msg := want[f]
			switch {
			case msg == "" && err != nil:
				t.Errorf("%s: %v", f, err)
			case msg != "" && (err == nil || err.Error() != f+": "+msg):
				t.Errorf("%s: got %v, want %s", f, err, msg)
			}
		}
	})
}

// TestOpenDoesNotWaitOnAFIFO opens a FIFO as the read does after its
// check: a FIFO that appears in between is caught by what was opened,
// not waited on.
func TestOpenDoesNotWaitOnAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "p.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	within(t, func() {
		f, err := openRegular(fifo)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		if info, err := f.Stat(); err != nil || info.Mode().IsRegular() {
			t.Errorf("a FIFO opened as %v, %v", info.Mode(), err)
		}
	})
}

// TestReadFile reads a regular file within its limit, and names a file
// over it, as custom policies and the settings file are read.
func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.rego")
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 2048)), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(path, 2048); err != nil || len(data) != 2048 {
		t.Errorf("within the limit: %d bytes, %v", len(data), err)
	}
	_, err := ReadFile(path, 1024)
	if err == nil || err.Error() != path+": file is 2.0 KiB, larger than the limit of 1.0 KiB" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadFile(os.DevNull, 1024); err == nil || !strings.HasSuffix(err.Error(), "is a device, not a regular file") {
		t.Errorf("a device: %v", err)
	}
}
