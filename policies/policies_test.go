package policies_test

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/tester"

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
	results, err := tester.NewRunner().SetModules(modules).CapturePrintOutput(true).Run(ctx, modules)
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
