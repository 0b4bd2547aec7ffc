// Package atomicfile writes files so that readers see either the old file
// or the whole new one, never a part: each file is written to a temporary
// file beside it, and a Group of files is renamed into place in one quick
// final step, all of them or none.
//
// Only regular files (and paths where nothing is yet) are replaced that
// way. A symbolic link is followed and its target replaced, in the
// target's folder, so that the link stays a link. A device, a FIFO, a
// socket, or a path such as /dev/stdout that names a descriptor the
// process holds is written straight through: there is nothing to rename,
// and renaming over it would destroy it.
package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

// ErrAborted is returned by Commit and Create once the group was aborted.
var ErrAborted = errors.New("aborted")

// ErrFolder is returned for a path that names a folder.
var ErrFolder = errors.New("is a folder")

// newFileMode is the mode of a file that did not exist: as readable as
// any other file a user writes, whatever the umask.
const newFileMode fs.FileMode = 0o644

// maxLinks bounds a chain of symbolic links, as Linux's MAXSYMLINKS does.
const maxLinks = 40

// maxTempBase is how much of the target's name its temporary file's name
// keeps: "." + base + "." + up to 10 digits + ".tmp" then stays far below
// the 255 bytes a file name may have.
const maxTempBase = 100

// Group is a set of files written together. Create adds a file; Commit
// puts every file in place; Abort throws them all away. Abort may be
// called from any goroutine at any time (a signal handler's, say): before
// Commit has begun its renames it removes every temporary file and Commit
// then fails with ErrAborted; once the renames have begun it waits for
// them and does nothing. The zero Group is ready to use; a Group is used
// for one set of files.
type Group struct {
	mu    sync.Mutex
	files []*File
	state state
}

type state int

const (
	open state = iota
	// committing: Commit is flushing the files; Abort still stops it.
	committing
	// committed: Commit has begun its renames.
	committed
	aborted
)

// File is one file of a Group, being written.
type File struct {
	f *os.File
	// name is the path as given to Create: errors name it, never the
	// temporary file.
	name string
	// target is the file replaced: name with the symbolic links of its
	// last element followed.
	target string
	// tmp is the temporary file, renamed over target on Commit; "" when
	// the file is written straight through.
	tmp string
}

// Create starts writing path: a temporary file beside path's target, or,
// for a device, a FIFO or a descriptor, path itself, opened for writing.
// A folder is refused with ErrFolder.
func (g *Group) Create(path string) (*File, error) {
	target, inPlace, err := resolve(path)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	file := &File{name: path, target: target}
	if inPlace {
		// Appending, so that a file reached through /dev/stdout keeps what
		// the shell or the process already wrote there; devices and FIFOs
		// ignore it. Opening a FIFO waits for a reader, as a shell's > does.
		file.f, err = os.OpenFile(target, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, bare(err))
		}
	} else {
		dir, base := split(target)
		file.f, err = os.CreateTemp(dir, "."+shorten(base)+".*.tmp")
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: cannot create a file in %s: %w", path, dir, bare(err))
		}
		file.tmp = file.f.Name()
	}
	// The file is opened without the lock, since opening a FIFO can wait
	// for as long as it has no reader, and Abort must not wait for that.
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.state != open {
		file.discard()
		return nil, fmt.Errorf("cannot write %s: %w", path, ErrAborted)
	}
	g.files = append(g.files, file)
	return file, nil
}

// Write writes to the file; an error names the file as it was given.
func (f *File) Write(p []byte) (int, error) {
	n, err := f.f.Write(p)
	if err != nil {
		err = &fs.PathError{Op: "write", Path: f.name, Err: bare(err)}
	}
	return n, err
}

// Commit puts every file in place. The slow part comes first: each
// temporary file is flushed to disk, closed and given its mode (the old
// file's, or 0644 for a new file). Then, unless ctx is done or the group
// was aborted, every temporary file is renamed over its target, one after
// the other with nothing between them. When ctx is done or the group was
// aborted before the renames, every temporary file is removed, every
// target is left as it was, and Commit returns ctx's error or ErrAborted.
// When a rename fails, the files not yet renamed are removed and the error
// names the file that failed; those renamed before it stay new.
func (g *Group) Commit(ctx context.Context) error {
	g.mu.Lock()
	if g.state != open {
		st := g.state
		g.mu.Unlock()
		if st == aborted {
			return ErrAborted
		}
		return errors.New("atomicfile: Commit called twice")
	}
	if err := ctx.Err(); err != nil {
		g.discardLocked()
		g.mu.Unlock()
		return err
	}
	// From here Create refuses new files, so files is the whole set.
	g.state = committing
	files := g.files
	g.mu.Unlock()

	// Abort may run meanwhile: it closes and removes the files, and the
	// state checked below tells that it did.
	var firstErr error
	for _, f := range files {
		if err := f.finish(); err != nil && firstErr == nil {
			firstErr = err
		}
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.state == aborted:
		return ErrAborted
	case firstErr != nil:
		g.discardLocked()
		return firstErr
	case ctx.Err() != nil:
		g.discardLocked()
		return ctx.Err()
	}
	// The commit point: from here on every rename is done, and Abort
	// waits for them.
	g.state = committed
	for i, f := range files {
		if f.tmp == "" {
			continue
		}
		if err := os.Rename(f.tmp, f.target); err != nil {
			for _, rest := range files[i:] {
				rest.discard()
			}
			return fmt.Errorf("cannot write %s: %w", f.name, bare(err))
		}
	}
	return nil
}

// finish flushes, gives its mode to and closes one file before the
// renames.
func (f *File) finish() error {
	if f.tmp == "" {
		// Written straight through: a device or a FIFO has nothing to
		// flush (and refuses fsync), and closing is all there is.
		if err := f.f.Close(); err != nil {
			return fmt.Errorf("cannot write %s: %w", f.name, bare(err))
		}
		return nil
	}
	mode := newFileMode
	if info, err := os.Stat(f.target); err == nil && info.Mode().IsRegular() {
		// Replacing a file keeps who may read it: a private report stays
		// private. Only the permission bits are kept: a set-user-ID bit
		// has no business on a report.
		mode = info.Mode().Perm()
	}
	// The temporary file was created private (0600); it gets its mode
	// only now, once it is whole.
	// On a failed step the file is closed only to release it: the
	// step's error is the one to report.
	if err := f.f.Chmod(mode); err != nil {
		_ = f.f.Close()
		return fmt.Errorf("cannot write %s: %w", f.name, bare(err))
	}
	if err := f.f.Sync(); err != nil {
		_ = f.f.Close()
		return fmt.Errorf("cannot write %s: %w", f.name, bare(err))
	}
	if err := f.f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", f.name, bare(err))
	}
	return nil
}

// Abort throws every file away: temporary files are removed and targets
// are left as they were; what was written straight through stays written.
// It does nothing once Commit has begun its renames, but waits for them,
// so that when Abort returns the targets are all old or all new. It may be
// called any number of times, from any goroutine.
func (g *Group) Abort() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.state == open || g.state == committing {
		g.discardLocked()
	}
}

func (g *Group) discardLocked() {
	g.state = aborted
	for _, f := range g.files {
		f.discard()
	}
}

// discard closes the file and removes its temporary file. A file being
// written by another goroutine is safe to close: its writes then fail.
func (f *File) discard() {
	_ = f.f.Close() // already closed when Commit got as far as finish
	if f.tmp != "" {
		_ = os.Remove(f.tmp)
	}
}

// Target is the file that Create(path) writes: path with the symbolic
// links of its last element followed. inPlace tells that it is written
// straight through (a device, a FIFO, a descriptor) rather than replaced.
// A folder is refused with ErrFolder.
func Target(path string) (target string, inPlace bool, err error) {
	return resolve(path)
}

func resolve(path string) (string, bool, error) {
	p := path
	for range maxLinks {
		if isDescriptor(p) {
			return p, true, nil
		}
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, false, nil
		case err != nil:
			return "", false, bare(err)
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return "", false, bare(err)
			}
			if !filepath.IsAbs(link) {
				// Joined without cleaning: "a/b/../c" is not "a/c" when b
				// is itself a link, and the system resolves it right.
				dir, _ := split(p)
				link = dir + string(os.PathSeparator) + link
			}
			p = link
		case info.IsDir():
			return "", false, ErrFolder
		case info.Mode().IsRegular():
			return p, false, nil
		default:
			return p, true, nil
		}
	}
	return "", false, errors.New("too many levels of symbolic links")
}

// isDescriptor tells whether p names a descriptor the process holds
// (/dev/stdout, /dev/fd/3, /proc/self/fd/1): the file behind it may be a
// pipe that has no name to rename over, or a file the shell opened for
// the process, to be written where it is.
func isDescriptor(p string) bool {
	switch p {
	case "/dev/stdin", "/dev/stdout", "/dev/stderr":
		return true
	}
	return strings.HasPrefix(p, "/dev/fd/") || strings.HasPrefix(p, "/proc/")
}

// split splits p at its last separator without cleaning it.
func split(p string) (dir, base string) {
	i := len(p) - 1
	for i >= 0 && !os.IsPathSeparator(p[i]) {
		i--
	}
	switch {
	case i < 0:
		return ".", p
	case i == 0:
		return p[:1], p[1:]
	}
	return p[:i], p[i+1:]
}

// shorten cuts a file name to at most maxTempBase bytes, at a character's
// boundary.
func shorten(base string) string {
	if len(base) <= maxTempBase {
		return base
	}
	cut := maxTempBase
	for cut > 0 && !utf8.RuneStart(base[cut]) {
		cut--
	}
	return base[:cut]
}

// bare is an error without the path it carries: the temporary file's
// name means nothing to the user, who is told the file they named.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
