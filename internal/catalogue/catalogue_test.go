package catalogue

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/check"
)

func parse(t *testing.T, files map[string]string) map[string]*ast.Module {
	t.Helper()
	out := map[string]*ast.Module{}
	for name, src := range files {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = m
	}
	return out
}

const good = `# METADATA
# title: A title
# description: A summary.
# custom:
#   id: x-good
#   framework: local
#   severity: should
#   source: {document: D, section: S, url: https://example.org, quote: Q}
#   remediation: Do it.
#   meets: [a is given]
#   example: "a: 1"
package plancheck.rules["x-good"]

findings contains 1 if false
`

const entrypoint = `# METADATA
# title: catalogue
# custom:
#   catalogue_version: 7
#   frameworks:
#     - {id: other, title: Other framework, citation: "Other, 2020"}
#     - {id: local, title: Local framework}
package plancheck.main
`

func TestFromModulesReadsMetadata(t *testing.T) {
	format := strings.NewReplacer("id: x-good", "id: x-format\n#   kind: format", `rules["x-good"]`, `rules["x-format"]`).Replace(good)
	c, err := FromModules(parse(t, map[string]string{
		"good.rego": good, "format.rego": format, "main.rego": entrypoint, "lib.rego": "package plancheck.lib\nx := 1\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	e, ok := c.Lookup("x-good")
	if !ok || e.Title != "A title" || e.Summary != "A summary." || e.Severity != check.Should || e.Kind != check.Recommendation ||
		e.Source.URL != "https://example.org" || e.Meets[0] != "a is given" || e.File != "good.rego" {
		t.Errorf("entry %+v", e)
	}
	if f, ok := c.Lookup("x-format"); !ok || f.Kind != check.Format {
		t.Errorf("format rule %+v", f)
	}
	if c.Version != 7 {
		t.Errorf("version %d", c.Version)
	}
	if got := c.Framework("local"); got.Title != "Local framework" {
		t.Errorf("framework %+v", got)
	}
	if len(c.Frameworks) != 2 || c.Frameworks[0].ID != "other" || c.Frameworks[0].Citation != "Other, 2020" {
		t.Errorf("frameworks %+v", c.Frameworks)
	}
}

func TestCatalogueMetadataProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{strings.Replace(entrypoint, "#   catalogue_version: 7\n", "", 1), "main.rego:1: METADATA lacks custom.catalogue_version"},
		{strings.Replace(entrypoint, "title: Local framework", "title: \"\\e[2J\"", 1), "frameworks[1] holds a control character"},
		{strings.Replace(entrypoint, "id: local, ", "", 1), "frameworks[1] needs an id"},
	} {
		_, err := FromModules(parse(t, map[string]string{"main.rego": c.src, "good.rego": good}))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
	kind := strings.Replace(good, "id: x-good", "id: x-good\n#   kind: linter", 1)
	if _, err := FromModules(parse(t, map[string]string{"k.rego": kind})); err == nil || !strings.Contains(err.Error(), `kind "linter" is neither recommendation nor format`) {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestFromModulesReportsEveryProblem(t *testing.T) {
	bad := strings.NewReplacer("id: x-good", "id: x-other", "severity: should", "severity: high", "#   remediation: Do it.\n", "").Replace(good)
	noMeta := "package plancheck.rules[\"x-bare\"]\nfindings := set()\n"
	nested := "# METADATA\n# title: t\npackage plancheck.rules.x.y\n"
	_, err := FromModules(parse(t, map[string]string{"bad.rego": bad, "bare.rego": noMeta, "nested.rego": nested}))
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		"bad.rego:1: METADATA lacks custom.remediation",
		`severity "high" is neither must nor should`,
		"bare.rego:1: package data.plancheck.rules[\"x-bare\"] has no METADATA block",
		"nested.rego:3: a recommendation's package is data.plancheck.rules[\"<id>\"]",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	escaped := strings.Replace(good, "title: A title", `title: "A \e[2Jtitle"`, 1)
	if _, err := FromModules(parse(t, map[string]string{"e.rego": escaped})); err == nil || !strings.Contains(err.Error(), "title holds a control character") {
		t.Errorf("a control character in METADATA: %v", err)
	}
	_, err = FromModules(parse(t, map[string]string{"a.rego": strings.Replace(good, "id: x-good", "id: x-else", 1)}))
	if err == nil || !strings.Contains(err.Error(), `METADATA id "x-else" differs from the package key "x-good"`) {
		t.Errorf("id mismatch: %v", err)
	}
}

func TestFromModulesReadsChanges(t *testing.T) {
	changed := strings.Replace(good, "#   example:", "#   changes:\n#     - {version: 3, what: reads dates differently}\n#     - {version: 7, what: \"reads types, too\"}\n#   example:", 1)
	c, err := FromModules(parse(t, map[string]string{"good.rego": changed, "main.rego": entrypoint}))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := c.Lookup("x-good")
	want := []check.Change{{Version: 3, What: "reads dates differently"}, {Version: 7, What: "reads types, too"}}
	if len(r.Changes) != 2 || r.Changes[0] != want[0] || r.Changes[1] != want[1] {
		t.Fatalf("changes %+v", r.Changes)
	}
	for _, c := range []struct {
		from, to int
		want     int
	}{{1, 7, 2}, {3, 7, 1}, {7, 3, 1}, {2, 3, 1}, {3, 6, 0}, {7, 7, 0}, {1, 2, 0}} {
		if got := len(r.ChangedBetween(c.from, c.to)); got != c.want {
			t.Errorf("ChangedBetween(%d, %d) holds %d changes, want %d", c.from, c.to, got, c.want)
		}
	}
}

func TestChangesProblems(t *testing.T) {
	with := func(changes string) string {
		return strings.Replace(good, "#   example:", "#   changes:\n"+changes+"#   example:", 1)
	}
	for _, c := range []struct{ changes, want string }{
		{"#     - {version: 1, what: first}\n", "custom.changes[0] needs a version (a whole number from 2)"},
		{"#     - {version: 2}\n", "custom.changes[0] needs a version (a whole number from 2) and what changed"},
		{"#     - {version: two, what: x}\n", "custom.changes[0] needs a version"},
		{"#     - {version: 3, what: x}\n#     - {version: 2, what: y}\n", "custom.changes[1] is of an earlier version than the change before it"},
		{"#     - {version: 8, what: x}\n", "good.rego: METADATA custom.changes[0] is of version 8, after the catalogue's version 7"},
		{"#     - {version: 2, what: \"a \\e[2J\"}\n", "custom.changes holds a control character"},
	} {
		_, err := FromModules(parse(t, map[string]string{"good.rego": with(c.changes), "main.rego": entrypoint}))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: want %q, got %v", c.changes, c.want, err)
		}
	}
	if _, err := FromModules(parse(t, map[string]string{"good.rego": strings.Replace(good, "#   example:", "#   changes: {version: 2}\n#   example:", 1)})); err == nil ||
		!strings.Contains(err.Error(), "custom.changes must be a list of {version, what}") {
		t.Errorf("changes that are not a list: %v", err)
	}
}
