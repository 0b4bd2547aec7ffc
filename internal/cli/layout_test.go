package cli

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/plancheck/plancheck"

// TestCoreKnowsNoEngine holds the layout CONTRIBUTING.md describes: the
// report and its formats import no OPA package, through any of the
// project's packages, and name no rule of the catalogue (plan-format
// included): what they know of rules comes from the catalogue.
func TestCoreKnowsNoEngine(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	var walk func(pkg, from string)
	walk = func(pkg, from string) {
		if seen[pkg] {
			return
		}
		seen[pkg] = true
		dir := filepath.Join(root, strings.TrimPrefix(pkg, module+"/"))
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files in %s", pkg, dir)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				switch {
				case strings.Contains(path, "open-policy-agent"):
					t.Errorf("%s imports %s (reached from %s)", pkg, path, from)
				case strings.HasPrefix(path, module+"/"):
					walk(path, pkg)
				}
			}
		}
	}
	ids := catalogue(t).IDs()
	for _, pkg := range []string{"internal/render", "internal/report"} {
		walk(module+"/"+pkg, pkg)
		err := filepath.WalkDir(filepath.Join(root, pkg), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			// No file names plan-format, tests included; no code or
			// template names any other rule (tests may use one as data).
			for _, id := range ids {
				if (id == "plan-format" || !strings.HasSuffix(path, "_test.go")) && strings.Contains(string(data), id) {
					t.Errorf("%s names %s: take the rule from the catalogue", path, id)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) < 3 {
		t.Errorf("walked only %v", seen)
	}
}
