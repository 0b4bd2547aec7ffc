package plancheck.main_test

import data.plancheck.lib.testing as t
import data.plancheck.main

advice := {"level": "advice", "path": "a", "message": "advice"}

gap := {"level": "miss", "path": "b", "message": "gap"}

# Stand-ins for the catalogue: one recommendation per outcome.
rules := {
	"x-met": {"findings": set()},
	"x-advice": {"findings": {advice}},
	"x-missed": {"findings": {gap, advice}},
	"x-na": {"findings": {gap}, "applicable": false},
	"x-applies": {"findings": {gap}, "applicable": true},
	"x-unwaivable": {"findings": {gap}, "waivable": false},
}

# Today is 2026-11-21: a waiver expiring on 2027-06-01 is far off, one
# expiring on 2027-01-20 is 60 days off, one on 2027-01-21 is 61 days off.
waiver(id, expires) := {"recommendation": id, "reason": "r", "approved_by": "board", "expires": expires}

note(path, msg) := {"level": "advice", "path": path, "message": msg}

test_statuses if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [])
	r.status == {
		"x-met": "met", "x-advice": "met", "x-missed": "missed",
		"x-na": "not_applicable", "x-applies": "missed", "x-unwaivable": "missed",
	}
	r.findings["x-missed"] == {gap, advice}
	r.findings["x-met"] == set()
	r.findings["x-na"] == set()
	r.waived == {}
}

test_valid_waiver_waives_and_keeps_findings if {
	w := waiver("x-missed", "2027-06-01")
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [w])
	r.status["x-missed"] == "waived"
	r.waived == {"x-missed": w}
	r.findings["x-missed"] == {gap, advice}
}

test_waiver_valid_on_its_expiry_day if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", t.today)])
	r.status["x-missed"] == "waived"
}

test_waiver_expiring_within_60_days_is_advice_to_renew if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", "2027-01-20")])
	r.status["x-missed"] == "waived"
	r.findings["x-missed"] == {gap, advice, note(
		"waivers[0].expires",
		"the waiver for x-missed expires on 2027-01-20, within 60 days: renew it or meet the recommendation",
	)}
	r61 := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", "2027-01-21")])
	r61.findings["x-missed"] == {gap, advice}
}

# An expired waiver is advice on the rule it names, which is judged as if
# unwaived: a missed should rule must not fail a must gate because its
# waiver lapsed.
test_expired_waiver_is_advice_and_does_not_waive if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", "2026-11-20")])
	r.status["x-missed"] == "missed"
	r.waived == {}
	r.findings["x-missed"] == {gap, advice, note(
		"waivers[0].expires",
		"the waiver for x-missed expired on 2026-11-20, so it is judged as if unwaived: renew the waiver or meet it",
	)}
	r.findings["x-met"] == set()
}

test_rule_that_is_not_waivable_stays_missed if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-unwaivable", "2027-06-01")])
	r.status["x-unwaivable"] == "missed"
	r.waived == {}
	r.findings["x-unwaivable"] == {gap}
}

test_waiver_with_values_that_are_not_text_does_nothing if {
	w := object.union(waiver("x-missed", "2027-06-01"), {"reason": 42, "approved_by": ["nobody"]})
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [w])
	r.status["x-missed"] == "missed"
	r.waived == {}
	r.findings["x-missed"] == {gap, advice}
}

# An incomplete waiver is plan-format's finding and nothing else: it waives
# nothing and gets no advice, even when it has expired.
test_incomplete_waiver_does_nothing if {
	w := object.remove(waiver("x-missed", "2026-01-01"), ["reason"])
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [w])
	r.status["x-missed"] == "missed"
	r.findings["x-missed"] == {gap, advice}
}

test_waiver_for_a_met_or_not_applicable_rule_is_not_needed if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-met", "2027-06-01"), waiver("x-na", "2027-06-01")])
	r.status["x-met"] == "met"
	r.status["x-na"] == "not_applicable"
	r.waived == {}
	r.findings["x-met"] == {note("waivers[0]", "the waiver for x-met is not needed: the recommendation is met")}
	r.findings["x-na"] == {note("waivers[1]", "the waiver for x-na is not needed: the recommendation is not applicable to this plan")}
}

# An expired waiver of a rule that is met, or does not apply, is not
# needed: the planner is not told to renew it.
test_expired_waiver_for_a_met_or_not_applicable_rule_is_not_needed if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-met", "2026-11-20"), waiver("x-na", "2026-01-01")])
	r.status["x-met"] == "met"
	r.status["x-na"] == "not_applicable"
	r.findings["x-met"] == {note("waivers[0].expires", "the waiver for x-met expired on 2026-11-20 and is not needed: the recommendation is met")}
	r.findings["x-na"] == {note(
		"waivers[1].expires",
		"the waiver for x-na expired on 2026-01-01 and is not needed: the recommendation is not applicable to this plan",
	)}
}

test_first_valid_waiver_waives_and_the_others_are_advice if {
	expired := waiver("x-missed", "2026-01-01")
	first := object.union(waiver("x-missed", "2027-06-01"), {"reason": "first"})
	second := object.union(waiver("x-missed", "2028-01-01"), {"reason": "second"})
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [expired, first, second])
	r.waived["x-missed"].reason == "first"
	r.status["x-missed"] == "waived"
	note("waivers[2]", "another waiver for x-missed applies (waivers[1]); this one is not used") in r.findings["x-missed"]
	note(
		"waivers[0].expires",
		"the waiver for x-missed expired on 2026-01-01, so it is judged as if unwaived: renew the waiver or meet it",
	) in r.findings["x-missed"]
}

# Dates run to 9999-12-31 in Rego as in Go: the nanosecond clock ends in
# 2262, and a waiver that long is still a waiver.
test_waiver_expiring_in_the_far_future_waives if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", "9999-12-31")])
	r.status["x-missed"] == "waived"
}
