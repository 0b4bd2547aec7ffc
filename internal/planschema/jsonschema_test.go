package planschema

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// asJSON turns a plan tree into the JSON value a JSON Schema validator reads.
func asJSON(n *plan.Node) any {
	switch n.Kind {
	case plan.Map:
		m := map[string]any{}
		for _, f := range n.Fields {
			m[f.Key] = asJSON(f.Value)
		}
		return m
	case plan.List:
		l := make([]any, len(n.Items))
		for i, it := range n.Items {
			l[i] = asJSON(it)
		}
		return l
	case plan.String:
		return n.Text
	case plan.Number:
		return json.Number(n.Text)
	case plan.Bool:
		return n.Text == "true"
	}
	return nil
}

func mustFindings(doc *plan.Document) []string {
	var out []string
	for _, f := range Check(doc, waivable) {
		if f.Level == check.Miss {
			out = append(out, f.Path+": "+f.Message)
		}
	}
	return out
}

// TestSchemaAgreesWithTheChecks validates plans with a real JSON Schema
// library: a plan is valid exactly when the plan-format checks find
// nothing that must be fixed.
func TestSchemaAgreesWithTheChecks(t *testing.T) {
	s := compileSchema(t)
	validate := func(name string, doc *plan.Document) {
		err := s.Validate(asJSON(doc.Root))
		must := mustFindings(doc)
		if (err == nil) != (len(must) == 0) {
			t.Errorf("%s: schema says %v, the checks say %v", name, err, must)
		}
	}
	files, _ := filepath.Glob("../../fixtures/plans/*")
	valid := 0
	for _, f := range files {
		doc, err := loader.Loader{}.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(asJSON(doc.Root)) == nil {
			valid++
		}
		validate(filepath.Base(f), doc)
	}
	if valid != 3 {
		t.Errorf("%d fixtures valid, want the three copies of the example plan", valid)
	}
	cases := map[string]string{
		"minimal":              minimal,
		"null optional":        minimal + "governance: {owner: ~, board: {meets: ~}}\n",
		"unknown key":          minimal + "budget: 3\n",
		"missing title":        strings.Replace(minimal, "  title: T\n", "", 1),
		"blank title":          strings.Replace(minimal, "title: T", `title: " "`, 1),
		"wrong version":        strings.Replace(minimal, "plancheck: 1", "plancheck: 2", 1),
		"period as text":       strings.Replace(minimal, "period: {start: 2026-04-01, end: 2029-03-31}", "period: soon", 1),
		"not a calendar day":   strings.Replace(minimal, "start: 2026-04-01", "start: 2026-02-30", 1),
		"datetime for a date":  strings.Replace(minimal, "start: 2026-04-01", "start: 2026-04-01T10:00:00Z", 1),
		"enum typo":            minimal + "governance: {board: {meets: montly}}\n",
		"fraction":             minimal + "patients: {user_research: {participants: 12.5}}\n",
		"text for a boolean":   minimal + "foundations_first: \"yes\"\n",
		"list for a mapping":   minimal + "governance: {owner: [a, b]}\n",
		"waiver without a why": minimal + "waivers: [{recommendation: x, approved_by: b, expires: 2027-01-01}]\n",
	}
	for name, text := range cases {
		doc, err := loader.Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		validate(name, doc)
	}
}

// TestTemplateFollowsTheFormat checks that `plancheck init` writes a plan
// that passes the plan-format checks and the schema, and that names every
// field of the format.
func TestTemplateFollowsTheFormat(t *testing.T) {
	text := Template("trust", "2026-11-21")
	if !strings.HasPrefix(text, "# yaml-language-server: $schema="+SchemaFile+"\n") {
		t.Error("the template does not point editors at the schema")
	}
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("plan.yaml", []byte(text))
	if err != nil {
		t.Fatalf("the template does not parse: %v", err)
	}
	if got := Check(doc, waivable); len(got) != 0 {
		t.Errorf("the template has plan-format findings: %v", got)
	}
	if err := compileSchema(t).Validate(asJSON(doc.Root)); err != nil {
		t.Errorf("the template does not follow the schema: %v", err)
	}
	if doc.Lookup("organisation.type") != "trust" || doc.Lookup("plan.period.start") != "2026-04-01" {
		t.Errorf("placeholders: type %q start %q", doc.Lookup("organisation.type"), doc.Lookup("plan.period.start"))
	}
	var walk func(f *Field, path string)
	walk = func(f *Field, path string) {
		for _, c := range f.Fields {
			if !strings.Contains(text, c.Name+":") {
				t.Errorf("the template lacks %s", plan.JoinPath(path, c.Name))
			}
			walk(c, plan.JoinPath(path, c.Name))
		}
		if f.Items != nil {
			walk(f.Items, path+"[]")
		}
	}
	walk(Schema, "")
}
