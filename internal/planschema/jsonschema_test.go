package planschema

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"sort"
	"strconv"
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

// refused lists, sorted, the dotted paths where a schema validation failed.
func refused(err error) string {
	var paths []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			p := ""
			for _, seg := range e.InstanceLocation {
				if _, isIndex := strconv.Atoi(seg); isIndex == nil {
					p += "[" + seg + "]"
				} else {
					p = plan.JoinPath(p, seg)
				}
			}
			paths = append(paths, p)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	if ve, ok := err.(*jsonschema.ValidationError); ok {
		walk(ve)
	}
	sort.Strings(paths)
	return strings.Join(paths, " ")
}

// respelt lists, sorted, the paths where the checks advise writing a
// closed list's value in its listed form.
func respelt(doc *plan.Document) string {
	var paths []string
	for _, f := range Check(doc, Run{}, ids).Findings {
		if f.Level == check.Advice && strings.Contains(f.Message, "the listed form") {
			paths = append(paths, f.Path)
		}
	}
	sort.Strings(paths)
	return strings.Join(paths, " ")
}

func mustFindings(doc *plan.Document) []string {
	var out []string
	for _, f := range Check(doc, Run{}, ids).Findings {
		if f.Level == check.Miss {
			out = append(out, f.Path+": "+f.Message)
		}
	}
	return out
}

// TestSchemaAgreesWithTheChecks validates plans with a real JSON Schema
// library: a plan is valid exactly when the plan-format checks find
// nothing that must be fixed, but for what a JSON Schema cannot say (see
// JSONSchema), each tested here on its own: misspelt keys, waivers that
// name an id outside the catalogue or one that cannot be waived, and a
// period that ends before it starts, which the schema accepts and the
// checks miss; and closed-list values in another form than the listed
// one, which the schema rejects and the checks read, with advice to write
// the listed form. Evidence files are not looked for here: a JSON Schema
// sees one file.
func TestSchemaAgreesWithTheChecks(t *testing.T) {
	s := compileSchema(t)
	parse := func(name, text string) *plan.Document {
		doc, err := loader.Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return doc
	}
	validate := func(name string, doc *plan.Document) {
		err := s.Validate(asJSON(doc.Root))
		must := mustFindings(doc)
		if err != nil && len(must) == 0 {
			// The schema keeps only the listed forms of closed lists; the
			// checks read another spelling with advice to write the listed
			// one. Those must be exactly the places the schema refuses.
			if got, want := refused(err), respelt(doc); got != want {
				t.Errorf("%s: the schema refuses %s, the checks advise respelling %s", name, got, want)
			}
			return
		}
		if (err == nil) != (len(must) == 0) {
			t.Errorf("%s: schema says %v, the checks say %v", name, err, must)
		}
	}
	files, _ := filepath.Glob("../../fixtures/plans/*")
	valid := 0
	for _, f := range files {
		if _, ok := loader.SyntaxOf(f); !ok {
			continue // the example plan's evidence
		}
		doc, err := loader.Loader{}.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(asJSON(doc.Root)) == nil {
			valid++
		}
		validate(filepath.Base(f), doc)
	}
	if valid < 3 {
		t.Errorf("%d fixtures valid, want at least the three copies of the example plan", valid)
	}
	cases := map[string]string{
		"minimal":              minimal,
		"null optional":        minimal + "governance: {owner: ~, board: {meets: ~}}\n",
		"unknown key":          minimal + "budget: 3\n",
		"key near a present":   minimal + "governance: {}\ngovernence: {}\n",
		"missing title":        strings.Replace(minimal, "  title: T\n", "", 1),
		"blank title":          strings.Replace(minimal, "title: T", `title: " "`, 1),
		"wrong version":        strings.Replace(minimal, "plancheck: 1", "plancheck: 2", 1),
		"period as text":       strings.Replace(minimal, "period: {start: 2026-04-01, end: 2029-03-31}", "period: soon", 1),
		"not a calendar day":   strings.Replace(minimal, "start: 2026-04-01", "start: 2026-02-30", 1),
		"year 0":               strings.Replace(minimal, "start: 2026-04-01", `start: "0000-04-01"`, 1),
		"first and last days":  strings.Replace(strings.Replace(minimal, "2026-04-01", "0001-01-01", 1), "2029-03-31", "9999-12-31", 1),
		"datetime for a date":  strings.Replace(minimal, "start: 2026-04-01", "start: 2026-04-01T10:00:00Z", 1),
		"enum typo":            minimal + "governance: {board: {meets: montly}}\n",
		"new enum values":      minimal + "governance: {board: {meets: six_weekly}}\nfunding: {sources: [{name: a, amount_gbp: 1, status: bid}]}\n",
		"source status typo":   minimal + "funding: {sources: [{status: secure}]}\n",
		"fraction":             minimal + "patients: {user_research: {participants: 12.5}}\n",
		"text for a boolean":   minimal + "foundations_first: \"yes\"\n",
		"list for a mapping":   minimal + "governance: {owner: [a, b]}\n",
		"waiver without a why": minimal + "waivers: [{recommendation: wg-data-trust, approved_by: b, expires: 2027-01-01}]\n",
		"waiver not a date":    minimal + "waivers: [{recommendation: wg-data-trust, reason: r, approved_by: b, expires: soon}]\n",
		"complete waiver":      minimal + "waivers: [{recommendation: wg-data-trust, reason: r, approved_by: b, expires: 2027-01-01}]\n",
		"approved after today": minimal + "  approved: {by: b, date: 2099-01-01}\n",
		"unlisted token":       minimal + "interoperability: {standards: [FHIR UK Core, dicom]}\n",
		"evidence file":        minimal + "data: {dpia: {reference: docs/nowhere.pdf}}\n",
	}
	for name, text := range cases {
		validate(name, parse(name, text))
	}
	checksAlone := map[string]string{
		"misspelt key":             minimal + "goverance: {owner: {name: A}}\n",
		"misspelt key in a list":   minimal + "objectives: [{metirc: m}]\n",
		"waiver for an unknown id": minimal + "waivers: [{recommendation: wg-nope, reason: r, approved_by: b, expires: 2027-01-01}]\n",
		"waiver for plan-format":   minimal + "waivers: [{recommendation: plan-format, reason: r, approved_by: b, expires: 2027-01-01}]\n",
		"period backwards":         strings.Replace(minimal, "end: 2029-03-31", "end: 2025-03-31", 1),
	}
	for name, text := range checksAlone {
		doc := parse(name, text)
		if err := s.Validate(asJSON(doc.Root)); err != nil || len(mustFindings(doc)) == 0 {
			t.Errorf("%s: the schema should accept it (%v) and the checks miss it (%v)", name, err, mustFindings(doc))
		}
	}
	listedForm := map[string]string{
		"another case":  minimal + "governance: {board: {meets: Monthly}}\n",
		"a hyphen":      minimal + "governance: {board: {meets: bi-monthly}}\n",
		"a space":       strings.Replace(minimal, "{name: N}", "{name: N, type: local authority}", 1),
		"source status": minimal + "funding: {sources: [{status: Secured}]}\n",
	}
	for name, text := range listedForm {
		doc := parse(name, text)
		res := Check(doc, Run{}, ids)
		advice := len(res.Findings) == 1 && res.Findings[0].Level == check.Advice && strings.Contains(res.Findings[0].Message, "the listed form")
		if err := s.Validate(asJSON(doc.Root)); err == nil || !advice {
			t.Errorf("%s: the schema should reject it (%v) and the checks advise the listed form (%v)", name, err, res.Findings)
		}
	}
}

// TestTemplateFollowsTheFormat checks that `plancheck init` writes a plan
// that passes the plan-format checks and the schema, and that names every
// field of the format.
func TestTemplateFollowsTheFormat(t *testing.T) {
	text := Template("trust", "2026-11-21", true)
	if !strings.HasPrefix(text, "# yaml-language-server: $schema="+SchemaFile+"\n") {
		t.Error("the template does not point editors at the schema")
	}
	// Printed, with no schema beside it, it points at nothing.
	if printed := Template("trust", "2026-11-21", false); strings.Contains(printed, "yaml-language-server") || !strings.Contains(printed, "`plancheck schema > "+SchemaFile+"`") {
		t.Errorf("the printed template's head:\n%.300s", printed)
	}
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("plan.yaml", []byte(text))
	if err != nil {
		t.Fatalf("the template does not parse: %v", err)
	}
	if got := Check(doc, Run{Today: "2026-11-21"}, ids); len(got.Findings) != 0 {
		t.Errorf("the template has plan-format findings: %v", got.Findings)
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
