package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plancheck/plancheck/policies"
)

// TestDigestFollowsThePolicies compiles engines from the same and from
// changed policy folders: the digest is the same for the same files and
// changes with any byte of a custom policy, with a custom vocabulary, and
// with a folder's name, which messages about its files give.
func TestDigestFollowsThePolicies(t *testing.T) {
	t.Parallel()
	rego, err := os.ReadFile("../../fixtures/custom/trust/clinical_safety.rego")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	dir := filepath.Join(work, "trust")
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	digest := func(custom ...string) string {
		t.Helper()
		e, err := New(context.Background(), Options{Custom: custom})
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Digest()) != 64 {
			t.Fatalf("digest %q", e.Digest())
		}
		return e.Digest()
	}
	builtin := digest()
	if again := newEngine(t, Options{}).Digest(); again != builtin {
		t.Errorf("the built-in catalogue's digest differs between engines: %s, %s", builtin, again)
	}

	write(filepath.Join(dir, "clinical_safety.rego"), rego)
	seen := map[string]string{"built in": builtin}
	differs := func(what string, d string) {
		t.Helper()
		for other, o := range seen {
			if o == d {
				t.Errorf("%s: the digest is that of %s", what, other)
			}
		}
		seen[what] = d
	}
	withCustom := digest(dir)
	differs("a custom policy", withCustom)
	if again := digest(dir); again != withCustom {
		t.Error("the same custom policy gave another digest")
	}

	// A comment changes no verdict, but the digest is of the bytes: it
	// cannot tell, so it says they differ.
	write(filepath.Join(dir, "clinical_safety.rego"), append(append([]byte{}, rego...), "\n# changed\n"...))
	differs("a custom policy changed", digest(dir))

	write(filepath.Join(dir, "more", "other.rego"), []byte("package trust.helpers\n\nx := 1\n"))
	differs("a custom file added", digest(dir))

	write(filepath.Join(dir, policies.VocabularyFile), []byte("clinical_roles: [advanced clinical practitioner]\n"))
	differs("a custom vocabulary", digest(dir))
	write(filepath.Join(dir, policies.VocabularyFile), []byte("clinical_roles: [consultant practitioner]\n"))
	differs("a custom vocabulary changed", digest(dir))

	renamed := filepath.Join(work, "renamed")
	if err := os.Rename(dir, renamed); err != nil {
		t.Fatal(err)
	}
	differs("the folder renamed", digest(renamed))
}
