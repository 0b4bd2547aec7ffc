# METADATA
# title: Digital skills and capability built
# description: >-
#   The plan knows what digital skills the organisation has and lacks, from a
#   recent capability assessment, and has a workforce plan to build them,
#   including the leaders who bridge clinical, managerial and digital work.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-digital-skills
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: The current position (leadership and skills), as quoted by Digital Health
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: >-
#       variable commitment, experience and interest amongst senior leaders in digitally enabled system
#       transformation, with too few integrative leaders able to effectively bridge managerial, clinical and
#       digital
#   remediation: >-
#     Assess the organisation's digital capability before the plan starts and
#     record the date and reference under skills.capability_assessment; link the
#     digital workforce plan; list the digital roles needed with their FTE, and
#     say whether the board has had digital training.
#   meets:
#     - skills.capability_assessment.completed is a recent date
#     - skills.workforce_plan is given
#   advice:
#     - skills.board_training is true
#     - skills.roles lists the digital roles needed
#   changes:
#     - version: 2
#       what: >-
#         a recent capability assessment is one not after the plan date; one dated later is not
#         done yet
#   example: |
#     skills:
#       capability_assessment: {completed: 2026-01-10, reference: docs/capability.pdf}
#       workforce_plan: docs/workforce-plan.pdf
#       roles: [{role: clinical safety officer, fte: 1}, {role: data engineer, fte: 3}]
#       board_training: true
package plancheck.rules["wg-digital-skills"]

import data.plancheck.lib
import input.plan

findings contains lib.miss("skills.capability_assessment.completed", msg) if {
	not plan.skills.capability_assessment.completed
	msg := "no completed digital capability assessment is dated"
}

findings contains lib.miss("skills.capability_assessment.completed", msg) if {
	why := lib.not_recent(plan.skills.capability_assessment.completed)
	msg := sprintf("the digital capability assessment is not recent: %s", [why])
}

findings contains lib.miss("skills.workforce_plan", "no digital workforce plan is given") if {
	not plan.skills.workforce_plan
}

findings contains lib.advice("skills.board_training", msg) if {
	not plan.skills.board_training == true
	msg := "the board is not said to have had digital training (board_training is not true)"
}

findings contains lib.advice("skills.roles", "the digital roles the plan needs are not listed") if {
	not lib.filled_at(["skills", "roles"])
}
