package plancheck.lib

# prune leaves out of a plan the values the engine leaves out before any
# policy reads it (engine.Value and engine.Prune, in Go): null, blank text,
# mappings left empty and empty lists, when a key holds them, but for an
# empty list where the plan format makes it an answer (answering_lists); list
# entries stay, pruned inside. plancheck's engine never calls it: it builds
# the input already pruned. It is for a plan posted to an OPA server as it
# is written, so that the catalogue reads "present" there as it does in
# plancheck; a Go test holds it to engine.Prune on every fixture and on
# generated plans.
#
# Rego has no recursion, so it works on the paths walk gives. A blank
# leaf (null, blank text, {}, []) under a key goes, and so does each
# mapping above one, under a key, that holds no present leaf (a list with
# entries, a number, true or false, text that is not blank, or an empty
# list that is an answer): only those mappings can be left empty. A plan
# without a blank leaf is returned as it is, after one walk. json.remove
# takes the paths with list indexes as text, which it reads as indexes
# inside lists; the plan is wrapped so that the plan itself, which no key
# holds, is never removed.
prune(x) := x if {
	not has_blank_leaf(x)
} else := json.remove({"plan": x}, blank_paths(x)).plan

has_blank_leaf(x) if {
	walk(x, [path, v])
	removable(path, v)
}

blank_paths(x) := {array.concat(["plan"], [segment(s) | some s in path]) | some path in removed} if {
	leaves := {path |
		walk(x, [path, v])
		removable(path, v)
	}
	emptied := {p |
		some path in leaves
		count(path) > 1
		some n in numbers.range(1, count(path) - 1)
		p := array.slice(path, 0, n)
		held_by_key(p)
		not holds_present(x, p)
	}
	removed := leaves | emptied
}

# removable holds for a blank value that a key holds, unless it is an
# empty list that the plan format makes an answer.
removable(path, v) if {
	held_by_key(path)
	blank(v)
	not answer(path, v)
}

# answering_lists are the fields where an empty list is an answer, not an
# absence (engine.listAnswers in Go): `legacy: {systems: []}` says there
# are no legacy systems.
answering_lists := {["legacy", "systems"]}

answer(path, v) if {
	v == []
	path in answering_lists
}

held_by_key(path) if is_string(path[count(path) - 1])

blank(null)

blank(v) if v == {}

blank(v) if v == []

blank(v) if {
	is_string(v)
	trim_space(v) == ""
}

# holds_present holds when the value at path p of plan x holds a present
# leaf.
holds_present(x, p) if {
	walk(object.get(x, p, null), [_, leaf])
	present_leaf(leaf)
}

holds_present(x, p) if {
	walk(object.get(x, p, null), [rel, leaf])
	answer(array.concat(p, rel), leaf)
}

present_leaf(v) if {
	is_array(v)
	v != []
}

present_leaf(v) if is_number(v)

present_leaf(v) if is_boolean(v)

present_leaf(v) if {
	is_string(v)
	trim_space(v) != ""
}

segment(s) := s if {
	is_string(s)
} else := format_int(s, 10)
