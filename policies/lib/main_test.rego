package plancheck.main_test

import data.plancheck.lib.testing as t
import data.plancheck.main

advice := {"level": "should", "path": "a", "message": "advice"}

gap := {"level": "must", "path": "b", "message": "gap"}

# Stand-ins for the catalogue: one recommendation per outcome.
rules := {
	"x-met": {"findings": set()},
	"x-advice": {"findings": {advice}},
	"x-missed": {"findings": {gap, advice}},
	"x-na": {"findings": {gap}, "applicable": false},
	"x-applies": {"findings": {gap}, "applicable": true},
	"x-unwaivable": {"findings": {gap}, "waivable": false},
}

waiver(id, expires) := {"recommendation": id, "reason": "r", "approved_by": "board", "expires": expires}

test_statuses if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [])
	r.status == {
		"x-met": "met", "x-advice": "met", "x-missed": "missed",
		"x-na": "not_applicable", "x-applies": "missed", "x-unwaivable": "missed",
	}
	r.findings["x-missed"] == {gap, advice}
	r.findings["x-met"] == set()
	r.waived == {}
}

test_valid_waiver_waives_and_keeps_findings if {
	w := waiver("x-missed", "2027-01-01")
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [w])
	r.status["x-missed"] == "waived"
	r.waived == {"x-missed": w}
	r.findings["x-missed"] == {gap, advice}
}

test_waiver_valid_on_its_expiry_day if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", t.today)])
	r.status["x-missed"] == "waived"
}

test_expired_waiver_does_not_waive if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-missed", "2026-11-20")])
	r.status["x-missed"] == "missed"
}

test_rule_that_is_not_waivable_stays_missed if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-unwaivable", "2027-01-01")])
	r.status["x-unwaivable"] == "missed"
	r.waived == {}
}

test_waiver_with_values_that_are_not_text_does_not_waive if {
	w := object.union(waiver("x-missed", "2027-01-01"), {"reason": 42, "approved_by": ["nobody"]})
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [w])
	r.status["x-missed"] == "missed"
	r.waived == {}
}

test_incomplete_waiver_does_not_waive if {
	w := object.remove(waiver("x-missed", "2027-01-01"), ["reason"])
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [w])
	r.status["x-missed"] == "missed"
}

test_waiver_does_not_change_met_or_not_applicable if {
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [waiver("x-met", "2027-01-01"), waiver("x-na", "2027-01-01")])
	r.status["x-met"] == "met"
	r.status["x-na"] == "not_applicable"
	r.waived == {}
}

test_first_valid_waiver_is_reported if {
	expired := waiver("x-missed", "2026-01-01")
	first := object.union(waiver("x-missed", "2027-01-01"), {"reason": "first"})
	second := object.union(waiver("x-missed", "2028-01-01"), {"reason": "second"})
	r := main.report with data.plancheck.rules as rules with input as t.set("/waivers", [expired, first, second])
	r.waived["x-missed"].reason == "first"
}
