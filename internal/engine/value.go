package engine

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/plan"
)

// Value builds the Rego value of a plan tree directly, without a detour
// through Go maps and reflection. Empty values held under a key (null,
// blank text, mappings left empty and empty lists) are left out, so that a
// policy tells "present" with a plain reference, the cheapest check there
// is: the catalogue's "present" is present and not "", [], {} or null. An
// empty list is kept where the plan format makes it an answer
// (listAnswers). A list's entries are kept whole, blank or not, so that
// indexes mean what the file says.
func Value(n *plan.Node) ast.Value {
	return value(n, []string{})
}

// listAnswers are the fields, by their keys from the top of the plan,
// where an empty list is an answer rather than an absence: `legacy:
// {systems: []}` says there are no legacy systems, which
// nao-legacy-systems accepts ("given (may be empty)"). lib.prune keeps
// the same list (answering_lists).
var listAnswers = [][]string{{"legacy", "systems"}}

// value is Value for the node at a path of keys from the top of the plan
// (nil inside a list, where no empty list is an answer).
func value(n *plan.Node, path []string) ast.Value {
	switch n.Kind {
	case plan.Map:
		terms := make([][2]*ast.Term, 0, len(n.Fields))
		for _, f := range n.Fields {
			at := child(path, f.Key)
			v := value(f.Value, at)
			if empty(v) && !answer(at, v) {
				continue
			}
			terms = append(terms, [2]*ast.Term{ast.StringTerm(f.Key), ast.NewTerm(v)})
		}
		return ast.NewObject(terms...)
	case plan.List:
		terms := make([]*ast.Term, len(n.Items))
		for i, it := range n.Items {
			terms[i] = ast.NewTerm(value(it, nil))
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

// child is the path of key k under path, while it leads towards an entry
// of listAnswers; nil otherwise, and under nil.
func child(path []string, k string) []string {
	if path == nil {
		return nil
	}
	at := append(path[:len(path):len(path)], k)
	for _, a := range listAnswers {
		if len(a) >= len(at) && slices.Equal(a[:len(at)], at) {
			return at
		}
	}
	return nil
}

// answer holds for an empty list where the plan format makes it an answer.
func answer(path []string, v ast.Value) bool {
	if _, list := v.(*ast.Array); !list || path == nil {
		return false
	}
	for _, a := range listAnswers {
		if slices.Equal(path, a) {
			return true
		}
	}
	return false
}

// Prune leaves the empty values out of a Rego value as Value leaves them
// out of a plan: null, blank text, mappings left empty and empty lists
// (but those of listAnswers), when they are held under a key; list entries
// stay, pruned inside. The policies' tests build their inputs through it,
// so that they see what the engine passes.
func Prune(v ast.Value) ast.Value {
	return prune(v, []string{})
}

func prune(v ast.Value, path []string) ast.Value {
	switch v := v.(type) {
	case ast.Object:
		terms := make([][2]*ast.Term, 0, v.Len())
		v.Foreach(func(k, x *ast.Term) {
			var at []string
			if s, ok := k.Value.(ast.String); ok {
				at = child(path, string(s))
			}
			if p := prune(x.Value, at); !empty(p) || answer(at, p) {
				terms = append(terms, [2]*ast.Term{k, ast.NewTerm(p)})
			}
		})
		return ast.NewObject(terms...)
	case *ast.Array:
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			terms[i] = ast.NewTerm(prune(v.Elem(i).Value, nil))
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
	case *ast.Array:
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
