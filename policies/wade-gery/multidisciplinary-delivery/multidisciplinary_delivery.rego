# METADATA
# title: Multidisciplinary teams that deliver iteratively
# description: >-
#   The plan is delivered by teams that bring clinicians together with digital
#   and data specialists, working in short cycles that learn from users rather
#   than in one long sequence of stages.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-multidisciplinary-delivery
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Recommendations (the Transformation Factory), as reported by UKAuthority
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: >-
#       NHS England and Improvement (NHSEI) should set up a Transformation Factory and teams consisting of
#       leaders from digital, data, clinical, management and operational functions
#   remediation: >-
#     List the roles of the delivery team under delivery.team, in your own
#     words, including at least one clinical role (a clinician, nurse, CCIO
#     or clinical safety officer, for example) and at least one digital or
#     data role (a product manager, user researcher, developer or data
#     analyst, for example), and give delivery.approach as agile, iterative
#     or hybrid.
#   meets:
#     - an entry of delivery.team names a clinical role (the clinical roles vocabulary)
#     - an entry of delivery.team names a digital or data role (the digital roles vocabulary); one entry may name both
#   advice:
#     - delivery.approach is agile, iterative or hybrid
#     - every entry of delivery.team names a clinical or a digital role; those that do not are listed, once
#   vocabulary: [clinical_roles, digital_roles]
#   changes:
#     - version: 2
#       what: >-
#         team roles are matched against the clinical and digital roles vocabularies, by whole
#         words; unrecognised entries get one piece of advice
#   example: |
#     delivery:
#       team: [consultant psychiatrist, mental health nurse, product manager, software developers, data analyst]
#       approach: agile
package plancheck.rules["wg-multidisciplinary-delivery"]

import data.plancheck.lib
import input.plan

# Each text entry of the team, in the plan's order, split into words once,
# with what it is recognised as.
entries contains [i, e, clinical, digital] if {
	some i, e in lib.items(plan.delivery.team)
	is_string(e)
	ws := lib.words(e)
	clinical := lib.matched("clinical_roles", ws)
	digital := lib.matched("digital_roles", ws)
}

has_clinical_role if some [_, _, true, _] in entries

has_digital_role if some [_, _, _, true] in entries

explain := "see plancheck explain wg-multidisciplinary-delivery for the roles recognised"

findings contains lib.miss("delivery.team", msg) if {
	not has_clinical_role
	msg := sprintf("the delivery team has no clinical role, such as a clinician, nurse or CCIO (%s)", [explain])
}

findings contains lib.miss("delivery.team", msg) if {
	not has_digital_role
	msg := sprintf(
		"the delivery team has no digital or data role, such as a product manager, developer or data analyst (%s)",
		[explain],
	)
}

# Entries that match neither list are named together, once: a planner sees
# what was not recognised, and the plan still meets the recommendation.
findings contains lib.advice("delivery.team", msg) if {
	unknown := [e | some [_, e, false, false] in entries]
	count(unknown) > 0
	msg := sprintf(
		concat(" ", [
			"not recognised as clinical or digital roles: %s — fine for other",
			"roles; %s",
		]),
		[concat(", ", unknown), explain],
	)
}

findings contains lib.advice("delivery.approach", msg) if {
	not plan.delivery.approach
	msg := "the delivery approach is not given; agile, iterative or hybrid is advised"
}

findings contains lib.advice("delivery.approach", msg) if {
	approach := plan.delivery.approach
	not iterative(approach)
	msg := sprintf("the delivery approach is %v; agile, iterative or hybrid is advised", [approach])
}

iterative(approach) if {
	some a in ["agile", "iterative", "hybrid"]
	lib.is(approach, a)
}
