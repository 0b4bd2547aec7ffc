package plancheck.rules["nao-interoperability_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-interoperability"] as rule

messages(fs) := {f.message | some f in fs}

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_without_nhs_number if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["fhir_uk_core", "snomed_ct", "dm_d"])
	t.only_misses(fs, {"interoperability.standards"})
	messages(fs) == {"the standards do not include the NHS number (nhs_number)"}
}

test_without_fhir_uk_core if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["nhs_number", "snomed_ct", "dm_d"])
	t.only_misses(fs, {"interoperability.standards"})
	messages(fs) == {"the standards do not include FHIR UK Core (fhir_uk_core)"}
}

test_without_snomed_ct if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["nhs_number", "fhir_uk_core", "dm_d"])
	t.only_misses(fs, {"interoperability.standards"})
	messages(fs) == {"the standards do not include SNOMED CT (snomed_ct)"}
}

test_no_standards if {
	fs := rule.findings with input as t.without("/interoperability/standards")
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 4
}

test_standards_not_a_list if {
	fs := rule.findings with input as t.set("/interoperability/standards", "fhir_uk_core")
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 4
}

test_medicines_in_scope_without_dm_d if {
	fs := rule.findings with input as t.set("/interoperability/standards", ["nhs_number", "fhir_uk_core", "snomed_ct"])
	t.only_misses(fs, {"interoperability.standards"})
	count(fs) == 1
	contains(t.message_of(fs, "interoperability.standards"), "medicines are in scope")
}

test_dm_d_not_required_without_medicines if {
	p := json.patch(t.example, [
		{"op": "replace", "path": "/plan/in_scope", "value": ["records", "ai"]},
		{"op": "replace", "path": "/interoperability/standards", "value": ["nhs_number", "fhir_uk_core", "snomed_ct"]},
	])
	fs := rule.findings with input as t.run(p)
	count(fs) == 0
}

test_dm_d_not_required_without_scope if {
	p := json.patch(t.example, [
		{"op": "remove", "path": "/plan/in_scope"},
		{"op": "replace", "path": "/interoperability/standards", "value": ["nhs_number", "fhir_uk_core", "snomed_ct"]},
	])
	fs := rule.findings with input as t.run(p)
	count(fs) == 0
}

test_nhs_number_not_primary if {
	fs := rule.findings with input as t.set("/interoperability/nhs_number_primary_identifier", false)
	t.only_misses(fs, {"interoperability.nhs_number_primary_identifier"})
}

test_nhs_number_primary_not_said if {
	fs := rule.findings with input as t.without("/interoperability/nhs_number_primary_identifier")
	t.only_misses(fs, {"interoperability.nhs_number_primary_identifier"})
}

test_nhs_number_primary_as_text if {
	fs := rule.findings with input as t.set("/interoperability/nhs_number_primary_identifier", "yes")
	t.only_misses(fs, {"interoperability.nhs_number_primary_identifier"})
}

test_no_interoperability if {
	fs := rule.findings with input as t.without("/interoperability")
	t.only_misses(fs, {"interoperability.standards", "interoperability.nhs_number_primary_identifier"})
	count(fs) == 5
}

test_standards_and_scope_written_in_words if {
	fs := rule.findings with input as t.patch([
		{"op": "add", "path": "/interoperability/standards", "value": ["NHS Number", "FHIR-UK-Core", "SNOMED CT"]},
		{"op": "add", "path": "/plan/in_scope", "value": ["Medicines"]},
	])
	t.only_misses(fs, {"interoperability.standards"})
	t.message_of(fs, "interoperability.standards") == concat(" ", [
		"medicines are in scope, but the standards do not include the dictionary",
		"of medicines and devices, listed as dm_d",
	])
	with_dmd := rule.findings with input as t.patch([
		{"op": "add", "path": "/interoperability/standards", "value": ["NHS Number", "FHIR-UK-Core", "SNOMED CT", "dm+d", "DM D"]},
		{"op": "add", "path": "/plan/in_scope", "value": ["Medicines"]},
	])
	count(with_dmd) == 0

	# dm+d is a token of its own (plan-format suggests dm_d for it).
	plus_only := rule.findings with input as t.patch([
		{"op": "add", "path": "/interoperability/standards", "value": ["NHS Number", "FHIR-UK-Core", "SNOMED CT", "dm+d"]},
		{"op": "add", "path": "/plan/in_scope", "value": ["Medicines"]},
	])
	t.only_misses(plus_only, {"interoperability.standards"})
}
