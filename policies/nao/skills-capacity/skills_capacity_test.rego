package plancheck.rules["nao-skills-capacity_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-skills-capacity"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_workforce_plan if {
	fs := rule.findings with input as t.without("/skills/workforce_plan")
	t.only_misses(fs, {"skills.workforce_plan"})
}

test_empty_workforce_plan if {
	fs := rule.findings with input as t.set("/skills/workforce_plan", "")
	t.only_misses(fs, {"skills.workforce_plan"})
}

test_no_roles if {
	fs := rule.findings with input as t.without("/skills/roles")
	t.only_misses(fs, {"skills.roles"})
	t.message_of(fs, "skills.roles") == "no roles are listed with the full-time equivalents (fte) needed to deliver the plan"
}

test_empty_roles if {
	fs := rule.findings with input as t.set("/skills/roles", [])
	t.only_misses(fs, {"skills.roles"})
}

test_roles_without_fte if {
	roles := [{"role": "data engineer", "fte": 0}, {"role": "clinical safety officer", "fte": "two"}, {"role": "analyst"}]
	fs := rule.findings with input as t.set("/skills/roles", roles)
	t.only_misses(fs, {"skills.roles"})
	t.message_of(fs, "skills.roles") == "none of the 3 roles listed has a number of full-time equivalents (fte) above 0"
}

test_roles_as_text if {
	fs := rule.findings with input as t.set("/skills/roles", ["data engineer"])
	t.only_misses(fs, {"skills.roles"})
}

test_one_staffed_role_is_enough if {
	fs := rule.findings with input as t.set("/skills/roles/0/fte", 0)
	count(fs) == 0
}

test_part_time_role_counts if {
	fs := rule.findings with input as t.set("/skills/roles", [{"role": "data engineer", "fte": 0.5}])
	count(fs) == 0
}

test_no_capability_assessment_is_advice if {
	fs := rule.findings with input as t.without("/skills/capability_assessment")
	t.only_advice(fs, {"skills.capability_assessment"})
}

test_no_skills if {
	fs := rule.findings with input as t.without("/skills")
	t.only_misses(fs, {"skills.workforce_plan", "skills.roles"})
	t.advice_paths(fs) == {"skills.capability_assessment"}
}

# The example plan was approved on 2026-03-12: that is its plan date.
test_capability_assessment_after_the_plan_date_is_advice if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "2026-03-13")
	t.only_advice(fs, {"skills.capability_assessment.completed"})
	t.message_of(fs, "skills.capability_assessment.completed") == "the capability assessment is dated 2026-03-13, after the plan date 2026-03-12: it has not been done yet"
	on_the_day := rule.findings with input as t.set("/skills/capability_assessment/completed", "2026-03-12")
	count(on_the_day) == 0
}

# A list whose entries were left unfilled lists nothing.
test_unfilled_roles_are_none if {
	fs := rule.findings with input as t.set("/skills/roles", [null])
	t.only_misses(fs, {"skills.roles"})
	t.message_of(fs, "skills.roles") == "no roles are listed with the full-time equivalents (fte) needed to deliver the plan"
}

# Unfilled entries are not counted among the roles listed.
test_unfilled_roles_are_not_counted if {
	fs := rule.findings with input as t.set("/skills/roles", [{"role": "analyst"}, null, ""])
	t.only_misses(fs, {"skills.roles"})
	t.message_of(fs, "skills.roles") == "the one role listed does not have a number of full-time equivalents (fte) above 0"
}
