package plancheck.rules["wg-digital-skills_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-digital-skills"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_missing_assessment if {
	fs := rule.findings with input as t.without("/skills/capability_assessment")
	t.only_misses(fs, {"skills.capability_assessment.completed"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "skills.capability_assessment.completed") == "no completed digital capability assessment is dated"
}

test_assessment_without_date if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "")
	t.only_misses(fs, {"skills.capability_assessment.completed"})
	t.message_of(fs, "skills.capability_assessment.completed") == "no completed digital capability assessment is dated"
}

test_assessment_older_than_24_months_before_start if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "2024-03-31")
	t.only_misses(fs, {"skills.capability_assessment.completed"})
	t.message_of(fs, "skills.capability_assessment.completed") == "the digital capability assessment is not recent: it is dated 2024-03-31, more than 24 months before 2026-04-01 (the plan's start)"
}

test_assessment_24_months_before_start_is_recent if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "2024-04-01")
	count(fs) == 0
}

test_assessment_on_plan_date_is_recent if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "2026-03-12")
	count(fs) == 0
}

test_assessment_after_plan_date if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "2026-03-13")
	t.only_misses(fs, {"skills.capability_assessment.completed"})
	contains(t.message_of(fs, "skills.capability_assessment.completed"), "after the plan date 2026-03-12")
}

test_assessment_date_not_a_date if {
	fs := rule.findings with input as t.set("/skills/capability_assessment/completed", "last winter")
	t.only_misses(fs, {"skills.capability_assessment.completed"})
	contains(t.message_of(fs, "skills.capability_assessment.completed"), "last winter is not a date")
}

test_no_workforce_plan if {
	fs := rule.findings with input as t.without("/skills/workforce_plan")
	t.only_misses(fs, {"skills.workforce_plan"})
	t.advice_paths(fs) == set()
}

test_blank_workforce_plan if {
	fs := rule.findings with input as t.set("/skills/workforce_plan", "")
	t.only_misses(fs, {"skills.workforce_plan"})
}

test_no_skills_section if {
	fs := rule.findings with input as t.without("/skills")
	t.only_misses(fs, {"skills.capability_assessment.completed", "skills.workforce_plan"})
	t.advice_paths(fs) == {"skills.board_training", "skills.roles"}
}

test_no_board_training_is_advice if {
	fs := rule.findings with input as t.set("/skills/board_training", false)
	t.only_advice(fs, {"skills.board_training"})
}

test_board_training_absent_is_advice if {
	fs := rule.findings with input as t.without("/skills/board_training")
	t.only_advice(fs, {"skills.board_training"})
}

test_no_roles_is_advice if {
	fs := rule.findings with input as t.without("/skills/roles")
	t.only_advice(fs, {"skills.roles"})
}

test_empty_roles_is_advice if {
	fs := rule.findings with input as t.set("/skills/roles", [])
	t.only_advice(fs, {"skills.roles"})
}

# An approval dated after today does not count: the plan date is today, so
# an assessment dated today is recent and one dated tomorrow is not done.
test_assessment_against_today_when_the_approval_is_after_today if {
	later := {"op": "add", "path": "/plan/approved/date", "value": "2027-01-01"}
	today := rule.findings with input as t.patch([later, {"op": "add", "path": "/skills/capability_assessment/completed", "value": t.today}])
	count(today) == 0
	tomorrow := rule.findings with input as t.patch([later, {"op": "add", "path": "/skills/capability_assessment/completed", "value": "2026-11-22"}])
	t.only_misses(tomorrow, {"skills.capability_assessment.completed"})
	contains(t.message_of(tomorrow, "skills.capability_assessment.completed"), "it is dated 2026-11-22, after the plan date 2026-11-21")
}
