package plancheck.rules["wg-multidisciplinary-delivery_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-multidisciplinary-delivery"] as rule

no_clinical := concat("", [
	"the delivery team has no clinical role, such as a clinician, nurse or CCIO ",
	"(see plancheck explain wg-multidisciplinary-delivery for the roles recognised)",
])

no_digital := concat("", [
	"the delivery team has no digital or data role, such as a product manager, developer or data analyst ",
	"(see plancheck explain wg-multidisciplinary-delivery for the roles recognised)",
])

team(entries) := t.set("/delivery/team", entries)

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

# The team of a mental-health trust, in its own words, meets it.
test_free_text_roles_meet if {
	entries := [
		"consultant psychiatrist", "mental health nurse", "clinical psychologist",
		"product manager", "software developers", "business analyst",
	]
	fs := rule.findings with input as team(entries)
	count(fs) == 0
}

test_each_clinical_word_class_counts if {
	every role in ["Clinician", "clinical_lead", "Ward Nurses", "midwives", "GP partner", "CCIO", "Clinical Safety Officer", "AHP lead"] {
		fs := rule.findings with input as team([role, "data analyst"])
		count(fs) == 0
	}
}

test_each_digital_word_class_counts if {
	every role in ["Product Owner", "senior software engineer", "Data Scientists", "BI analyst", "Head of Digital", "CDIO", "solution architect"] {
		fs := rule.findings with input as team(["nurse", role])
		count(fs) == 0
	}
}

# One entry may name both kinds of role.
test_one_entry_may_match_both if {
	fs := rule.findings with input as team(["clinical informatician"])
	count(fs) == 0
}

# Near misses: a consultant alone is not a clinician ("IT consultant"), and
# words must follow each other in order.
test_near_misses_do_not_count if {
	fs := rule.findings with input as team(["IT consultant", "project manager", "digital champion"])
	t.miss_paths(fs) == {"delivery.team"}
	{f.message | some f in fs; f.level == "miss"} == {no_clinical, no_digital}
	t.message_of_level(fs, "advice", "delivery.team") == concat("", [
		"not recognised as clinical or digital roles: IT consultant, project manager, digital champion — ",
		"fine for other roles; see plancheck explain wg-multidisciplinary-delivery for the roles recognised",
	])
}

test_no_clinician if {
	fs := rule.findings with input as team(["product manager", "engineer"])
	t.only_misses(fs, {"delivery.team"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "delivery.team") == no_clinical
}

test_no_digital_role if {
	fs := rule.findings with input as team(["clinician", "programme manager"])
	t.only_misses(fs, {"delivery.team"})
	{f.message | some f in fs} == {
		no_digital,
		concat("", [
			"not recognised as clinical or digital roles: programme manager — fine for other roles; ",
			"see plancheck explain wg-multidisciplinary-delivery for the roles recognised",
		]),
	}
}

# Unrecognised entries are named once, together, in the plan's order, and
# the plan still meets the recommendation.
test_unrecognised_entries_are_one_piece_of_advice if {
	fs := rule.findings with input as team(["patient representative", "nurse", "finance lead", "developer"])
	t.only_advice(fs, {"delivery.team"})
	count(fs) == 1
	t.message_of(fs, "delivery.team") == concat("", [
		"not recognised as clinical or digital roles: patient representative, finance lead — fine for other roles; ",
		"see plancheck explain wg-multidisciplinary-delivery for the roles recognised",
	])
}

test_no_team_misses_both if {
	fs := rule.findings with input as t.without("/delivery/team")
	t.only_misses(fs, {"delivery.team"})
	count(fs) == 2
}

test_empty_team_misses_both if {
	fs := rule.findings with input as team([])
	t.only_misses(fs, {"delivery.team"})
	count(fs) == 2
}

test_team_as_text_misses_both if {
	fs := rule.findings with input as t.set("/delivery/team", "clinician, engineer")
	t.only_misses(fs, {"delivery.team"})
	count(fs) == 2
}

test_waterfall_is_advice if {
	fs := rule.findings with input as t.set("/delivery/approach", "waterfall")
	t.only_advice(fs, {"delivery.approach"})
	t.message_of(fs, "delivery.approach") == "the delivery approach is waterfall; agile, iterative or hybrid is advised"
}

test_no_approach_is_advice if {
	fs := rule.findings with input as t.without("/delivery/approach")
	t.only_advice(fs, {"delivery.approach"})
	t.message_of(fs, "delivery.approach") == "the delivery approach is not given; agile, iterative or hybrid is advised"
}

test_iterative_and_hybrid_meet_however_written if {
	every a in ["iterative", "Hybrid", "AGILE"] {
		fs := rule.findings with input as t.set("/delivery/approach", a)
		count(fs) == 0
	}
}
