package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// sources records the policy files an engine is compiled from, as they
// were read, so that its Digest covers exactly what was compiled.
type sources struct {
	mu    sync.Mutex
	files map[string][]byte
}

// read returns fsys with every file read from it recorded under prefix
// and its name.
func (s *sources) read(fsys fs.FS, prefix string) fs.FS {
	return recorded{FS: fsys, prefix: prefix, to: s}
}

type recorded struct {
	fs.FS
	prefix string
	to     *sources
}

// ReadFile is what fs.ReadFile calls: it reads through the wrapped
// folder's own ReadFile, when it has one, and records what it read.
func (r recorded) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(r.FS, name)
	if err != nil {
		return nil, err
	}
	r.to.mu.Lock()
	defer r.to.mu.Unlock()
	if r.to.files == nil {
		r.to.files = map[string][]byte{}
	}
	r.to.files[r.prefix+name] = data
	return data, nil
}

// digest is a SHA-256 of every policy file read, by name, and of the
// vocabularies as the policies read them: what a plan's verdicts depend
// on besides the plan, the run's date and settings, and plancheck's own
// code.
func (s *sources) digest(vocab map[string]any) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.files))
	for name := range s.files {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	field := func(b []byte) {
		h.Write(binary.AppendUvarint(nil, uint64(len(b))))
		h.Write(b)
	}
	for _, name := range names {
		field([]byte(name))
		field(s.files[name])
	}
	// encoding/json writes a map's keys sorted: the same words give the
	// same bytes.
	v, err := json.Marshal(vocab)
	if err != nil {
		return "", fmt.Errorf("digesting the vocabulary: %w", err)
	}
	field([]byte("vocabulary"))
	field(v)
	return hex.EncodeToString(h.Sum(nil)), nil
}
