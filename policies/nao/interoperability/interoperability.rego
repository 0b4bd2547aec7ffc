# METADATA
# title: Interoperability through national standards
# description: >-
#   Systems can exchange information because the plan adopts the national
#   standards: the NHS number as the patient identifier, FHIR UK Core for
#   exchange, SNOMED CT for clinical terms, and dm+d for medicines.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-interoperability
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: how to embed interoperability between systems in such a complex environment
#   remediation: >-
#     List under interoperability.standards at least nhs_number, fhir_uk_core
#     and snomed_ct, and dm_d when medicines are in scope, and set
#     interoperability.nhs_number_primary_identifier to true once the NHS
#     number is the primary identifier for patients in every system.
#   meets:
#     - interoperability.standards includes nhs_number, fhir_uk_core and snomed_ct
#     - interoperability.nhs_number_primary_identifier is true
#     - when plan.in_scope has medicines, interoperability.standards includes dm_d
#   example: |
#     plan:
#       in_scope: [medicines, records, patient_app, ai]
#     interoperability:
#       standards: [nhs_number, fhir_uk_core, snomed_ct, dm_d]
#       nhs_number_primary_identifier: true
package plancheck.rules["nao-interoperability"]

import data.plancheck.lib
import input.plan

# The standards every plan adopts, with the names a planner knows them by.
required := {
	"nhs_number": "the NHS number",
	"fhir_uk_core": "FHIR UK Core",
	"snomed_ct": "SNOMED CT",
}

findings contains lib.miss("interoperability.standards", msg) if {
	some code, label in required
	not lib.token(code) in lib.standards
	msg := sprintf("the standards do not include %s (%s)", [label, code])
}

findings contains lib.miss("interoperability.standards", msg) if {
	not lib.token("dm_d") in lib.standards
	lib.in_scope("medicines")
	msg := concat(" ", [
		"medicines are in scope, but the standards do not include the dictionary",
		"of medicines and devices, listed as dm_d",
	])
}

findings contains lib.miss("interoperability.nhs_number_primary_identifier", msg) if {
	not plan.interoperability.nhs_number_primary_identifier == true
	msg := concat(" ", [
		"the NHS number is not said to be the primary identifier for patients",
		"(nhs_number_primary_identifier is not true)",
	])
}
