# Helpers for the rules' tests: the plan format's example plan, which
# meets every recommendation, ways to change one field of it, and
# assertions on findings.
package plancheck.lib.testing

today := "2026-11-21"

# example is fixtures/plans/northshire.yaml as the file holds it, put in
# the store by the Go test that runs these tests (policies_test.go).
example := data.plancheck.testdata.example

# run gives the input the engine passes for plan p: plancheck.prune is the
# engine's own pruning (engine.Prune), given to the tests as a builtin, so
# that empty values are left out exactly as the engine leaves them out.
run(p) := {"plan": plancheck.prune(p), "today": today}

# good is the example plan as the engine passes it.
good := run(example)

# without removes the field at a JSON pointer, such as "/inclusion/mitigations".
without(pointer) := run(json.remove(example, [trim_prefix(pointer, "/")]))

# set gives the field at a JSON pointer a new value.
set(pointer, value) := run(json.patch(example, [{"op": "add", "path": pointer, "value": value}]))

# patch applies JSON patch operations to the example plan.
patch(ops) := run(json.patch(example, ops))

# miss_paths and advice_paths list the paths of a set of findings by level.
miss_paths(findings) := {f.path | some f in findings; f.level == "miss"}

advice_paths(findings) := {f.path | some f in findings; f.level == "advice"}

# only_misses holds when the findings hold misses at exactly the given
# paths (a set) and no other miss.
only_misses(findings, paths) if miss_paths(findings) == paths

# only_advice holds when the findings are advice at exactly the given paths.
only_advice(findings, paths) if {
	miss_paths(findings) == set()
	advice_paths(findings) == paths
}

# message_of_level gives the message of the finding of a level at path.
message_of_level(findings, level, path) := f.message if {
	some f in findings
	f.level == level
	f.path == path
}

# message_of gives the message of the finding at path, for tests that
# check what the planner is told.
message_of(findings, path) := f.message if {
	some f in findings
	f.path == path
}
