package plancheck.rules["plan-format_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["plan-format"] as rule

schema_finding := {"level": "miss", "path": "organisation.name", "message": "required key organisation.name is missing"}

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_schema_findings_are_its_findings if {
	fs := rule.findings with input as object.union(t.good, {"schema_findings": [schema_finding]})
	fs == {schema_finding}
}

# An expired waiver is advice on the rule it names (see main), not a
# finding of the plan's format.
test_expired_waiver_is_not_a_format_finding if {
	fs := rule.findings with input as t.set("/waivers/0/expires", "2026-11-20")
	count(fs) == 0
}

test_cannot_be_waived if {
	rule.waivable == false
}
