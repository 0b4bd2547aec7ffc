package plancheck.rules["wg-digital-embedded_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-digital-embedded"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_digital_outside_transformation if {
	fs := rule.findings with input as t.set("/governance/digital_in_transformation", false)
	t.only_misses(fs, {"governance.digital_in_transformation"})
	t.advice_paths(fs) == set()
}

test_digital_in_transformation_absent if {
	fs := rule.findings with input as t.without("/governance/digital_in_transformation")
	t.only_misses(fs, {"governance.digital_in_transformation"})
	t.advice_paths(fs) == set()
}

test_objective_journey_not_listed if {
	fs := rule.findings with input as t.set("/objectives/0/journey", "Cancer care")
	t.only_misses(fs, {"objectives"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "objectives") == `no objective names one of the care journeys in patients.journeys ("Diabetes care", "Maternity")`
}

# A journey written as text where the list belongs lists that journey
# (plan-format reports the type): wg-patient-centred takes it as given.
test_journeys_as_text_list_one_journey if {
	fs := rule.findings with input as t.set("/patients/journeys", "Diabetes care")
	count(fs) == 0
	other := rule.findings with input as t.set("/patients/journeys", "Maternity")
	t.only_misses(other, {"objectives"})
	t.message_of(other, "objectives") == `no objective names one of the care journeys in patients.journeys ("Maternity")`
}

test_journey_matches_whatever_the_case if {
	fs := rule.findings with input as t.set("/objectives/0/journey", " diabetes Care ")
	count(fs) == 0
}

test_no_journeys_listed if {
	fs := rule.findings with input as t.without("/patients/journeys")
	t.only_misses(fs, {"objectives"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "objectives") == "no objective can name a care journey the plan lists: patients.journeys lists none"
}

test_empty_journeys_listed if {
	fs := rule.findings with input as t.set("/patients/journeys", [])
	t.only_misses(fs, {"objectives"})
}

test_no_objectives if {
	fs := rule.findings with input as t.without("/objectives")
	t.only_misses(fs, {"objectives"})
	t.advice_paths(fs) == set()
}

test_objective_without_journey if {
	fs := rule.findings with input as t.without("/objectives/0/journey")
	t.only_misses(fs, {"objectives"})
	t.advice_paths(fs) == {"objectives[0].journey"}
}

test_second_objective_without_journey_is_advice if {
	second := {"name": "Fewer paper letters", "metric": "letters sent", "baseline": 100, "target": 20, "by": "2028-03-31"}
	fs := rule.findings with input as t.set("/objectives/1", second)
	t.only_advice(fs, {"objectives[1].journey"})
	t.message_of(fs, "objectives[1].journey") == `objective "Fewer paper letters" does not name the care journey it serves`
}

test_unnamed_objective_is_numbered if {
	fs := rule.findings with input as t.set("/objectives/1", {"metric": "letters sent", "journey": ""})
	t.only_advice(fs, {"objectives[1].journey"})
	t.message_of(fs, "objectives[1].journey") == "objective number 2 does not name the care journey it serves"
}

test_no_governance_section if {
	fs := rule.findings with input as t.without("/governance")
	t.only_misses(fs, {"governance.digital_in_transformation"})
	t.advice_paths(fs) == set()
}

test_no_patients_section if {
	fs := rule.findings with input as t.without("/patients")
	t.only_misses(fs, {"objectives"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "objectives") == "no objective can name a care journey the plan lists: patients.journeys lists none"
}

test_journey_matches_whatever_the_white_space if {
	fs := rule.findings with input as t.set("/objectives/0/journey", "  diabetes\tCARE ")
	count(fs) == 0
	joined := rule.findings with input as t.set("/objectives/0/journey", "Diabetescare")
	t.only_misses(joined, {"objectives"})
}
