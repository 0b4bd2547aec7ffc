# METADATA
# title: Common standards and a target architecture
# description: >-
#   The plan builds on common standards so that systems can share data: the
#   NHS number to identify patients and FHIR UK Core to exchange records, and
#   it sets out the target data and technology architecture it is working to.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-common-standards
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: The current position (data and technology), as quoted by Digital Health
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: lack of clarity on target state data and technology architecture
#   remediation: >-
#     List the standards the plan adopts under interoperability.standards,
#     including nhs_number and fhir_uk_core, and link the target data and
#     technology architecture under data.target_architecture.
#   meets:
#     - interoperability.standards includes nhs_number (written in any case, with - _ or spaces)
#     - interoperability.standards includes fhir_uk_core ("FHIR UK Core" counts)
#     - "large organisations (every type but gp_practice and pcn): data.target_architecture is given"
#   advice:
#     - "primary care (gp_practice, pcn): data.target_architecture is given"
#   changes:
#     - version: 2
#       what: >-
#         a target architecture is required of large organisations only; for primary care
#         (gp_practice, pcn) it is advice
#   example: |
#     interoperability:
#       standards: [nhs_number, fhir_uk_core, snomed_ct, dm_d]
#     data:
#       target_architecture: docs/target-architecture.pdf
package plancheck.rules["wg-common-standards"]

import data.plancheck.lib
import input.plan

findings contains lib.miss("interoperability.standards", msg) if {
	not lib.token("nhs_number") in lib.standards
	msg := "the interoperability standards do not include the NHS number (nhs_number)"
}

findings contains lib.miss("interoperability.standards", msg) if {
	not lib.token("fhir_uk_core") in lib.standards
	msg := "the interoperability standards do not include FHIR UK Core (fhir_uk_core)"
}

# A large organisation is asked for its target architecture; a GP
# practice or a primary care network is advised to have one.
findings contains lib.miss("data.target_architecture", msg) if {
	lib.large
	not plan.data.target_architecture
	msg := "no target data and technology architecture is given"
}

findings contains lib.advice("data.target_architecture", msg) if {
	lib.primary_care
	not plan.data.target_architecture
	msg := "no target data and technology architecture is given"
}
