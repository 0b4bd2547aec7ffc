package plancheck.rules["wg-data-trust_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-data-trust"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_transparency_notice if {
	fs := rule.findings with input as t.without("/data/transparency_notice")
	t.only_misses(fs, {"data.transparency_notice"})
	t.advice_paths(fs) == set()
}

test_blank_transparency_notice if {
	fs := rule.findings with input as t.set("/data/transparency_notice", "")
	t.only_misses(fs, {"data.transparency_notice"})
	t.advice_paths(fs) == set()
}

# An empty list is not a notice: "present" is present and not "", [], {}
# or null (plan-format reports the type too).
test_empty_list_transparency_notice if {
	fs := rule.findings with input as t.set("/data/transparency_notice", [])
	t.only_misses(fs, {"data.transparency_notice"})
}

test_no_dpia if {
	fs := rule.findings with input as t.without("/data/dpia")
	t.only_misses(fs, {"data.dpia.completed"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "data.dpia.completed") == "no completed DPIA date: give the date the data protection impact assessment was completed"
}

test_dpia_without_date if {
	fs := rule.findings with input as t.without("/data/dpia/completed")
	t.only_misses(fs, {"data.dpia.completed"})
	t.advice_paths(fs) == set()
}

test_dpia_date_not_a_date if {
	fs := rule.findings with input as t.set("/data/dpia/completed", "January 2026")
	t.only_misses(fs, {"data.dpia.completed"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "data.dpia.completed") == "the DPIA completion date January 2026 is not a date (write it as YYYY-MM-DD)"
}

test_dpia_date_that_does_not_exist if {
	fs := rule.findings with input as t.set("/data/dpia/completed", "2026-02-30")
	t.only_misses(fs, {"data.dpia.completed"})
}

test_dpia_date_is_a_number if {
	fs := rule.findings with input as t.set("/data/dpia/completed", 2026)
	t.only_misses(fs, {"data.dpia.completed"})
}

test_opt_out_not_applied if {
	fs := rule.findings with input as t.set("/data/national_data_opt_out", false)
	t.only_misses(fs, {"data.national_data_opt_out"})
	t.advice_paths(fs) == set()
}

test_opt_out_absent if {
	fs := rule.findings with input as t.without("/data/national_data_opt_out")
	t.only_misses(fs, {"data.national_data_opt_out"})
	t.advice_paths(fs) == set()
}

test_opt_out_as_text if {
	fs := rule.findings with input as t.set("/data/national_data_opt_out", "yes")
	t.only_misses(fs, {"data.national_data_opt_out"})
}

test_no_data_section if {
	fs := rule.findings with input as t.without("/data")
	t.only_misses(fs, {"data.transparency_notice", "data.dpia.completed", "data.national_data_opt_out"})
	t.advice_paths(fs) == {"data.public_engagement", "data.dspt"}
}

test_no_public_engagement_is_advice if {
	fs := rule.findings with input as t.without("/data/public_engagement")
	t.only_advice(fs, {"data.public_engagement"})
}

test_empty_public_engagement_is_advice if {
	fs := rule.findings with input as t.set("/data/public_engagement", {})
	t.only_advice(fs, {"data.public_engagement"})
}

test_no_dspt_is_advice if {
	fs := rule.findings with input as t.without("/data/dspt")
	t.only_advice(fs, {"data.dspt"})
	t.message_of(fs, "data.dspt") == "the Data Security and Protection Toolkit (DSPT) status is not given"
}

test_dspt_approaching_standards_is_advice if {
	fs := rule.findings with input as t.set("/data/dspt", "approaching_standards")
	t.only_advice(fs, {"data.dspt"})
	t.message_of(fs, "data.dspt") == "the DSPT status is approaching_standards; standards_met or standards_exceeded is advised"
}

test_dspt_not_met_is_advice if {
	fs := rule.findings with input as t.set("/data/dspt", "not_met")
	t.only_advice(fs, {"data.dspt"})
}

test_dspt_standards_exceeded_meets if {
	fs := rule.findings with input as t.set("/data/dspt", "standards_exceeded")
	count(fs) == 0
}

test_dspt_written_in_other_forms_meets if {
	fs := rule.findings with input as t.set("/data/dspt", "Standards Met")
	count(fs) == 0
}

# The example plan was approved on 2026-03-12: that is its plan date.
test_dpia_on_the_plan_date_meets if {
	fs := rule.findings with input as t.set("/data/dpia/completed", "2026-03-12")
	count(fs) == 0
}

test_dpia_after_the_plan_date_is_not_done_yet if {
	fs := rule.findings with input as t.set("/data/dpia/completed", "2026-03-13")
	t.only_misses(fs, {"data.dpia.completed"})
	t.message_of(fs, "data.dpia.completed") == "the DPIA is dated 2026-03-13, after the plan date 2026-03-12: it has not been completed yet"
}

# A plan approved after today is not approved yet: its plan date is today.
test_dpia_against_today_when_the_approval_is_after_today if {
	later := [{"op": "add", "path": "/plan/approved/date", "value": "2026-12-01"}]
	today := rule.findings with input as t.patch(array.concat(later, [{"op": "add", "path": "/data/dpia/completed", "value": t.today}]))
	count(today) == 0
	tomorrow := rule.findings with input as t.patch(array.concat(later, [{"op": "add", "path": "/data/dpia/completed", "value": "2026-11-22"}]))
	t.message_of(tomorrow, "data.dpia.completed") == "the DPIA is dated 2026-11-22, after the plan date 2026-11-21: it has not been completed yet"
}

test_public_engagement_after_the_plan_date_is_advice if {
	fs := rule.findings with input as t.set("/data/public_engagement/date", "2026-04-01")
	t.only_advice(fs, {"data.public_engagement.date"})
	t.message_of(fs, "data.public_engagement.date") == "the public engagement is dated 2026-04-01, after the plan date 2026-03-12: it has not happened yet"
	on_the_day := rule.findings with input as t.set("/data/public_engagement/date", "2026-03-12")
	count(on_the_day) == 0
}
