package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

func key(s string) Key { return sha256.Sum256([]byte(s)) }

// value is the value a test keeps under key(s): any run computes the same.
func value(s string, size int) []byte {
	return bytes.Repeat([]byte(s+";"), size/(len(s)+1)+1)[:size]
}

func TestPutThenGet(t *testing.T) {
	t.Parallel()
	s := Open(t.TempDir(), 0)
	if _, ok := s.Get(key("a")); ok {
		t.Fatal("an empty folder gave a value")
	}
	if err := s.Put(key("a"), []byte("first")); err != nil {
		t.Fatal(err)
	}
	if got, ok := s.Get(key("a")); !ok || string(got) != "first" {
		t.Fatalf("got %q, %v", got, ok)
	}
	if _, ok := s.Get(key("b")); ok {
		t.Error("another key gave a value")
	}
	if err := s.Put(key("a"), []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, ok := s.Get(key("a")); !ok || string(got) != "second" {
		t.Errorf("after a second Put: %q, %v", got, ok)
	}
	// An empty value is a value.
	if err := s.Put(key("empty"), nil); err != nil {
		t.Fatal(err)
	}
	if got, ok := s.Get(key("empty")); !ok || len(got) != 0 {
		t.Errorf("empty value: %q, %v", got, ok)
	}
	if s.Err() != nil {
		t.Error(s.Err())
	}
}

// TestDamagedEntriesAreMisses damages an entry every way a file can be
// damaged or replaced: each is a miss, never a value, and the next Put
// writes the entry again.
func TestDamagedEntriesAreMisses(t *testing.T) {
	t.Parallel()
	k := key("plan")
	want := value("results", 3000)
	other := entry(key("another plan"), value("other results", 3000))
	rewrite := func(f func(b []byte) []byte) func(t *testing.T, p string) {
		return func(t *testing.T, p string) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f(b), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	flip := func(at func(b []byte) int) func(t *testing.T, p string) {
		return rewrite(func(b []byte) []byte { b[at(b)] ^= 0x20; return b })
	}
	cases := map[string]func(t *testing.T, p string){
		"truncated in the value":  rewrite(func(b []byte) []byte { return b[:len(b)-1] }),
		"truncated in the header": rewrite(func(b []byte) []byte { return b[:headerSize-3] }),
		"empty":                   rewrite(func(b []byte) []byte { return nil }),
		"a byte longer":           rewrite(func(b []byte) []byte { return append(b, 'x') }),
		"a value byte flipped":    flip(func(b []byte) int { return len(b) - 100 }),
		"the checksum flipped":    flip(func(b []byte) int { return headerSize - 1 }),
		"the length changed":      flip(func(b []byte) int { return headerSize - sha256.Size - 1 }),
		"the key flipped":         flip(func(b []byte) int { return len(magic) + 4 }),
		"foreign":                 rewrite(func([]byte) []byte { return value("not a cache entry at all", 4000) }),
		"another magic":           flip(func(b []byte) int { return 0 }),
		"another version": rewrite(func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[len(magic):], Version+1)
			return b
		}),
		"another key's entry": rewrite(func([]byte) []byte { return other }),
		"a folder": func(t *testing.T, p string) {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
				t.Fatal(err)
			}
		},
		"a link to a whole entry": func(t *testing.T, p string) {
			good := filepath.Join(t.TempDir(), "good")
			if err := os.Rename(p, good); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(good, p); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := Open(t.TempDir(), 0)
			if err := s.Put(k, want); err != nil {
				t.Fatal(err)
			}
			damage(t, s.path(k))
			if got, ok := s.Get(k); ok {
				t.Fatalf("a damaged entry gave %d bytes", len(got))
			}
			if err := s.Put(k, want); err != nil {
				t.Fatalf("writing it again: %v", err)
			}
			if got, ok := s.Get(k); !ok || !bytes.Equal(got, want) {
				t.Errorf("after writing it again: %d bytes, %v", len(got), ok)
			}
		})
	}
}

// TestRunsShareAFolder runs stores side by side on one folder, as runs
// do, putting, getting and trimming the same keys: every value read is
// one that was written whole, and none is lost to a race. Run it with
// -race.
func TestRunsShareAFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const runs, keys = 6, 40
	var wg sync.WaitGroup
	for r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A small bound, so that trims remove what others read.
			s := Open(dir, 60_000)
			for round := range 3 {
				for i := range keys {
					name := strconv.Itoa((i + r*7) % keys)
					want := value(name, 1000+37*((i+r*7)%keys))
					if got, ok := s.Get(key(name)); ok && !bytes.Equal(got, want) {
						t.Errorf("run %d: key %s gave another value", r, name)
					}
					if err := s.Put(key(name), want); err != nil {
						t.Errorf("run %d: %v", r, err)
					}
				}
				if round == 1 {
					if err := s.Trim(); err != nil {
						t.Errorf("run %d: trim: %v", r, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	checkNoTemporaryFiles(t, dir)
}

// checkNoTemporaryFiles fails when a run left a temporary file.
func checkNoTemporaryFiles(t *testing.T, dir string) {
	t.Helper()
	tmp, err := filepath.Glob(filepath.Join(dir, "v1", "*", tempPrefix+"*"))
	if err != nil || len(tmp) > 0 {
		t.Errorf("temporary files left: %v %v", tmp, err)
	}
}

// TestProcessesShareAFolder is TestRunsShareAFolder with processes: each
// runs this test binary's helper below.
func TestProcessesShareAFolder(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for r := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CACHE_HELPER_DIR="+dir, "CACHE_HELPER_RUN="+strconv.Itoa(r))
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	checkNoTemporaryFiles(t, dir)
	s := Open(dir, 0)
	for i := range 50 {
		name := strconv.Itoa(i)
		if got, ok := s.Get(key(name)); !ok || !bytes.Equal(got, value(name, 2000+i)) {
			t.Errorf("key %s after the processes: %v", name, ok)
		}
	}
}

// TestHelperProcess is one of TestProcessesShareAFolder's processes.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv("CACHE_HELPER_DIR")
	if dir == "" {
		t.Skip("run by TestProcessesShareAFolder")
	}
	r, _ := strconv.Atoi(os.Getenv("CACHE_HELPER_RUN"))
	s := Open(dir, 0)
	for round := range 20 {
		for i := range 50 {
			name := strconv.Itoa((i + r*13 + round) % 50)
			want := value(name, 2000+(i+r*13+round)%50)
			if got, ok := s.Get(key(name)); ok && !bytes.Equal(got, want) {
				t.Fatalf("key %s gave another value", name)
			}
			if err := s.Put(key(name), want); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestTrimRemovesTheLeastRecentlyUsed fills a folder past its bound with
// entries of known ages, uses an old one, and trims: the oldest go first,
// the one used stays, and the folder ends within its bound.
func TestTrimRemovesTheLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	const size = 1000
	entrySize := int64(headerSize + size)
	s := Open(dir, 10*entrySize)
	s.now = func() time.Time { return now }
	// Entry i was last used i days ago: 0 is the newest, 14 the oldest.
	for i := range 15 {
		k := key(strconv.Itoa(i))
		if err := s.Put(k, value(strconv.Itoa(i), size)); err != nil {
			t.Fatal(err)
		}
		at := now.Add(-time.Duration(i) * 24 * time.Hour)
		if err := os.Chtimes(s.path(k), at, at); err != nil {
			t.Fatal(err)
		}
	}
	// A temporary file a killed run left, and one a run is writing now.
	stale, fresh := filepath.Join(dir, "v1", "00", tempPrefix+"stale"), filepath.Join(dir, "v1", "00", tempPrefix+"fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("half an entry"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(stale, now.Add(-2*time.Hour), now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(fresh, now, now); err != nil {
		t.Fatal(err)
	}
	// Using entry 13 moves it to now; using entry 0, used less than a
	// day ago, writes nothing.
	if _, ok := s.Get(key("13")); !ok {
		t.Fatal("entry 13 missing")
	}
	if info, err := os.Stat(s.path(key("13"))); err != nil || !info.ModTime().Equal(now) {
		t.Errorf("a hit on a 13-day-old entry did not mark it used: %v", info.ModTime())
	}
	if _, ok := s.Get(key("0")); !ok {
		t.Fatal("entry 0 missing")
	}
	if err := s.Trim(); err != nil {
		t.Fatal(err)
	}
	// Down to nine tenths of the bound: 9 entries stay, 0 to 7 and 13.
	for i := range 15 {
		_, err := os.Stat(s.path(key(strconv.Itoa(i))))
		kept := err == nil
		if want := i <= 7 || i == 13; kept != want {
			t.Errorf("entry %d (last used %d days ago): kept %v, want %v", i, i, kept, want)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale temporary file was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a temporary file being written was removed")
	}
}

// TestTrimAfterPutsOnly: a run that only read cannot have grown the
// folder, so it does not walk it, even when the folder is over its bound.
func TestTrimAfterPutsOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writer := Open(dir, 0)
	for i := range 5 {
		if err := writer.Put(key(strconv.Itoa(i)), value("x", 500)); err != nil {
			t.Fatal(err)
		}
	}
	reader := Open(dir, 1000)
	for i := range 5 {
		if _, ok := reader.Get(key(strconv.Itoa(i))); !ok {
			t.Fatal("miss")
		}
	}
	if err := reader.Trim(); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if len(left) != 5 {
		t.Errorf("a run of hits trimmed the folder: %d entries left", len(left))
	}
	if err := reader.Put(key("new"), value("x", 500)); err != nil {
		t.Fatal(err)
	}
	if err := reader.Trim(); err != nil {
		t.Fatal(err)
	}
	left, _ = filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if len(left) != 1 {
		t.Errorf("after a put, trim left %d entries, want 1 (the bound holds one)", len(left))
	}
}

// TestUnwritableFolder: a cache that cannot be written is a miss on every
// Get and an error kept for the run to warn of, never a panic.
func TestUnwritableFolder(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, s *Store) {
		t.Helper()
		if err := s.Put(key("a"), []byte("v")); err == nil {
			t.Fatal("Put into an unwritable folder succeeded")
		}
		if _, ok := s.Get(key("a")); ok {
			t.Error("Get after a failed Put gave a value")
		}
		if s.Err() == nil {
			t.Error("the failure was not kept")
		}
		if err := s.Trim(); err != nil {
			t.Errorf("Trim after failed puts: %v", err)
		}
	}
	t.Run("a file where the folder should be", func(t *testing.T) {
		t.Parallel()
		file := filepath.Join(t.TempDir(), "cache")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		check(t, Open(file, 0))
	})
	t.Run("a read-only folder", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() == 0 {
			t.Skip("root writes into read-only folders")
		}
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		check(t, Open(dir, 0))
	})
}

func TestValueLimit(t *testing.T) {
	t.Parallel()
	s := Open(t.TempDir(), 0)
	if err := s.Put(key("big"), make([]byte, MaxValueSize+1)); err == nil {
		t.Error("a value over the limit was kept")
	}
}

func ExampleStore() {
	dir, _ := os.MkdirTemp("", "cache")
	defer os.RemoveAll(dir)
	s := Open(dir, 0)
	k := Key(sha256.Sum256([]byte("what the value depends on")))
	if _, ok := s.Get(k); !ok {
		_ = s.Put(k, []byte("the value, computed"))
	}
	v, ok := s.Get(k)
	fmt.Println(string(v), ok)
	// Output: the value, computed true
}
