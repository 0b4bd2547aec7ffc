package plancheck.rules["wg-common-standards_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-common-standards"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_nhs_number if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["fhir_uk_core", "snomed_ct"])
	t.only_misses(fs, {"interoperability.standards"})
	t.advice_paths(fs) == set()
	count(fs) == 1
	t.message_of(fs, "interoperability.standards") == "the interoperability standards do not include the NHS number (nhs_number)"
}

test_no_fhir_uk_core if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["nhs_number", "hl7v2"])
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 1
	t.message_of(fs, "interoperability.standards") == "the interoperability standards do not include FHIR UK Core (fhir_uk_core)"
}

test_no_standards_misses_both if {
	fs := rule.findings with input as t.without("/interoperability/standards")
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 2
}

test_empty_standards_misses_both if {
	fs := rule.findings with input as t.set("/interoperability/standards", [])
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 2
}

test_standards_as_text_misses_both if {
	fs := rule.findings with input as t.set("/interoperability/standards", "nhs_number, fhir_uk_core")
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 2
}

test_standards_written_in_words_meet if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["NHS Number", "FHIR UK Core", "SNOMED-CT"])
	count(fs) == 0
}

# A large organisation (an ICB here) misses without a target architecture.
test_no_target_architecture_misses_for_a_large_organisation if {
	fs := rule.findings with input as t.without("/data/target_architecture")
	t.only_misses(fs, {"data.target_architecture"})
	t.message_of(fs, "data.target_architecture") == "no target data and technology architecture is given"
	blank := rule.findings with input as t.set("/data/target_architecture", "")
	t.only_misses(blank, {"data.target_architecture"})
	untyped := rule.findings with input as t.patch([
		{"op": "remove", "path": "/organisation/type"},
		{"op": "remove", "path": "/data/target_architecture"},
	])
	t.only_misses(untyped, {"data.target_architecture"})
}

# For primary care it is advice.
test_no_target_architecture_is_advice_for_primary_care if {
	every type in ["gp_practice", "pcn", "GP Practice"] {
		fs := rule.findings with input as t.patch([
			{"op": "add", "path": "/organisation/type", "value": type},
			{"op": "remove", "path": "/data/target_architecture"},
		])
		t.only_advice(fs, {"data.target_architecture"})
	}
}

test_no_interoperability_section if {
	fs := rule.findings with input as t.without("/interoperability")
	{f.message | some f in fs; f.level == "miss"} == {
		"the interoperability standards do not include the NHS number (nhs_number)",
		"the interoperability standards do not include FHIR UK Core (fhir_uk_core)",
	}
	t.only_misses(fs, {"interoperability.standards"})
	t.advice_paths(fs) == set()
}

test_no_data_section_misses_for_a_large_organisation if {
	fs := rule.findings with input as t.without("/data")
	t.only_misses(fs, {"data.target_architecture"})
}
