package policies_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/policies"
)

// TestNegationsReadOnlyPlainReferences enforces the policies' one trap:
// inside `not`, a call or a comparison other than == on a part of the plan,
// or on a rule that may be undefined, is moved out of the negation by
// OPA's compiler, so when that part is absent the whole rule body fails and
// the finding never fires. A policy binds the value first (x := plan.a.b)
// and negates a test on x, or gives the rule a default.
func TestNegationsReadOnlyPlainReferences(t *testing.T) {
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	// Rules with a default are never undefined.
	defaults := map[string]bool{}
	for _, m := range modules {
		for _, r := range m.Rules {
			if r.Default {
				defaults[m.Package.Path.Extend(r.Head.Ref()).String()] = true
			}
		}
	}
	var bad []string
	for name, m := range modules {
		aliases := map[ast.Var]ast.Ref{}
		for _, imp := range m.Imports {
			if ref, ok := imp.Path.Value.(ast.Ref); ok && ref.HasPrefix(ast.DefaultRootRef) {
				aliases[imp.Name()] = ref
			}
		}
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
					v, ok := r[0].Value.(ast.Var)
					switch {
					case !ok:
					case fromInput[v]:
						bad = append(bad, fmt.Sprintf("%s:%d: %v", name, e.Location.Row, e))
					case aliases[v] != nil:
						// A rule of another package, such as lib.standards.
						path := aliases[v].Concat(r[1:]).String()
						if !defaults[path] && !isFunction(modules, path) {
							bad = append(bad, fmt.Sprintf("%s:%d: %v (%s may be undefined)", name, e.Location.Row, e, path))
						}
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

// isFunction tells whether path names a function (a call's operator is a
// ref too): calling one is not reading a rule that may be undefined.
func isFunction(modules map[string]*ast.Module, path string) bool {
	for _, m := range modules {
		for _, r := range m.Rules {
			if len(r.Head.Args) > 0 && m.Package.Path.Extend(r.Head.Ref()).String() == path {
				return true
			}
		}
	}
	return false
}
