// Package resultcache keeps what checking a plan gave in a cache.Store,
// so that a run over unchanged plans (a pre-commit hook, CI on every push)
// reads and hashes each plan instead of parsing and evaluating it.
//
// A result is kept under a key that covers everything it depends on: the
// plan's bytes and syntax, the build of plancheck (its Go code judges
// plans as much as the policies do), the policies and vocabularies (the
// engine's digest), the run date, the loader's limits, and whether and
// where evidence files are looked for. The file's name is not in the key:
// the same bytes under another name in the same folder give the same
// results, and the name is set on the way out. The existence of the
// evidence files a plan cites is known only once it is parsed, so an
// entry lists the files looked for with whether each was there, and Get
// looks again: any difference is a miss.
//
// Results are kept without what their rule says of itself (title,
// remediation, source), which the catalogue gives back on the way out,
// and before the run's selection (--only, --skip) is applied, so that
// another selection over the same plans is still a hit.
package resultcache

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
)

// codecVersion is the version of the key and of the encoding below: a
// change to either changes it, so that no entry is read the wrong way
// (a new build changes every key anyway; this keeps tests honest).
const codecVersion = 1

// Cache keeps the results of checking plans.
type Cache struct {
	Store *cache.Store
	// Build identifies the build of plancheck: results computed by other
	// code are not these.
	Build string
	// Policies is the engine's digest of its policies and vocabularies.
	Policies string
	// Catalogue is the engine's: results are rebuilt from its rules.
	Catalogue *check.Catalogue
}

// Input is what a plan's results depend on, besides the Cache's own
// fields and the evidence files the plan turns out to cite.
type Input struct {
	// Data is the plan's bytes as read, and Syntax how they are parsed.
	Data   []byte
	Syntax plan.Syntax
	Today  string
	Limits loader.Limits
	// Evidence says whether and where evidence files are looked for; its
	// Exists function is not part of the key.
	Evidence planschema.Evidence
}

// Outcome is what checking a plan gave: its report, or the reason it is
// not a plan, with the evidence files looked for.
type Outcome struct {
	// Plan is the plan's report before the run's selection, its File
	// unset; nil when the file is not a plan.
	Plan *report.Plan
	// NotAPlan says why the file is not a plan.
	NotAPlan string
	// Evidence lists the evidence files looked for, in the order they were
	// first looked for, with whether each was there.
	Evidence []Looked
}

// Looked is one evidence file looked for: its name as the plan's checks
// gave it to Exists, and whether it was there.
type Looked struct {
	Name   string
	Exists bool
}

// Key is the key of a plan's outcome.
func (c *Cache) Key(in Input) cache.Key {
	k := keyHash{h: sha256.New()}
	k.str("plancheck results")
	k.num(codecVersion)
	k.str(c.Build)
	k.str(c.Policies)
	k.str(in.Today)
	k.str(string(in.Syntax))
	k.num(in.Limits.MaxFileSize)
	k.num(int64(in.Limits.MaxDepth))
	k.num(int64(in.Limits.MaxNodes))
	if in.Evidence.Checked {
		k.str("evidence looked for in")
		k.str(in.Evidence.Root)
	} else {
		k.str("evidence not looked for")
	}
	k.num(int64(len(in.Data)))
	k.h.Write(in.Data)
	var key cache.Key
	k.h.Sum(key[:0])
	return key
}

// keyHash writes each field with its length, so that no two inputs run
// together into the same bytes.
type keyHash struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
}

func (k *keyHash) num(n int64) {
	k.h.Write(binary.AppendVarint(k.buf[:0], n))
}

func (k *keyHash) str(s string) {
	k.num(int64(len(s)))
	_, _ = io.WriteString(k.h, s)
}

// Get returns the outcome kept under key when it holds: when every
// evidence file it lists is there, or not, as it was. exists looks, as
// the run's checks would (nil when evidence is not looked for). Anything
// wrong with an entry is a miss.
func (c *Cache) Get(key cache.Key, exists func(string) bool) (Outcome, bool) {
	data, ok := c.Store.Get(key)
	if !ok {
		return Outcome{}, false
	}
	o, err := decode(data, c.Catalogue)
	if err != nil {
		return Outcome{}, false
	}
	for _, l := range o.Evidence {
		if exists == nil || exists(l.Name) != l.Exists {
			return Outcome{}, false
		}
	}
	return o, true
}

// Put keeps an outcome under key. A failure is kept by the store, to be
// said once at the end of the run; it never fails the check.
func (c *Cache) Put(key cache.Key, o Outcome) {
	_ = c.Store.Put(key, encode(o))
}

// Recorder notes the evidence files a plan's checks look for, and what
// they found.
type Recorder struct {
	exists func(string) bool
	looked []Looked
	seen   map[string]bool
}

// Record returns a Recorder that looks through exists.
func Record(exists func(string) bool) *Recorder {
	return &Recorder{exists: exists, seen: map[string]bool{}}
}

// Exists looks for a file, as the checks' Exists function, and notes it.
func (r *Recorder) Exists(name string) bool {
	ok := r.exists(name)
	if !r.seen[name] {
		r.seen[name] = true
		r.looked = append(r.looked, Looked{Name: name, Exists: ok})
	}
	return ok
}

// Looked lists the files looked for. A nil Recorder looked for none.
func (r *Recorder) Looked() []Looked {
	if r == nil {
		return nil
	}
	return r.looked
}
