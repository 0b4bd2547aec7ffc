package plancheck.lib

# prune leaves out of a plan the values the engine leaves out before any
# policy reads it (engine.Value and engine.Prune, in Go): null, blank text
# and mappings left empty, when a key holds them; list entries stay,
# pruned inside. plancheck's engine never calls it: it builds the input
# already pruned. It is for a plan posted to an OPA server as it is
# written, so that the catalogue reads "present" there as it does in
# plancheck; a Go test holds it to engine.Prune on every fixture and on
# generated plans.
#
# Rego has no recursion, so it works on the paths walk gives: a value
# under a key stays when it is a present leaf (a list, a number, true or
# false, text that is not blank) or holds one under its keys. json.remove
# takes the paths with list indexes as text, which it reads as indexes
# inside lists; the plan is wrapped so that the plan itself, which no
# key holds, is never removed.
prune(x) := json.remove({"plan": x}, blank_paths(x)).plan

blank_paths(x) := paths if {
	holders := {array.slice(path, 0, n) |
		walk(x, [path, v])
		present_leaf(v)
		some n in numbers.range(1, count(path))
	}
	paths := {array.concat(["plan"], [segment(s) | some s in path]) |
		walk(x, [path, v])
		count(path) > 0
		is_string(path[count(path) - 1])
		not present_leaf(v)
		not path in holders
	}
}

present_leaf(v) if is_array(v)

present_leaf(v) if is_number(v)

present_leaf(v) if is_boolean(v)

present_leaf(v) if {
	is_string(v)
	trim_space(v) != ""
}

segment(s) := s if {
	is_string(s)
} else := format_int(s, 10)
