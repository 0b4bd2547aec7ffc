package cli

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/resultcache"
)

// resultCache opens the cache a lint run keeps results in, or returns nil
// when it is off: --no-cache, or no folder to keep it in (no cache folder
// in the environment, as in the tests, which give none unless they mean
// to). It writes nothing yet.
func resultCache(stdio IO, cfg *config, eng *engine.Engine) (*resultcache.Cache, error) {
	off, err := cfg.boolean("no_cache")
	if err != nil || off {
		return nil, err
	}
	maxSize, err := parseSize(cfg.str("cache_max_size"))
	if err != nil {
		return nil, usageError("cache-max-size: %v", err)
	}
	dir := cfg.str("cache_dir")
	if dir == "" {
		base := userCacheDir(stdio.getenv)
		if base == "" {
			return nil, nil
		}
		dir = filepath.Join(base, "plancheck")
	} else {
		dir = stdio.path(dir)
	}
	build := stdio.Build
	if build == "" {
		if build, err = executableID(); err != nil {
			// Results from an unknown build cannot be told from another's:
			// the run goes on without the cache.
			return nil, fmt.Errorf("the cache is off: cannot tell which build of plancheck this is: %w", err)
		}
	}
	return &resultcache.Cache{
		Store:     cache.Open(dir, maxSize),
		Build:     version + " " + build,
		Policies:  eng.Digest(),
		Catalogue: eng.Catalogue(),
	}, nil
}

// userCacheDir is the user's cache folder as os.UserCacheDir finds it, but
// from the command's environment rather than the process's, so that
// tests that give none use none; "" when there is none.
func userCacheDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("LocalAppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, "Library", "Caches")
		}
	case "plan9":
		if home := getenv("home"); home != "" {
			return filepath.Join(home, "lib", "cache")
		}
	default:
		// The XDG base directory specification ignores a relative path.
		if dir := getenv("XDG_CACHE_HOME"); dir != "" {
			if filepath.IsAbs(dir) {
				return dir
			}
			return ""
		}
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, ".cache")
		}
	}
	return ""
}

// executableID identifies the running build of plancheck for the cache's
// keys: the Go build ID the linker writes into every binary, a hash of
// the build's inputs (every source file, embedded policies included, the
// toolchain and the flags) and of its output, so that a binary built from
// a changed working tree has another. It is read from the binary's ELF
// note, or from the start of other binaries, where the linker puts it; a
// binary that has none (built with -buildid=) is hashed whole.
func executableID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id, ok := elfBuildID(exe); ok {
		return "go:" + id, nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	if id, ok := rawBuildID(head[:n]); ok {
		return "go:" + id, nil
	}
	h := sha256.New()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// elfBuildID reads the Go build ID from an ELF binary's .note.go.buildid
// section: a note named "Go" of type 4.
func elfBuildID(exe string) (string, bool) {
	f, err := elf.Open(exe)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return "", false
	}
	data, err := sec.Data()
	if err != nil || len(data) < 16 {
		return "", false
	}
	order := f.ByteOrder
	nameSize, descSize, kind := order.Uint32(data), order.Uint32(data[4:]), order.Uint32(data[8:])
	const goBuildIDNote = 4
	if nameSize != 4 || kind != goBuildIDNote || string(data[12:16]) != "Go\x00\x00" || uint64(len(data)) < 16+uint64(descSize) {
		return "", false
	}
	id := string(data[16 : 16+descSize])
	return id, id != ""
}

// rawBuildID finds the build ID the linker writes at the start of the
// text of binaries other than ELF: \xff Go build ID: "ID"\n \xff.
func rawBuildID(head []byte) (string, bool) {
	prefix, suffix := []byte("\xff Go build ID: \""), []byte("\"\n \xff")
	i := bytes.Index(head, prefix)
	if i < 0 {
		return "", false
	}
	rest := head[i+len(prefix):]
	j := bytes.Index(rest, suffix)
	if j <= 0 {
		return "", false
	}
	return string(rest[:j]), true
}
