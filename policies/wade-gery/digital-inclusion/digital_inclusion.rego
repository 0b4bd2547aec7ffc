# METADATA
# title: Digital inequality assessed and mitigated
# description: >-
#   The plan assesses who could be left behind by digital services, keeps a
#   way to use the service without going online, and says how people who
#   struggle with digital services are helped.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-digital-inclusion
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Recommendations, as reported on publication (25 November 2021)
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: taking digital inequality into account when designing service transformation, and mitigating against it
#   remediation: >-
#     Complete an inclusion impact assessment (such as an equality and health
#     inequalities impact assessment, EHIA) before the plan starts and record
#     its date and reference; keep a route that works without
#     the internet; and list how people who cannot or will not go online are
#     supported (digital champions, assisted telephone routes, translated material).
#   meets:
#     - inclusion.impact_assessment.completed is a recent date
#     - inclusion.mitigations lists at least one mitigation
#     - inclusion.non_digital_alternative is true
#   advice:
#     - inclusion.groups_considered names at least 3 groups
#     - inclusion.impact_assessment.reference is given
#   changes:
#     - version: 2
#       what: >-
#         a recent impact assessment is one not after the plan date (the approval date when it is
#         not after today, else today)
#   example: |
#     inclusion:
#       impact_assessment: {type: ehia, completed: 2026-02-01, reference: docs/ehia.pdf}
#       groups_considered: [age, disability, language, deprivation, rurality]
#       non_digital_alternative: true
#       mitigations: [digital champions in libraries, assisted telephone route]
package plancheck.rules["wg-digital-inclusion"]

import data.plancheck.lib
import input.plan

findings contains lib.miss("inclusion.impact_assessment.completed", msg) if {
	not plan.inclusion.impact_assessment.completed
	msg := concat(" ", [
		"no completed digital inclusion impact assessment (such as an equality and",
		"health inequalities impact assessment, EHIA) is dated",
	])
}

findings contains lib.miss("inclusion.impact_assessment.completed", msg) if {
	why := lib.not_recent(plan.inclusion.impact_assessment.completed)
	msg := sprintf("the inclusion impact assessment is not recent: %s", [why])
}

findings contains lib.miss("inclusion.mitigations", "no mitigations for digital exclusion are listed") if {
	not lib.given_at(["inclusion", "mitigations"])
}

findings contains lib.miss("inclusion.non_digital_alternative", msg) if {
	not plan.inclusion.non_digital_alternative == true
	msg := "the plan does not keep a way to use the service without going online (non_digital_alternative is not true)"
}

findings contains lib.advice("inclusion.groups_considered", msg) if {
	not lib.filled_at(["inclusion", "groups_considered"])
	msg := concat(" ", [
		"no groups at risk of digital exclusion are named; consider at least 3",
		"(age, disability, language, deprivation, rurality…)",
	])
}

findings contains lib.advice("inclusion.groups_considered", msg) if {
	n := lib.filled_count(object.get(plan, ["inclusion", "groups_considered"], []))
	n > 0
	n < 3
	msg := sprintf(
		concat(" ", [
			"only %d of the groups at risk of digital exclusion are considered;",
			"consider at least 3 (age, disability, language, deprivation,",
			"rurality…)",
		]),
		[n],
	)
}

findings contains lib.advice("inclusion.impact_assessment.reference", msg) if {
	not plan.inclusion.impact_assessment.reference
	msg := "the impact assessment has no reference to the document itself"
}
