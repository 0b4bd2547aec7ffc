package policies_test

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/policies"
)

// TestRego runs every Rego test of the catalogue (the *_test.rego files),
// so that `go test ./...` covers the policies as well as the Go code.
func TestRego(t *testing.T) {
	modules, err := policies.Parse(policies.FS, true)
	if err != nil {
		t.Fatal(err)
	}
	// Builtin errors stay undefined, as in the engine: a plan may hold any
	// value, and a policy must read a wrong type as a missing fact.
	ctx := context.Background()
	// The tests compile as the engine compiles the policies: strict, and
	// without the network, the clock or randomness.
	compiler := ast.NewCompiler().WithCapabilities(engine.Capabilities()).WithStrict(true).WithEnablePrintStatements(true)
	store := inmem.New()
	txn := storage.NewTransactionOrDie(ctx, store)
	defer store.Abort(ctx, txn)
	results, err := tester.NewRunner().SetCompiler(compiler).SetStore(store).SetModules(modules).CapturePrintOutput(true).RunTests(ctx, txn)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range results {
		n++
		name := strings.TrimPrefix(r.Package, "data.") + "." + r.Name
		switch {
		case r.Error != nil:
			t.Errorf("%s: %v", name, r.Error)
		case r.Fail:
			t.Errorf("%s: FAIL at %v %s", name, r.FailedAt, r.Output)
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests", n)
}

// TestExampleCopyMatchesFixture keeps the Rego tests' copy of the example
// plan equal to fixtures/plans/northshire.yaml, as the engine reads it.
func TestExampleCopyMatchesFixture(t *testing.T) {
	modules, err := policies.Parse(policies.FS, true)
	if err != nil {
		t.Fatal(err)
	}
	var opts []func(*rego.Rego)
	for _, m := range modules {
		opts = append(opts, rego.ParsedModule(m))
	}
	rs, err := rego.New(append(opts, rego.Query("data.plancheck.lib.testing.example"))...).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("eval: %v %v", rs, err)
	}
	copyValue, err := ast.InterfaceToValue(rs[0].Expressions[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := loader.Loader{}.LoadFile("../fixtures/plans/northshire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if fixture := engine.Value(doc.Root); fixture.Compare(copyValue) != 0 {
		t.Errorf("policies/lib/testing_test.rego's example differs from the fixture:\n%v\n%v", copyValue, fixture)
	}
}
