// Package cache keeps byte values in a folder on disk, each under a key
// that is a digest of everything the value depends on, so that a later
// run can take a value instead of computing it again. It knows nothing of
// what the values are.
//
// An entry is a file, <folder>/v1/<first 2 hex digits of the key>/<the
// other 62>, that starts with a header: a magic string, the entry format's
// version, the key it was written for, the length of the value and its
// SHA-256. Get checks all of it: an entry that is truncated, corrupt,
// written by another program or another version, or written for another
// key is a miss, never a value, and the caller's Put replaces it.
//
// Runs may share a folder at the same time without a lock: an entry is
// written to a temporary file beside it and renamed into place, so a
// reader sees the old entry, the new one, or none, never a part; and an
// entry removed while another run reads it stays readable to that run
// (on Unix). The folder's size is bounded: Trim removes the least
// recently used entries, by modification time, which Get moves on when an
// entry is used, at most once a day per entry, to keep the hit path free
// of writes.
//
// The folder is trusted as the user's own (it is made readable by its
// owner only): the checksum finds damage, not forgery.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Key names an entry: a SHA-256 of everything its value depends on.
type Key [sha256.Size]byte

// String is the key in hexadecimal, as its file is named.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Version is the entry format's version; it names the folder entries are
// kept in, so that another version's entries are never read as this one's.
const Version = 1

// magic starts every entry.
const magic = "plancheck-cache\n"

// headerSize is the length of an entry's header: magic, version, key,
// length of the value, SHA-256 of the value.
const headerSize = len(magic) + 4 + len(Key{}) + 8 + sha256.Size

// DefaultMaxSize bounds a folder when the caller sets no bound: room for
// the results of some 60,000 typical plans (about 4 KiB each), and small
// beside any disk a cache folder is on.
const DefaultMaxSize = 256 << 20

// MaxValueSize bounds a value Get reads: an entry claiming more is not
// one this package wrote for a plan.
const MaxValueSize = 64 << 20

// touchAfter is how old an entry's modification time may get before a hit
// moves it on: least recently used is counted in days, so that a run of
// hits writes nothing.
const touchAfter = 24 * time.Hour

// staleTemp is how old a temporary file may get before Trim takes it for
// one a run left behind when it was killed.
const staleTemp = time.Hour

// tempPrefix starts the names of temporary files; entries' names are hex.
const tempPrefix = ".tmp-"

// Store is a cache folder. Its methods are safe for concurrent use, and
// several processes may use one folder at once.
type Store struct {
	dir     string
	maxSize int64
	// now is the clock, for tests of the size bound.
	now func() time.Time
	// wrote counts the bytes this Store put: Trim has work only when a
	// run added entries.
	wrote atomic.Int64
	// errMu guards err, the first error met writing the folder.
	errMu sync.Mutex
	err   error
}

// Open returns the store in folder dir, bounded to maxSize bytes
// (DefaultMaxSize when 0 or less). Nothing is read or written until the
// store is used: a folder that cannot be made is an error of each Put.
func Open(dir string, maxSize int64) *Store {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	return &Store{dir: filepath.Join(dir, fmt.Sprintf("v%d", Version)), maxSize: maxSize, now: time.Now}
}

// path is where the entry for k is kept.
func (s *Store) path(k Key) string {
	h := k.String()
	return filepath.Join(s.dir, h[:2], h[2:])
}

// Get returns the value kept for k. Anything that is not a whole entry
// written for k by this version is a miss.
func (s *Store) Get(k Key) ([]byte, bool) {
	p := s.path(k)
	// An entry is a regular file; anything else at its path (a folder, a
	// link, a FIFO, which would block the open) is not one.
	if info, err := os.Lstat(p); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() < int64(headerSize) || info.Size() > int64(headerSize)+MaxValueSize {
		return nil, false
	}
	buf := make([]byte, info.Size())
	// An entry is never written in place (Put renames a whole file over
	// it), so what was sized is what is read.
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, false
	}
	value, ok := parse(buf, k)
	if !ok {
		return nil, false
	}
	if now := s.now(); now.Sub(info.ModTime()) > touchAfter {
		// Marked as used for Trim. It may fail (a read-only folder), and
		// the entry may have just been removed: either way the value read
		// is whole, and the cost is only a less exact order of removal.
		_ = os.Chtimes(p, now, now)
	}
	return value, true
}

// parse checks an entry's header against k and its value's checksum.
func parse(buf []byte, k Key) ([]byte, bool) {
	h := buf[:headerSize]
	if string(h[:len(magic)]) != magic {
		return nil, false
	}
	h = h[len(magic):]
	if binary.BigEndian.Uint32(h) != Version {
		return nil, false
	}
	h = h[4:]
	if !bytes.Equal(h[:len(k)], k[:]) {
		return nil, false
	}
	h = h[len(k):]
	value := buf[headerSize:]
	if binary.BigEndian.Uint64(h) != uint64(len(value)) {
		return nil, false
	}
	h = h[8:]
	if sum := sha256.Sum256(value); !bytes.Equal(h, sum[:]) {
		return nil, false
	}
	return value, true
}

// entry is the file Put writes for k: the header, then the value.
func entry(k Key, value []byte) []byte {
	buf := make([]byte, 0, headerSize+len(value))
	buf = append(buf, magic...)
	buf = binary.BigEndian.AppendUint32(buf, Version)
	buf = append(buf, k[:]...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(value)))
	sum := sha256.Sum256(value)
	buf = append(buf, sum[:]...)
	return append(buf, value...)
}

// Put keeps value under k, replacing whatever was at its path. The entry
// appears whole or not at all. An error (a read-only folder, a full disk)
// is also kept for Err: a cache that cannot be written costs speed, not
// results.
func (s *Store) Put(k Key, value []byte) error {
	if len(value) > MaxValueSize {
		return s.fail(fmt.Errorf("a value of %d bytes is over the cache's limit of %d", len(value), MaxValueSize))
	}
	err := s.put(k, entry(k, value))
	if err != nil {
		return s.fail(fmt.Errorf("cannot write the cache in %s: %w", filepath.Dir(s.dir), err))
	}
	return nil
}

func (s *Store) put(k Key, data []byte) error {
	p := s.path(k)
	dir := filepath.Dir(p)
	tmp, err := os.CreateTemp(dir, tempPrefix+"*")
	if errors.Is(err, fs.ErrNotExist) {
		// The folder is made when first needed, not checked on every
		// Put. It holds what plans say: it is the user's alone.
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		tmp, err = os.CreateTemp(dir, tempPrefix+"*")
	}
	if err != nil {
		return err
	}
	// No fsync: an entry cut short by a crash fails its checksum and is
	// a miss, and a cache is not worth a disk flush per plan.
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return werr
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		// Something that is not an entry (a folder) is in the way: it is
		// the cache's own path, so it goes, and the rename is tried again.
		if info, lerr := os.Lstat(p); lerr == nil && info.IsDir() {
			if rerr := os.RemoveAll(p); rerr == nil {
				err = os.Rename(tmp.Name(), p)
			}
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			return err
		}
	}
	s.wrote.Add(int64(len(data)))
	return nil
}

// fail records the first error writing the folder, and returns err.
func (s *Store) fail(err error) error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	if s.err == nil {
		s.err = err
	}
	return err
}

// Err is the first error met writing the folder, or nil: a caller says
// it once, as a warning, at the end of a run.
func (s *Store) Err() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}

// Trim removes the least recently used entries while the folder is over
// its bound, down to nine tenths of it, so that the next runs do not each
// trim again; and temporary files that runs left behind. It does nothing
// when this Store put nothing: a run of hits cannot have grown the folder.
// Several runs may trim at once: an entry already removed is skipped.
func (s *Store) Trim() error {
	if s.wrote.Load() == 0 {
		return nil
	}
	return s.trim()
}

type file struct {
	path  string
	size  int64
	mtime time.Time
}

func (s *Store) trim() error {
	var files []file
	var total int64
	shards, err := os.ReadDir(s.dir)
	if err != nil {
		return s.fail(fmt.Errorf("cannot trim the cache in %s: %w", filepath.Dir(s.dir), err))
	}
	now := s.now()
	for _, shard := range shards {
		if !shard.IsDir() || len(shard.Name()) != 2 {
			continue
		}
		dir := filepath.Join(s.dir, shard.Name())
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || info.IsDir() {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if strings.HasPrefix(e.Name(), tempPrefix) {
				if now.Sub(info.ModTime()) > staleTemp {
					_ = os.Remove(p)
				}
				continue
			}
			files = append(files, file{p, info.Size(), info.ModTime()})
			total += info.Size()
		}
	}
	if total <= s.maxSize {
		return nil
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mtime.Equal(files[j].mtime) {
			return files[i].mtime.Before(files[j].mtime)
		}
		return files[i].path < files[j].path
	})
	target := s.maxSize / 10 * 9
	for _, f := range files {
		if total <= target {
			break
		}
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return s.fail(fmt.Errorf("cannot trim the cache in %s: %w", filepath.Dir(s.dir), err))
		}
		total -= f.size
	}
	return nil
}
