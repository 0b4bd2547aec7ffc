package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestDeviceIsWrittenThrough writes to a character device (a copy of
// /dev/null): it stays a device, and no temporary file is made beside it.
func TestDeviceIsWrittenThrough(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	null := filepath.Join(dir, "mynull")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("cannot make a device node here (%v): run as root to test devices", err)
	}
	if err := writeOne(null, "a report"); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(null)
	if err != nil || info.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("the device became %v (%v)", info.Mode(), err)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files beside the device: %v", got)
	}
	// A link to the device is followed to it, and written through too.
	link := filepath.Join(dir, "link")
	mustLink(t, "mynull", link)
	if err := writeOne(link, "a report"); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(null); info.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("the device became %v", info.Mode())
	}
}

// TestFIFOIsWrittenThrough writes to a named pipe with a reader: the
// reader gets the whole report, and the pipe stays a pipe.
func TestFIFOIsWrittenThrough(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "myfifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		// Opening for reading waits for the writer, and the write waits
		// for this reader.
		data, _ := os.ReadFile(fifo)
		got <- string(data)
	}()
	if err := writeOne(fifo, "a report"); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != "a report" {
			t.Errorf("the reader got %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Error("the reader got nothing: the FIFO was not written to")
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO became %v (%v)", info.Mode(), err)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files beside the FIFO: %v", got)
	}
}

// TestDescriptorIsWrittenThrough writes to /dev/fd/N for a pipe, as to
// /dev/stdout, and to /proc/self/fd/N for a regular file the process
// holds: the pipe's reader gets the report, and the file is written where
// it is, after what it held, not replaced.
func TestDescriptorIsWrittenThrough(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/fd"); err != nil {
		t.Skipf("no /dev/fd here: %v", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := make(chan string, 1)
	go func() {
		data, _ := io.ReadAll(r)
		got <- string(data)
	}()
	if err := writeOne(fmt.Sprintf("/dev/fd/%d", w.Fd()), "to the pipe"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if s := <-got; s != "to the pipe" {
		t.Errorf("the pipe's reader got %q", s)
	}

	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	held, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	held.WriteString("before\n")
	before, _ := os.Stat(p)
	if err := writeOne(fmt.Sprintf("/proc/self/fd/%d", held.Fd()), "the report\n"); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p)
	if !os.SameFile(before, after) {
		t.Error("the file behind the descriptor was replaced")
	}
	if s := read(t, p); s != "before\nthe report\n" {
		t.Errorf("the file holds %q", s)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files left: %v", got)
	}
}

// TestAbortWhileOpeningAFIFO aborts a group while Create waits for a FIFO's
// reader: the temporary file made before it is removed, and the Create
// that then finds its reader fails.
func TestAbortWhileOpeningAFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "myfifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	var g Group
	if _, err := g.Create(filepath.Join(dir, "r.json")); err != nil {
		t.Fatal(err)
	}
	created := make(chan error, 1)
	go func() {
		_, err := g.Create(fifo)
		created <- err
	}()
	g.Abort()
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files left after abort: %v", got)
	}
	// A reader lets the waiting Create go on.
	reader, err := os.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if err := <-created; !errors.Is(err, ErrAborted) {
		t.Errorf("create after abort: %v", err)
	}
	if err := g.Commit(context.Background()); !errors.Is(err, ErrAborted) {
		t.Errorf("commit after abort: %v", err)
	}
}
