package atomicfile

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// names lists a folder's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// writeOne writes data to path through a group of one file.
func writeOne(path, data string) error {
	var g Group
	f, err := g.Create(path)
	if err != nil {
		return err
	}
	defer g.Abort()
	if _, err := f.Write([]byte(data)); err != nil {
		return err
	}
	return g.Commit(context.Background())
}

func TestCommitReplacesAndAbortKeeps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "report.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var g Group
	f, err := g.Create(target)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	if got := read(t, target); got != "old" {
		t.Fatalf("target changed before commit: %q", got)
	}
	g.Abort()
	if got := read(t, target); got != "old" {
		t.Errorf("abort changed the target: %q", got)
	}
	if err := g.Commit(context.Background()); !errors.Is(err, ErrAborted) {
		t.Errorf("commit after abort: %v", err)
	}
	if _, err := g.Create(target); !errors.Is(err, ErrAborted) {
		t.Errorf("create after abort: %v", err)
	}
	if err := writeOne(target, "new"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "new" {
		t.Errorf("after commit: %q", got)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("temporary files left behind: %v", got)
	}
}

// TestModeIsKept replaces files of several modes: each keeps its own; a
// new file is 0644 whatever the temporary file was created with.
func TestModeIsKept(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o444, 0o664} {
		p := filepath.Join(dir, mode.String())
		if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		if err := writeOne(p, "new"); err != nil {
			t.Fatal(err)
		}
		if info, _ := os.Stat(p); info.Mode().Perm() != mode {
			t.Errorf("a %v file became %v", mode, info.Mode().Perm())
		}
	}
	p := filepath.Join(dir, "new.json")
	if err := writeOne(p, "new"); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o644 {
		t.Errorf("a new file is %v, want 0644", info.Mode().Perm())
	}
}

// TestSymlinkIsFollowed writes through links: the target is replaced in
// its own folder, and the link stays a link.
func TestSymlinkIsFollowed(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	links, real := filepath.Join(root, "links"), filepath.Join(root, "real")
	for _, d := range []string{links, real} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(real, "r.json"), []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A chain: a relative link to an absolute one to the file; and a
	// link to a file that does not exist yet.
	mustLink(t, filepath.Join(real, "r.json"), filepath.Join(links, "abs.json"))
	mustLink(t, "abs.json", filepath.Join(links, "link.json"))
	mustLink(t, "../real/new.json", filepath.Join(links, "dangling.json"))

	if err := writeOne(filepath.Join(links, "link.json"), "new"); err != nil {
		t.Fatal(err)
	}
	if err := writeOne(filepath.Join(links, "dangling.json"), "created"); err != nil {
		t.Fatal(err)
	}
	for link, want := range map[string]string{"abs.json": filepath.Join(real, "r.json"), "link.json": "abs.json", "dangling.json": "../real/new.json"} {
		if got, err := os.Readlink(filepath.Join(links, link)); err != nil || got != want {
			t.Errorf("%s is no longer a link to %s: %q, %v", link, want, got, err)
		}
	}
	if got := read(t, filepath.Join(real, "r.json")); got != "new" {
		t.Errorf("the link's target holds %q", got)
	}
	if got := read(t, filepath.Join(real, "new.json")); got != "created" {
		t.Errorf("the dangling link's target holds %q", got)
	}
	if info, _ := os.Stat(filepath.Join(real, "r.json")); info.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode became %v", info.Mode().Perm())
	}
	if got := names(t, links); strings.Join(got, " ") != "abs.json dangling.json link.json" {
		t.Errorf("the links' folder holds %v", got)
	}
	if got := names(t, real); strings.Join(got, " ") != "new.json r.json" {
		t.Errorf("the target's folder holds %v", got)
	}
	loop := filepath.Join(links, "loop")
	mustLink(t, "loop", loop)
	if err := writeOne(loop, "x"); err == nil {
		t.Error("a link to itself was written")
	}
}

func mustLink(t *testing.T, old, link string) {
	t.Helper()
	if err := os.Symlink(old, link); err != nil {
		t.Fatal(err)
	}
}

// TestLongName writes a file whose name is near the system's limit: the
// temporary file's name must fit too.
func TestLongName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, base := range []string{strings.Repeat("r", 250) + ".json", strings.Repeat("é", 125) + ".json"} {
		p := filepath.Join(dir, base)
		if err := writeOne(p, "long"); err != nil {
			t.Fatalf("%d bytes: %v", len(base), err)
		}
		if got := read(t, p); got != "long" {
			t.Errorf("%q", got)
		}
	}
	if got := names(t, dir); len(got) != 2 {
		t.Errorf("files left behind: %v", got)
	}
}

// TestErrorsNameTheFile checks that no error shows the temporary file's
// name, which means nothing to the user.
func TestErrorsNameTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	check := func(what string, err error, name string) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
			return
		}
		if msg := err.Error(); strings.Contains(msg, ".tmp") || !strings.Contains(msg, name) {
			t.Errorf("%s: %q does not name %s alone", what, msg, name)
		}
	}
	missing := filepath.Join(dir, "no", "such", "r.json")
	check("a missing folder", writeOne(missing, "x"), missing)

	target := filepath.Join(dir, "r.json")
	var g Group
	f, err := g.Create(target)
	if err != nil {
		t.Fatal(err)
	}
	// Something puts a folder where the report goes: the rename fails.
	if err := os.MkdirAll(filepath.Join(target, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("x"))
	check("a failed rename", g.Commit(context.Background()), target)
	_, err = f.Write([]byte("more"))
	check("a write after the end", err, target)
	if got := names(t, dir); strings.Join(got, " ") != "r.json" {
		t.Errorf("files left behind: %v", got)
	}

	err = writeOne(dir, "x")
	if !errors.Is(err, ErrFolder) {
		t.Errorf("a folder: %v", err)
	}
}

// TestSeveralFilesAllOrNothing commits three files while another goroutine
// aborts the group, as a signal handler does, or while the context is
// cancelled: the files are all old or all new, and no temporary file is
// left.
func TestSeveralFilesAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	targets := []string{filepath.Join(dir, "r.json"), filepath.Join(dir, "r.sarif"), filepath.Join(dir, "r.html")}
	for _, p := range targets {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sawOld, sawNew := false, false
	for i := range 100 {
		var g Group
		for _, p := range targets {
			f, err := g.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			f.Write([]byte("new"))
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			// At times before the renames, at times after them.
			time.Sleep(time.Duration(i%50) * 40 * time.Microsecond)
			if i%2 == 0 {
				g.Abort()
			} else {
				cancel()
			}
		}()
		err := g.Commit(ctx)
		wg.Wait()
		g.Abort()
		cancel()
		var got []string
		for _, p := range targets {
			got = append(got, read(t, p))
		}
		switch strings.Join(got, " ") {
		case "old old old":
			sawOld = true
			if err == nil {
				t.Fatal("commit said it wrote the files, which are all old")
			}
		case "new new new":
			sawNew = true
			if err != nil {
				t.Fatalf("commit failed (%v), but the files are all new", err)
			}
			for _, p := range targets {
				if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		default:
			t.Fatalf("a mixed set: %v (commit: %v)", got, err)
		}
		if got := names(t, dir); len(got) != len(targets) {
			t.Fatalf("temporary files left: %v", got)
		}
	}
	t.Logf("saw all old: %v, all new: %v", sawOld, sawNew)

	// A context done before Commit leaves every file as it was.
	var g Group
	f, _ := g.Create(targets[0])
	f.Write([]byte("new"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.Commit(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("commit with a done context: %v", err)
	}
	if got := read(t, targets[0]); got != "old" {
		t.Errorf("a done context still replaced the file: %q", got)
	}
	if got := names(t, dir); len(got) != len(targets) {
		t.Fatalf("temporary files left: %v", got)
	}
}
