package plancheck.rules["nao-implementation-plan_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-implementation-plan"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_objectives if {
	fs := rule.findings with input as t.without("/objectives")
	t.only_misses(fs, {"objectives"})
}

test_empty_objectives if {
	fs := rule.findings with input as t.set("/objectives", [])
	t.only_misses(fs, {"objectives"})
}

test_objective_without_metric if {
	fs := rule.findings with input as t.without("/objectives/0/metric")
	t.only_misses(fs, {"objectives[0].metric"})
}

test_objective_with_text_baseline if {
	fs := rule.findings with input as t.set("/objectives/0/baseline", "five")
	t.only_misses(fs, {"objectives[0].baseline"})
}

test_objective_without_target if {
	fs := rule.findings with input as t.without("/objectives/0/target")
	t.only_misses(fs, {"objectives[0].target"})
	t.message_of(fs, "objectives[0].target") == `objective "More outpatient appointments booked digitally" has no numeric target`
}

test_objective_without_date if {
	fs := rule.findings with input as t.without("/objectives/0/by")
	t.only_misses(fs, {"objectives[0].by"})
}

test_objective_after_the_period if {
	fs := rule.findings with input as t.set("/objectives/0/by", "2030-01-01")
	t.only_misses(fs, {"objectives[0].by"})
	contains(t.message_of(fs, "objectives[0].by"), "outside the plan period (2026-04-01 to 2029-03-31)")
}

test_unnamed_objective_is_numbered if {
	fs := rule.findings with input as t.set("/objectives/0", {"metric": "m", "baseline": 1, "target": 2})
	t.message_of(fs, "objectives[0].by") == "objective number 1 has no date to be met by"
}

test_no_dated_milestone if {
	fs := rule.findings with input as t.set("/delivery/milestones", [{"name": "go live"}])
	t.only_misses(fs, {"delivery.milestones"})
}

test_no_milestone_in_first_year_is_advice if {
	fs := rule.findings with input as t.set("/delivery/milestones/0/due", "2027-06-30")
	t.only_advice(fs, {"delivery.milestones"})
}

# A list whose entries were left unfilled lists nothing, and says so once.
test_unfilled_objectives_are_none if {
	fs := rule.findings with input as t.set("/objectives", [null])
	t.only_misses(fs, {"objectives"})
}
