# METADATA
# title: Governance and accountability for delivery
# description: >-
#   One named person is accountable for delivering the plan, a named board
#   oversees delivery at a set rhythm, and independent assurance is planned.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-governance-accountability
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: strong governance and accountability for delivery, which are not yet in place
#   remediation: >-
#     Name one accountable owner under governance.owner (a person with a name
#     and a role, not a list or a committee), name the board that oversees
#     delivery and say how often it meets, and plan independent assurance such
#     as an internal audit or a gateway review.
#   meets:
#     - governance.owner is one person with a name and a role, as in wg-accountable-owner
#     - governance.board.name is given
#     - governance.board.meets says how often the board meets
#   advice:
#     - governance.assurance lists at least one independent assurance
#   changes:
#     - version: 2
#       what: >-
#         the owner is judged as wg-accountable-owner now judges it: a body by the committee words
#         and person posts vocabularies
#   example: |
#     governance:
#       owner:
#         name: Dr Asha Patel
#         role: Chief Digital and Information Officer
#       board: {name: Digital Transformation Board, meets: monthly}
#       assurance:
#         - {type: internal_audit, date: 2026-09-30}
package plancheck.rules["nao-governance-accountability"]

import data.plancheck.lib
import input.plan

# The accountable owner is checked as wg-accountable-owner checks it; only
# its must findings count here, not its advice.
findings contains f if {
	some f in data.plancheck.rules["wg-accountable-owner"].findings
	f.level == "miss"
}

findings contains lib.miss("governance.board.name", "the board that oversees delivery is not named") if {
	not plan.governance.board.name
}

findings contains lib.miss("governance.board.meets", msg) if {
	not plan.governance.board.meets
	msg := concat(" ", [
		"how often the delivery board meets (weekly, fortnightly, monthly,",
		"six-weekly, every two months or quarterly) is not said",
	])
}

findings contains lib.advice("governance.assurance", msg) if {
	not lib.filled_at(["governance", "assurance"])
	msg := "no independent assurance is planned, such as an internal audit, a gateway review or an external review"
}
