// Package atomicfile writes a file so that readers see either the old file
// or the whole new one, never a part: it writes a temporary file beside
// the target and renames it into place.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is a file being written. Call Commit to put it in place, or Abort
// to throw it away; Abort after Commit does nothing.
type File struct {
	*os.File
	target string
	done   bool
}

// Create starts writing path.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &File{File: f, target: path}, nil
}

// Commit flushes the file to disk and renames it over the target.
func (f *File) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	if err := f.Sync(); err != nil {
		f.File.Close()
		os.Remove(f.Name())
		return fmt.Errorf("cannot write %s: %w", f.target, err)
	}
	if err := f.File.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write %s: %w", f.target, err)
	}
	// CreateTemp makes the file private; a report is as readable as any
	// other file the user writes.
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write %s: %w", f.target, err)
	}
	if err := os.Rename(f.Name(), f.target); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write %s: %w", f.target, err)
	}
	return nil
}

// Abort removes the temporary file and leaves the target as it was.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.Name())
}
