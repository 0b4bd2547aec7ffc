package policies_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/policies"
)

type specEntry struct{ id, title, framework, severity string }

// readSpec reads the catalogue tables of spec/recommendations.md.
func readSpec(t *testing.T) map[string]specEntry {
	t.Helper()
	data, err := os.ReadFile("../spec/recommendations.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("^## Framework `([a-z-]+)`")
	row := regexp.MustCompile("^\\| `([a-z-]+)` \\| ([^|]+) \\| (must|should)\\b")
	out := map[string]specEntry{}
	framework := ""
	for _, line := range strings.Split(string(data), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			framework = m[1]
		}
		if m := row.FindStringSubmatch(line); m != nil {
			out[m[1]] = specEntry{m[1], strings.TrimSpace(m[2]), framework, m[3]}
		}
	}
	if len(out) == 0 {
		t.Fatal("read no recommendations from the spec")
	}
	return out
}

func load(t *testing.T) *check.Catalogue {
	t.Helper()
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.FromModules(modules)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCatalogueMatchesSpec checks that every recommendation of the spec
// exists with the same id, title, framework and severity, and no other.
func TestCatalogueMatchesSpec(t *testing.T) {
	spec := readSpec(t)
	c := load(t)
	for _, e := range c.OfKind(check.Recommendation) {
		s, ok := spec[e.ID]
		if !ok {
			t.Errorf("%s (%s) is not in the spec", e.ID, e.File)
			continue
		}
		got := specEntry{e.ID, e.Title, e.Framework, string(e.Severity)}
		if got != s {
			t.Errorf("%s: metadata %+v, spec %+v", e.ID, got, s)
		}
		delete(spec, e.ID)
	}
	for id := range spec {
		t.Errorf("%s is in the spec but has no policy", id)
	}
}

// TestQuotesAreVerbatim checks that each rule's source.quote appears word
// for word in a document under spec/sources/.
func TestQuotesAreVerbatim(t *testing.T) {
	files, err := filepath.Glob("../spec/sources/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	var sources [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, data)
	}
	for _, e := range load(t).OfKind(check.Recommendation) {
		if e.Source.Quote == "" {
			t.Errorf("%s has no source.quote", e.ID)
			continue
		}
		found := false
		for _, s := range sources {
			if bytes.Contains(s, []byte(e.Source.Quote)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: quote is not word for word in spec/sources: %q", e.ID, e.Source.Quote)
		}
	}
}

// TestSpecCopyIsCurrent keeps the project's copy of the contract equal to
// the shared one, where the shared one is at hand.
func TestSpecCopyIsCurrent(t *testing.T) {
	shared := "../../shared/spec"
	if _, err := os.Stat(shared); err != nil {
		t.Skip("the shared spec is not beside this checkout")
	}
	err := filepath.WalkDir(shared, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(shared, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join("../spec", rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("spec/%s differs from the shared spec: copy it again", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
