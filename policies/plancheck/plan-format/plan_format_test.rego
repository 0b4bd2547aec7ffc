package plancheck.rules["plan-format_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["plan-format"] as rule

schema_finding := {"level": "must", "path": "organisation.name", "message": "required key organisation.name is missing"}

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_schema_findings_are_its_findings if {
	fs := rule.findings with input as object.union(t.good, {"schema_findings": [schema_finding]})
	fs == {schema_finding}
}

test_expired_waiver_misses if {
	fs := rule.findings with input as t.set("/waivers/0/expires", "2026-11-20")
	fs == {{
		"level": "must",
		"path": "waivers[0].expires",
		"message": "the waiver for wg-spend-reprioritised expired on 2026-11-20, so it no longer applies",
	}}
}

test_waiver_valid_on_its_expiry_day if {
	fs := rule.findings with input as t.set("/waivers/0/expires", t.today)
	count(fs) == 0
}

test_cannot_be_waived if {
	rule.waivable == false
}
