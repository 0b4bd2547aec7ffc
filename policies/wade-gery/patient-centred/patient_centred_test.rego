package plancheck.rules["wg-patient-centred_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-patient-centred"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_research_methods if {
	fs := rule.findings with input as t.without("/patients/user_research/methods")
	t.only_misses(fs, {"patients.user_research.methods"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "patients.user_research.methods") == "no user research methods are given: say how the plan learned what patients need"
}

test_empty_research_methods if {
	fs := rule.findings with input as t.set("/patients/user_research/methods", [])
	t.only_misses(fs, {"patients.user_research.methods"})
	t.advice_paths(fs) == set()
}

test_no_user_research if {
	fs := rule.findings with input as t.without("/patients/user_research")
	t.only_misses(fs, {"patients.user_research.methods"})
	t.advice_paths(fs) == {"patients.user_research.participants"}
}

test_no_involvement_methods if {
	fs := rule.findings with input as t.without("/patients/involvement/methods")
	t.only_misses(fs, {"patients.involvement.methods"})
	t.advice_paths(fs) == set()
}

test_blank_involvement_methods if {
	fs := rule.findings with input as t.set("/patients/involvement/methods", " ")
	t.only_misses(fs, {"patients.involvement.methods"})
	t.advice_paths(fs) == set()
}

test_no_patients_section if {
	fs := rule.findings with input as t.without("/patients")
	t.only_misses(fs, {"patients.user_research.methods", "patients.involvement.methods"})
	t.advice_paths(fs) == {
		"patients.journeys",
		"patients.involvement.seldom_heard_groups",
		"patients.user_research.participants",
	}
}

test_no_journeys_is_advice if {
	fs := rule.findings with input as t.without("/patients/journeys")
	t.only_advice(fs, {"patients.journeys"})
}

test_empty_journeys_is_advice if {
	fs := rule.findings with input as t.set("/patients/journeys", [])
	t.only_advice(fs, {"patients.journeys"})
}

test_seldom_heard_not_reached_is_advice if {
	fs := rule.findings with input as t.set("/patients/involvement/seldom_heard_groups", false)
	t.only_advice(fs, {"patients.involvement.seldom_heard_groups"})
}

test_seldom_heard_absent_is_advice if {
	fs := rule.findings with input as t.without("/patients/involvement/seldom_heard_groups")
	t.only_advice(fs, {"patients.involvement.seldom_heard_groups"})
}

test_no_participants_is_advice if {
	fs := rule.findings with input as t.without("/patients/user_research/participants")
	t.only_advice(fs, {"patients.user_research.participants"})
	t.message_of(fs, "patients.user_research.participants") == "the number of people who took part in user research is not given"
}

test_participants_not_a_number_is_advice if {
	fs := rule.findings with input as t.set("/patients/user_research/participants", "lots")
	t.only_advice(fs, {"patients.user_research.participants"})
	t.message_of(fs, "patients.user_research.participants") == `the number of people who took part in user research is "lots", not a number`
}

test_nine_participants_is_advice if {
	fs := rule.findings with input as t.set("/patients/user_research/participants", 9)
	t.only_advice(fs, {"patients.user_research.participants"})
	t.message_of(fs, "patients.user_research.participants") == "9 people took part in user research; at least 10 are advised"
}

test_ten_participants_meets if {
	fs := rule.findings with input as t.set("/patients/user_research/participants", 10)
	count(fs) == 0
}

# A list whose entries were left unfilled lists nothing.
test_unfilled_research_methods_are_none if {
	fs := rule.findings with input as t.set("/patients/user_research/methods", [""])
	t.only_misses(fs, {"patients.user_research.methods"})
}

# Methods written as text rather than a list are given: plan-format
# reports the type, and the recommendation does not say they are missing.
test_research_methods_as_text_are_given if {
	fs := rule.findings with input as t.set("/patients/user_research/methods", "interviews and usability testing")
	count(fs) == 0
	journeys := rule.findings with input as t.set("/patients/journeys", "Diabetes care")
	count(journeys) == 0
}

# Any other value where a list of methods belongs is not a method given.
test_research_methods_as_true_or_a_number_are_not_given if {
	every v in [true, 2, {"kind": "interviews"}] {
		fs := rule.findings with input as t.set("/patients/user_research/methods", v)
		t.only_misses(fs, {"patients.user_research.methods"})
	}
}

test_unfilled_involvement_methods_are_none if {
	fs := rule.findings with input as t.set("/patients/involvement/methods", [null, "  "])
	t.only_misses(fs, {"patients.involvement.methods"})
}
