package policies_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/policies"
)

// pruneBuiltin gives the Rego tests the engine's own pruning, so that
// their inputs leave out empty values exactly as the engine's do.
var pruneBuiltin = &tester.Builtin{
	Decl: &ast.Builtin{
		Name: "plancheck.prune",
		Decl: types.NewFunction(types.Args(types.A), types.A),
	},
	Func: rego.Function1(&rego.Function{Name: "plancheck.prune", Decl: types.NewFunction(types.Args(types.A), types.A)},
		func(_ rego.BuiltinContext, x *ast.Term) (*ast.Term, error) {
			return ast.NewTerm(engine.Prune(x.Value)), nil
		}),
}

// TestRego runs every Rego test of the catalogue (the *_test.rego files),
// so that `go test ./...` covers the policies as well as the Go code. The
// tests' example plan is read from the fixture, as the loader reads it.
func TestRego(t *testing.T) {
	modules, err := policies.Parse(policies.FS, true)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := loader.Loader{}.LoadFile("../fixtures/plans/northshire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	example, err := ast.JSON(engine.Raw(doc.Root))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// The tests compile as the engine compiles the policies: strict, and
	// without the network, the clock or randomness; plancheck.prune is
	// the one builtin they add.
	caps := engine.Capabilities()
	caps.Builtins = append(caps.Builtins, pruneBuiltin.Decl)
	compiler := ast.NewCompiler().WithCapabilities(caps).WithStrict(true).WithEnablePrintStatements(true)
	data, err := engine.PolicyData()
	if err != nil {
		t.Fatal(err)
	}
	data["testdata"] = map[string]any{"example": example}
	store := inmem.NewFromObject(map[string]any{"plancheck": data})
	txn := storage.NewTransactionOrDie(ctx, store)
	defer store.Abort(ctx, txn)
	results, err := tester.NewRunner().SetCompiler(compiler).SetStore(store).SetModules(modules).
		AddCustomBuiltins([]*tester.Builtin{pruneBuiltin}).CapturePrintOutput(true).RunTests(ctx, txn)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range results {
		n++
		name := strings.TrimPrefix(r.Package, "data.") + "." + r.Name
		if r.Duration > 100*time.Millisecond {
			t.Logf("%s took %v", name, r.Duration)
		}
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
