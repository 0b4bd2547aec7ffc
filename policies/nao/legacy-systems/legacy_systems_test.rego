package plancheck.rules["nao-legacy-systems_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-legacy-systems"] as rule

# out_of_support gives the example plan's system a support end of end, with
# action and by.
out_of_support(end, action, by) := t.set("/legacy/systems/0", {"name": "Legacy PAS", "end_of_support": end, "action": action, "by": by})

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_legacy_systems_meets if {
	fs := rule.findings with input as t.set("/legacy", {"systems": []})
	count(fs) == 0
}

test_legacy_not_given if {
	fs := rule.findings with input as t.without("/legacy")
	t.only_misses(fs, {"legacy.systems"})
	contains(t.message_of(fs, "legacy.systems"), "write `legacy: {systems: []}` when there are none")
}

test_systems_not_given if {
	fs := rule.findings with input as t.set("/legacy", {})
	t.only_misses(fs, {"legacy.systems"})
}

test_systems_not_a_list if {
	fs := rule.findings with input as t.set("/legacy/systems", "none")
	t.only_misses(fs, {"legacy.systems"})
	startswith(t.message_of(fs, "legacy.systems"), "legacy.systems is not a list")
}

test_system_without_action if {
	fs := rule.findings with input as t.without("/legacy/systems/0/action")
	t.only_misses(fs, {"legacy.systems[0].action"})
	t.message_of(fs, "legacy.systems[0].action") == `legacy system "Legacy PAS" has no action (replace, retire or retain)`
}

test_system_without_by if {
	fs := rule.findings with input as t.without("/legacy/systems/0/by")
	t.only_misses(fs, {"legacy.systems[0].by"})
	contains(t.message_of(fs, "legacy.systems[0].by"), "has no date")
}

test_system_by_not_a_date if {
	fs := rule.findings with input as t.set("/legacy/systems/0/by", "next year")
	t.only_misses(fs, {"legacy.systems[0].by"})
	contains(t.message_of(fs, "legacy.systems[0].by"), "next year is not a date")
}

test_unnamed_system_is_numbered if {
	fs := rule.findings with input as t.set("/legacy/systems/1", {"end_of_support": "2030-01-01", "by": "2028-01-01"})
	t.only_misses(fs, {"legacy.systems[1].action"})
	t.message_of(fs, "legacy.systems[1].action") == "legacy system number 2 has no action (replace, retire or retain)"
}

test_retained_past_support_names_the_action if {
	fs := rule.findings with input as out_of_support("2025-12-31", "retain", "2027-03-31")
	t.only_misses(fs, {"legacy.systems[0].action"})
	t.message_of(fs, "legacy.systems[0].action") == concat("", [
		`legacy system "Legacy PAS" lost support on 2025-12-31, before the plan starts (2026-04-01), `,
		`but its action is "retain": replace or retire it by the end of the plan period (2029-03-31)`,
	])
}

# The past-support check needs only the plan's start: a plan whose end is
# missing or not a date (plan-format reports it) is still told to replace
# the system, without a date it cannot give.
test_retained_past_support_without_a_period_end if {
	every end in [null, "March 2029", "2029-02-29"] {
		fs := rule.findings with input as t.patch([
			{"op": "add", "path": "/plan/period/end", "value": end},
			{"op": "add", "path": "/legacy/systems/0", "value": {"name": "Legacy PAS", "end_of_support": "2025-06-30", "action": "retain", "by": "2027-01-01"}},
		])
		t.only_misses(fs, {"legacy.systems[0].action"})
		endswith(t.message_of(fs, "legacy.systems[0].action"), `its action is "retain": replace or retire it by the end of the plan period`)
	}
}

test_replaced_in_period_past_support_meets if {
	fs := rule.findings with input as out_of_support("2025-12-31", "Replace", "2027-03-31")
	count(fs) == 0
}

# The end of the plan period is the last day it may be done by.
test_retired_on_the_last_day_of_the_period_meets if {
	fs := rule.findings with input as out_of_support("2025-12-31", "retire", "2029-03-31")
	count(fs) == 0
}

test_retired_after_period_names_the_date if {
	fs := rule.findings with input as out_of_support("2025-12-31", "retire", "2029-04-01")
	t.only_misses(fs, {"legacy.systems[0].by"})
	t.message_of(fs, "legacy.systems[0].by") == concat("", [
		`legacy system "Legacy PAS" lost support on 2025-12-31, before the plan starts (2026-04-01): `,
		"it is to be retired by 2029-04-01, after the plan period ends (2029-03-31); bring that date within the plan period",
	])
	late := rule.findings with input as out_of_support("2025-12-31", "replace", "2031-06-30")
	t.message_of(late, "legacy.systems[0].by") == concat("", [
		`legacy system "Legacy PAS" lost support on 2025-12-31, before the plan starts (2026-04-01): `,
		"it is to be replaced by 2031-06-30, after the plan period ends (2029-03-31); bring that date within the plan period",
	])
}

# A by date before the plan starts means it is done already.
test_replaced_before_period_is_done_already if {
	fs := rule.findings with input as out_of_support("2025-12-31", "replace", "2026-03-31")
	count(fs) == 0
}

test_support_ending_on_start_day_is_not_past if {
	fs := rule.findings with input as out_of_support("2026-04-01", "retain", "2029-03-31")
	count(fs) == 0
}

test_support_ending_day_before_start_is_past if {
	fs := rule.findings with input as out_of_support("2026-03-31", "retain", "2029-03-31")
	t.only_misses(fs, {"legacy.systems[0].action"})
}

test_out_of_support_without_action_is_only_the_missing_action if {
	fs := rule.findings with input as t.set("/legacy/systems/0", {"name": "Legacy PAS", "end_of_support": "2025-12-31", "by": "2027-01-01"})
	t.only_misses(fs, {"legacy.systems[0].action"})
	t.message_of(fs, "legacy.systems[0].action") == `legacy system "Legacy PAS" has no action (replace, retire or retain)`
}

test_retained_still_supported_meets if {
	fs := rule.findings with input as out_of_support("2030-12-31", "retain", "2029-03-31")
	count(fs) == 0
}

test_no_end_of_support_is_advice if {
	fs := rule.findings with input as t.without("/legacy/systems/0/end_of_support")
	t.only_advice(fs, {"legacy.systems[0].end_of_support"})
}

test_end_of_support_not_a_date_is_advice if {
	fs := rule.findings with input as t.set("/legacy/systems/0/end_of_support", "soon")
	t.only_advice(fs, {"legacy.systems[0].end_of_support"})
}

test_system_as_text if {
	fs := rule.findings with input as t.set("/legacy/systems/0", "Legacy PAS")
	t.only_misses(fs, {"legacy.systems[0].action", "legacy.systems[0].by"})
	t.advice_paths(fs) == {"legacy.systems[0].end_of_support"}
}

test_legacy_of_empty_values_is_not_given if {
	fs := rule.findings with input as t.set("/legacy", {"systems": null})
	t.only_misses(fs, {"legacy.systems"})
	t.advice_paths(fs) == set()
}

test_by_date_in_the_far_future_is_a_date if {
	fs := rule.findings with input as out_of_support("2025-12-31", "replace", "9999-12-31")
	t.only_misses(fs, {"legacy.systems[0].by"})
	contains(t.message_of(fs, "legacy.systems[0].by"), "it is to be replaced by 9999-12-31, after the plan period ends (2029-03-31)")
}
