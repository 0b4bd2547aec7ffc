package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReportOverSpecialFiles writes a report to a device (a copy of
// /dev/null: never the real one, which the bug this guards against would
// destroy when run as root), a FIFO and a symbolic link, as -o does: the device and the FIFO are written to and
// stay what they are, the link stays a link and its target gets the
// report, keeping its mode.
func TestReportOverSpecialFiles(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	lint := func(out string) {
		t.Helper()
		if _, stderr, code := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "json", "-o", out, "plan.yaml"); code != 0 {
			t.Errorf("-o %s: exit %d %s", out, code, stderr)
		}
	}

	null := filepath.Join(dir, "mynull")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Logf("cannot make a device node here (%v): the device is not tested; run as root to test it", err)
	} else {
		lint("mynull")
		// Two reports to one device lose nothing: both are written to it.
		if _, stderr, code := run(t, dir, "", "lint", "-f", "json=mynull", "-f", "sarif=mynull", "plan.yaml"); code != 0 {
			t.Errorf("two reports to a device: exit %d %s", code, stderr)
		}
		if info, err := os.Lstat(null); err != nil || info.Mode()&fs.ModeCharDevice == 0 {
			t.Errorf("the device became %v (%v)", info.Mode(), err)
		}
	}

	fifo := filepath.Join(dir, "myfifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- data
	}()
	lint("myfifo")
	select {
	case data := <-got:
		if r := decode(t, string(data)); len(r.Plans) != 1 {
			t.Errorf("the FIFO's reader got %d plans", len(r.Plans))
		}
	case <-time.After(10 * time.Second):
		t.Error("the FIFO's reader got nothing")
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO became %v (%v)", info.Mode(), err)
	}

	real := filepath.Join(dir, "sub", "real.json")
	write(t, real, "old\n")
	if err := os.Chmod(real, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub/real.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	lint("link.json")
	if target, err := os.Readlink(filepath.Join(dir, "link.json")); err != nil || target != "sub/real.json" {
		t.Errorf("the link is no longer a link to sub/real.json: %q %v", target, err)
	}
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	if r := decode(t, string(data)); len(r.Plans) != 1 {
		t.Errorf("the link's target holds %d plans", len(r.Plans))
	}
	if info, _ := os.Stat(real); info.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode became %v", info.Mode().Perm())
	}
	// Nothing else is left: no temporary file, no regular file in place
	// of the device or the FIFO.
	files := snapshot(t, dir)
	want := map[string]string{"myfifo": "p---------", "link.json": "-> sub/real.json"}
	if _, ok := files["mynull"]; ok {
		want["mynull"] = "Dc---------"
	}
	for name, kind := range want {
		if files[name] != kind {
			t.Errorf("%s is %q, want %q", name, files[name], kind)
		}
	}
	if len(files) != len(want)+3 {
		t.Errorf("files left: %v", keys(files))
	}
}
