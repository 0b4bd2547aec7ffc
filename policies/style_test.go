package policies_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/policies"
)

// TestNegationsReadOnlyPlainReferences enforces the policies' one trap:
// inside `not`, a call or a comparison other than == on a part of the plan
// is moved out of the negation by OPA's compiler, so when that part is
// absent the whole rule body fails and the finding never fires. A policy
// binds the value first (x := plan.a.b) and negates a test on x.
func TestNegationsReadOnlyPlainReferences(t *testing.T) {
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for name, m := range modules {
		fromInput := map[ast.Var]bool{ast.InputRootDocument.Value.(ast.Var): true}
		for _, imp := range m.Imports {
			if ref, ok := imp.Path.Value.(ast.Ref); ok && ref.HasPrefix(ast.InputRootRef) {
				fromInput[imp.Name()] = true
			}
		}
		ast.WalkExprs(m, func(e *ast.Expr) bool {
			if !e.Negated || !e.IsCall() || e.Operator().Equal(ast.Equality.Ref()) || e.Operator().Equal(ast.Equal.Ref()) {
				return false
			}
			for _, arg := range e.Operands() {
				ast.WalkRefs(arg, func(r ast.Ref) bool {
					if v, ok := r[0].Value.(ast.Var); ok && fromInput[v] {
						bad = append(bad, fmt.Sprintf("%s:%d: %v", name, e.Location.Row, e))
					}
					return false
				})
			}
			return false
		})
	}
	if len(bad) > 0 {
		t.Errorf("negated calls on the plan, which never fire when the part is absent:\n%s", strings.Join(bad, "\n"))
	}
}
