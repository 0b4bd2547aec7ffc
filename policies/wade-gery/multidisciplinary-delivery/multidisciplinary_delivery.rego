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
#     List the roles of the delivery team under delivery.team, including a
#     clinician (or clinical_lead) and at least one digital or data role
#     (product_manager, user_researcher, engineer, data_analyst, designer), and
#     give delivery.approach as agile, iterative or hybrid.
#   meets:
#     - delivery.team includes clinician or clinical_lead
#     - delivery.team includes at least one of product_manager, user_researcher, engineer, data_analyst or designer
#   advice:
#     - delivery.approach is agile, iterative or hybrid
#   example: |
#     delivery:
#       team: [clinician, product_manager, user_researcher, engineer, data_analyst]
#       approach: agile
package plancheck.rules["wg-multidisciplinary-delivery"]

import data.plancheck.lib
import input.plan

# The roles are written out where they are looked for: a literal set is
# cheaper to test against than a rule.
digital_roles := ["product_manager", "user_researcher", "engineer", "data_analyst", "designer"]

has_clinical_role if {
	some r in lib.items(plan.delivery.team)
	r in {"clinician", "clinical_lead"}
}

has_digital_role if {
	some r in lib.items(plan.delivery.team)
	r in {"product_manager", "user_researcher", "engineer", "data_analyst", "designer"}
}

findings contains lib.must("delivery.team", "the delivery team has no clinician (or clinical_lead)") if {
	not has_clinical_role
}

findings contains lib.must("delivery.team", msg) if {
	not has_digital_role
	msg := sprintf("the delivery team has no digital or data role (%s)", [concat(", ", digital_roles)])
}

findings contains lib.should("delivery.approach", msg) if {
	not plan.delivery.approach
	msg := "the delivery approach is not given; agile, iterative or hybrid is advised"
}

findings contains lib.should("delivery.approach", msg) if {
	approach := plan.delivery.approach
	not approach in {"agile", "iterative", "hybrid"}
	msg := sprintf("the delivery approach is %v; agile, iterative or hybrid is advised", [approach])
}
