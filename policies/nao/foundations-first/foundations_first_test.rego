package plancheck.rules["nao-foundations-first_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-foundations-first"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
	rule.applicable with input as t.good
}

test_not_applicable_without_newer_technology if {
	rule.applicable == false with input as t.set("/plan/in_scope", ["records"])
}

test_not_applicable_without_scope if {
	rule.applicable == false with input as t.without("/plan/in_scope")
}

test_emerging_technology_applies if {
	rule.applicable with input as t.set("/plan/in_scope", ["records", "emerging_technology"])
}

test_no_foundations_first if {
	fs := rule.findings with input as t.without("/foundations_first")
	t.only_misses(fs, {"foundations_first"})
	t.message_of(fs, "foundations_first") == "newer technology is in scope, but the plan does not put interoperability and core digitisation first (foundations_first)"
}

test_foundations_not_first if {
	fs := rule.findings with input as t.set("/foundations_first", false)
	t.only_misses(fs, {"foundations_first"})
}

test_interoperability_gap_surfaces if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["nhs_number", "fhir_uk_core", "dm_d"])
	t.only_misses(fs, {"interoperability.standards"})
	t.message_of(fs, "interoperability.standards") == "newer technology is in scope before interoperability is in place: the standards do not include SNOMED CT (snomed_ct)"
}

test_nhs_number_not_primary_surfaces if {
	fs := rule.findings with input as t.set("/interoperability/nhs_number_primary_identifier", false)
	t.only_misses(fs, {"interoperability.nhs_number_primary_identifier"})
}

test_no_interoperability_and_no_foundations_first if {
	p := json.remove(t.example, ["interoperability", "foundations_first"])
	fs := rule.findings with input as t.run(p)
	t.only_misses(fs, {"foundations_first", "interoperability.standards", "interoperability.nhs_number_primary_identifier"})
	count(fs) == 6
}
