package engine

import (
	"encoding/json"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/plan"
)

// Value builds the Rego value of a plan tree directly, without a detour
// through Go maps and reflection. Empty values held under a key (null,
// blank text, and mappings left empty) are left out, so that a policy
// tells "present" with a plain reference, the cheapest check there is.
// Lists are kept whole, even empty ones, so that indexes and an explicit
// "none" (legacy: {systems: []}) mean what the file says.
func Value(n *plan.Node) ast.Value {
	switch n.Kind {
	case plan.Map:
		terms := make([][2]*ast.Term, 0, len(n.Fields))
		for _, f := range n.Fields {
			v := Value(f.Value)
			if empty(v) {
				continue
			}
			terms = append(terms, [2]*ast.Term{ast.StringTerm(f.Key), ast.NewTerm(v)})
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

func empty(v ast.Value) bool {
	switch v := v.(type) {
	case ast.Null:
		return true
	case ast.String:
		return strings.TrimSpace(string(v)) == ""
	case ast.Object:
		return v.Len() == 0
	}
	return false
}
