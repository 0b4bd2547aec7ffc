package plancheck.rules["nao-digital-maturity_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-digital-maturity"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_framework if {
	fs := rule.findings with input as t.without("/maturity/framework")
	t.only_misses(fs, {"maturity.framework"})
}

test_empty_framework if {
	fs := rule.findings with input as t.set("/maturity/framework", "")
	t.only_misses(fs, {"maturity.framework"})
}

test_no_completed_date if {
	fs := rule.findings with input as t.without("/maturity/completed")
	t.only_misses(fs, {"maturity.completed"})
	t.message_of(fs, "maturity.completed") == "no date is given for the digital maturity assessment"
}

test_no_assessment if {
	fs := rule.findings with input as t.without("/maturity")
	t.only_misses(fs, {"maturity.framework", "maturity.completed"})
	t.advice_paths(fs) == set()
}

test_assessment_older_than_24_months_before_start if {
	fs := rule.findings with input as t.set("/maturity/completed", "2024-03-31")
	t.only_misses(fs, {"maturity.completed"})
	t.message_of(fs, "maturity.completed") == "the digital maturity assessment is not recent: it is dated 2024-03-31, more than 24 months before 2026-04-01 (the plan's start)"
}

test_assessment_24_months_before_start_is_recent if {
	fs := rule.findings with input as t.set("/maturity/completed", "2024-04-01")
	count(fs) == 0
}

test_assessment_after_plan_date if {
	fs := rule.findings with input as t.set("/maturity/completed", "2026-03-13")
	t.only_misses(fs, {"maturity.completed"})
	contains(t.message_of(fs, "maturity.completed"), "after the plan date 2026-03-12")
}

test_assessment_on_plan_date_is_recent if {
	fs := rule.findings with input as t.set("/maturity/completed", "2026-03-12")
	count(fs) == 0
}

test_completed_not_a_date if {
	fs := rule.findings with input as t.set("/maturity/completed", "autumn 2025")
	t.only_misses(fs, {"maturity.completed"})
}

test_missing_score_is_advice if {
	fs := rule.findings with input as t.without("/maturity/scores/healthy_populations")
	t.only_advice(fs, {"maturity.scores.healthy_populations"})
	t.message_of(fs, "maturity.scores.healthy_populations") == "no What Good Looks Like score is given for healthy_populations (a whole number from 1 to 5)"
}

test_no_scores_is_advice if {
	fs := rule.findings with input as t.without("/maturity/scores")
	t.only_advice(fs, {
		"maturity.scores.well_led",
		"maturity.scores.smart_foundations",
		"maturity.scores.safe_practice",
		"maturity.scores.support_people",
		"maturity.scores.empower_citizens",
		"maturity.scores.improve_care",
		"maturity.scores.healthy_populations",
	})
}

test_score_out_of_range_is_advice if {
	every score in [0, 6, 2.5, "3", -1] {
		fs := rule.findings with input as t.set("/maturity/scores/well_led", score)
		t.only_advice(fs, {"maturity.scores.well_led"})
	}
}

test_score_bounds_meet if {
	every score in [1, 5, 4.0] {
		fs := rule.findings with input as t.set("/maturity/scores/well_led", score)
		count(fs) == 0
	}
}

test_bad_score_message if {
	fs := rule.findings with input as t.set("/maturity/scores/improve_care", 6)
	t.message_of(fs, "maturity.scores.improve_care") == "the What Good Looks Like score for improve_care is 6, not a whole number from 1 to 5"
}

test_other_framework_needs_no_scores if {
	p := json.patch(t.example, [
		{"op": "replace", "path": "/maturity/framework", "value": "digital_maturity_assessment"},
		{"op": "remove", "path": "/maturity/scores"},
	])
	fs := rule.findings with input as t.run(p)
	count(fs) == 0
}

test_assessment_of_empty_values_is_no_assessment if {
	fs := rule.findings with input as t.set("/maturity", {"framework": "", "completed": null, "scores": {}})
	t.only_misses(fs, {"maturity.framework", "maturity.completed"})
	t.advice_paths(fs) == set()
}
