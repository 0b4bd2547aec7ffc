package engine

import (
	"encoding/json"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/plan"
)

// Value builds the Rego value of a plan tree directly, without a detour
// through Go maps and reflection.
func Value(n *plan.Node) ast.Value {
	switch n.Kind {
	case plan.Map:
		terms := make([][2]*ast.Term, len(n.Fields))
		for i, f := range n.Fields {
			terms[i] = [2]*ast.Term{ast.StringTerm(f.Key), ast.NewTerm(Value(f.Value))}
		}
		return ast.NewObject(terms...)
	case plan.List:
		terms := make([]*ast.Term, len(n.Items))
		for i, it := range n.Items {
			terms[i] = ast.NewTerm(Value(it))
		}
		return ast.NewArray(terms...)
	case plan.String:
		return ast.String(n.Text)
	case plan.Number:
		return ast.Number(json.Number(n.Text))
	case plan.Bool:
		return ast.Boolean(n.Text == "true")
	}
	return ast.Null{}
}
