# METADATA
# title: Foundations before newer technology
# description: >-
#   A plan that takes on AI or other emerging technology puts the foundations
#   first: core digitisation and interoperability through national standards
#   come before newer technology is built on them.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-foundations-first
#   framework: nao
#   severity: must
#   applies_when: plan.in_scope has ai or emerging_technology
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: reach a core level of digitisation by 2024
#   remediation: >-
#     When AI or emerging technology is in scope, set foundations_first to true
#     and sequence the plan so that interoperability and core digitisation come
#     first, and meet the interoperability checks (nao-interoperability).
#   meets:
#     - foundations_first is true
#     - the must checks of nao-interoperability hold
#   example: |
#     plan:
#       in_scope: [medicines, records, patient_app, ai]
#     foundations_first: true
#     interoperability:
#       standards: [nhs_number, fhir_uk_core, snomed_ct, dm_d]
#       nhs_number_primary_identifier: true
package plancheck.rules["nao-foundations-first"]

import data.plancheck.lib
import input.plan

default applicable := false

applicable if lib.in_scope("ai")

applicable if lib.in_scope("emerging_technology")

# The findings are built whatever the scope: when the recommendation does
# not apply, the entrypoint drops them.
findings contains lib.miss("foundations_first", msg) if {
	not plan.foundations_first == true
	msg := concat(" ", [
		"newer technology is in scope, but the plan does not put",
		"interoperability and core digitisation first (foundations_first)",
	])
}

findings contains lib.miss(f.path, msg) if {
	some f in data.plancheck.rules["nao-interoperability"].findings
	f.level == "miss"
	msg := concat("", ["newer technology is in scope before interoperability is in place: ", f.message])
}
