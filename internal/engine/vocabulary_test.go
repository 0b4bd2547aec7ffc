package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/policies"
)

// TestWordsAgreeWithRego checks that the engine indexes the vocabularies
// with the rule by which the policies split a plan's text (lib.words), on
// every vocabulary entry and on texts with Unicode, digits and odd
// separators.
func TestWordsAgreeWithRego(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	texts := []string{
		"Consultant Psychiatrists", "IT-consultant/clinical_lead (ccio)", "Boss's  class", " -- ", "",
		"Ärztin für Psychiatrie", "nurse–practitioner", "Nurse\u00a0Lead", "band 7 nurses", "CAFÉ ss s", "x²y", "Ⅻ roman",
	}
	for _, list := range e.Vocabulary() {
		texts = append(texts, list...)
	}
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	var opts []func(*rego.Rego)
	for _, m := range modules {
		opts = append(opts, rego.ParsedModule(m))
	}
	query, err := rego.New(append(opts, rego.Query("x := data.plancheck.lib.words(input)"))...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range texts {
		rs, err := query.Eval(context.Background(), rego.EvalParsedInput(ast.String(text)))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%q: %v %v", text, rs, err)
		}
		var got []string
		for _, w := range rs[0].Bindings["x"].([]any) {
			got = append(got, w.(string))
		}
		if want := Words(text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: Rego %q, Go %q", text, got, want)
		}
	}
}

// TestTokensAgreeWithRego checks that the policies read closed-list values
// and tokens (lib.token) as the plan format's own check does
// (planschema.Token): a value it accepts in another spelling must mean the
// same to the policies.
func TestTokensAgreeWithRego(t *testing.T) {
	t.Parallel()
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	var opts []func(*rego.Rego)
	for _, m := range modules {
		opts = append(opts, rego.ParsedModule(m))
	}
	query, err := rego.New(append(opts, rego.Query("x := data.plancheck.lib.token(input)"))...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"FHIR UK Core", "fhir-uk-core", "fhir_uk_core", "Six Weekly", "bi-monthly", "ICB", "GP Practice",
		"Standards Exceeded", "What Good Looks Like", "dm+d", "ÄRZTE_Team", " padded ", "tab\tsep", "",
	} {
		rs, err := query.Eval(context.Background(), rego.EvalParsedInput(ast.String(text)))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%q: %v %v", text, rs, err)
		}
		if got, want := rs[0].Bindings["x"], planschema.Token(text); got != want {
			t.Errorf("%q: Rego %q, Go %q", text, got, want)
		}
	}
}

func TestCustomVocabularyAddsWords(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := writeFile(dir+"/"+name, text); err != nil {
			t.Fatal(err)
		}
	}
	src := readFile(t, "../../fixtures/custom/trust/clinical_safety.rego")
	write("p.rego", src)
	write(policies.VocabularyFile, "clinical_roles: [advanced clinical practitioner]\nlocal_terms: [digital champion]\n")
	e := newEngine(t, Options{Custom: []string{dir}})
	v := e.Vocabulary()
	if !contains(v["clinical_roles"], "advanced clinical practitioner") || !contains(v["clinical_roles"], "nurse") || len(v["local_terms"]) != 1 {
		t.Errorf("merged vocabulary: %v / %v", v["clinical_roles"], v["local_terms"])
	}
	if v := newEngine(t, Options{}).Vocabulary(); contains(v["clinical_roles"], "advanced clinical practitioner") {
		t.Error("a custom folder's words reached the built-in catalogue")
	}
	write(policies.VocabularyFile, "clinical_roles: {nested: [x]}\n")
	if _, err := New(context.Background(), Options{Custom: []string{dir}}); err == nil || !strings.Contains(err.Error(), "clinical_roles is a list, not a mapping of lists") {
		t.Errorf("a list given as a mapping: %v", err)
	}
	write(policies.VocabularyFile, "clinical_roles: [42]\n")
	if _, err := New(context.Background(), Options{Custom: []string{dir}}); err == nil || !strings.Contains(err.Error(), "clinical_roles[0] is not a word or words") {
		t.Errorf("a number as a word: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
