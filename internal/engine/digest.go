package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
)

// digest is a SHA-256 of every policy file compiled, by its folder and
// name, and of the vocabularies as the policies read them: what a plan's
// verdicts depend on besides the plan, the run's date and settings, and
// plancheck's own code.
func digest(files []File, vocab map[string]any) (string, error) {
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Pack != sorted[j].Pack {
			return sorted[i].Pack < sorted[j].Pack
		}
		return sorted[i].Name < sorted[j].Name
	})
	h := sha256.New()
	field := func(b []byte) {
		h.Write(binary.AppendUvarint(nil, uint64(len(b))))
		h.Write(b)
	}
	for _, f := range sorted {
		// The built-in files have no folder; a custom one's is named, so
		// that no custom file can pass for a built-in one.
		if f.Pack == "" {
			field([]byte("builtin:" + f.Name))
		} else {
			field([]byte("custom:" + f.Pack + ":" + f.Name))
		}
		field(f.Src)
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
