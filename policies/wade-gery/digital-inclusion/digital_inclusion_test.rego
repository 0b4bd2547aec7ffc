package plancheck.rules["wg-digital-inclusion_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-digital-inclusion"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_missing_assessment if {
	fs := rule.findings with input as t.without("/inclusion/impact_assessment")
	t.only_misses(fs, {"inclusion.impact_assessment.completed"})
	t.advice_paths(fs) == {"inclusion.impact_assessment.reference"}
}

test_assessment_older_than_24_months_before_start if {
	fs := rule.findings with input as t.set("/inclusion/impact_assessment/completed", "2024-03-31")
	t.only_misses(fs, {"inclusion.impact_assessment.completed"})
	contains(t.message_of(fs, "inclusion.impact_assessment.completed"), "more than 24 months before 2026-04-01")
}

test_assessment_24_months_before_start_is_recent if {
	fs := rule.findings with input as t.set("/inclusion/impact_assessment/completed", "2024-04-01")
	count(fs) == 0
}

test_assessment_after_plan_date if {
	fs := rule.findings with input as t.set("/inclusion/impact_assessment/completed", "2026-03-13")
	t.only_misses(fs, {"inclusion.impact_assessment.completed"})
	contains(t.message_of(fs, "inclusion.impact_assessment.completed"), "after the plan date 2026-03-12")
}

test_assessment_date_not_a_date if {
	fs := rule.findings with input as t.set("/inclusion/impact_assessment/completed", "last spring")
	t.only_misses(fs, {"inclusion.impact_assessment.completed"})
}

test_no_mitigations if {
	fs := rule.findings with input as t.set("/inclusion/mitigations", [])
	t.only_misses(fs, {"inclusion.mitigations"})
}

test_no_offline_route if {
	fs := rule.findings with input as t.set("/inclusion/non_digital_alternative", false)
	t.only_misses(fs, {"inclusion.non_digital_alternative"})
}

test_few_groups_is_advice if {
	fs := rule.findings with input as t.set("/inclusion/groups_considered", ["age", "disability"])
	t.only_advice(fs, {"inclusion.groups_considered"})
	startswith(t.message_of(fs, "inclusion.groups_considered"), "only 2 of the groups")
}

test_no_groups_is_advice if {
	fs := rule.findings with input as t.without("/inclusion/groups_considered")
	t.only_advice(fs, {"inclusion.groups_considered"})
	startswith(t.message_of(fs, "inclusion.groups_considered"), "no groups at risk")
}

test_no_reference_is_advice if {
	fs := rule.findings with input as t.without("/inclusion/impact_assessment/reference")
	t.only_advice(fs, {"inclusion.impact_assessment.reference"})
}

# A plan not approved yet (approval dated after today) is judged against
# today: an assessment completed after today has not been done.
test_assessment_after_today_when_the_approval_is_later if {
	later := {"op": "add", "path": "/plan/approved/date", "value": "2027-01-01"}
	done := rule.findings with input as t.patch([later, {"op": "add", "path": "/inclusion/impact_assessment/completed", "value": t.today}])
	count(done) == 0
	not_done := rule.findings with input as t.patch([later, {"op": "add", "path": "/inclusion/impact_assessment/completed", "value": "2026-11-22"}])
	t.only_misses(not_done, {"inclusion.impact_assessment.completed"})
}

# A list whose entries were left unfilled lists nothing.
# Mitigations written as text are given (plan-format reports the type);
# groups considered are counted, so text names none of them.
test_mitigations_as_text_are_given_groups_as_text_are_not_counted if {
	fs := rule.findings with input as t.set("/inclusion/mitigations", "assisted digital support at every practice")
	count(fs) == 0
	yes := rule.findings with input as t.set("/inclusion/mitigations", true)
	t.only_misses(yes, {"inclusion.mitigations"})
	groups := rule.findings with input as t.set("/inclusion/groups_considered", "age")
	t.only_advice(groups, {"inclusion.groups_considered"})
}

test_unfilled_mitigations_are_none if {
	fs := rule.findings with input as t.set("/inclusion/mitigations", [null])
	t.only_misses(fs, {"inclusion.mitigations"})
}

test_unfilled_groups_do_not_count if {
	fs := rule.findings with input as t.set("/inclusion/groups_considered", ["older people", "", null])
	t.advice_paths(fs) == {"inclusion.groups_considered"}
	contains(t.message_of(fs, "inclusion.groups_considered"), "only 1 of the groups")
}

# false in a list of text says no.
test_false_mitigation_is_none if {
	fs := rule.findings with input as t.set("/inclusion/mitigations", [false])
	t.only_misses(fs, {"inclusion.mitigations"})
}
