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

// Prune leaves the empty values out of a Rego value as Value leaves them
// out of a plan: null, blank text and mappings left empty, when they are
// held under a key; list entries stay, pruned inside. The policies' tests
// build their inputs through it, so that they see what the engine passes.
func Prune(v ast.Value) ast.Value {
	switch v := v.(type) {
	case ast.Object:
		terms := make([][2]*ast.Term, 0, v.Len())
		v.Foreach(func(k, x *ast.Term) {
			if p := Prune(x.Value); !empty(p) {
				terms = append(terms, [2]*ast.Term{k, ast.NewTerm(p)})
			}
		})
		return ast.NewObject(terms...)
	case *ast.Array:
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			terms[i] = ast.NewTerm(Prune(v.Elem(i).Value))
		}
		return ast.NewArray(terms...)
	}
	return v
}

// empty is what "present" is not: the one definition of it that both
// Value and Prune use.
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

// Raw builds the Rego value of a plan tree as the file holds it, empty
// values and all: what a user would post to an OPA server.
func Raw(n *plan.Node) ast.Value {
	switch n.Kind {
	case plan.Map:
		terms := make([][2]*ast.Term, len(n.Fields))
		for i, f := range n.Fields {
			terms[i] = [2]*ast.Term{ast.StringTerm(f.Key), ast.NewTerm(Raw(f.Value))}
		}
		return ast.NewObject(terms...)
	case plan.List:
		terms := make([]*ast.Term, len(n.Items))
		for i, it := range n.Items {
			terms[i] = ast.NewTerm(Raw(it))
		}
		return ast.NewArray(terms...)
	}
	return Value(n)
}
