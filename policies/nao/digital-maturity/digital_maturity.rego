# METADATA
# title: Digital maturity baseline assessed
# description: >-
#   The plan starts from a recent, named assessment of the organisation's
#   digital maturity, so that it knows where it stands before it sets out
#   where it wants to be.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-digital-maturity
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: improving the digital maturity of some NHS trusts
#   remediation: >-
#     Assess digital maturity against a named framework (such as What Good
#     Looks Like) no more than 24 months before the plan starts, and record
#     the framework, the date it was completed and, for What Good Looks Like,
#     a score from 1 to 5 for each of its seven success measures.
#   meets:
#     - maturity.framework is given
#     - maturity.completed is a recent date
#   advice:
#     - if maturity.framework is what_good_looks_like, all seven maturity.scores are given as whole numbers from 1 to 5
#   changes:
#     - version: 2
#       what: >-
#         a recent maturity assessment is one not after the plan date (the approval date when it is
#         not after today, else today)
#   example: |
#     maturity:
#       framework: what_good_looks_like
#       completed: 2025-11-01
#       scores: {well_led: 3, smart_foundations: 2, safe_practice: 3, support_people: 2,
#                empower_citizens: 2, improve_care: 2, healthy_populations: 1}
package plancheck.rules["nao-digital-maturity"]

import data.plancheck.lib
import input.plan

# The seven success measures of What Good Looks Like.
measures := [
	"well_led",
	"smart_foundations",
	"safe_practice",
	"support_people",
	"empower_citizens",
	"improve_care",
	"healthy_populations",
]

findings contains lib.miss("maturity.framework", msg) if {
	not plan.maturity.framework
	msg := "the framework the digital maturity was assessed against is not named"
}

findings contains lib.miss("maturity.completed", "no date is given for the digital maturity assessment") if {
	not plan.maturity.completed
}

findings contains lib.miss("maturity.completed", msg) if {
	why := lib.not_recent(plan.maturity.completed)
	msg := sprintf("the digital maturity assessment is not recent: %s", [why])
}

findings contains lib.advice(sprintf("maturity.scores.%s", [m]), msg) if {
	lib.is(plan.maturity.framework, "what_good_looks_like")
	some m in measures
	not plan.maturity.scores[m]
	msg := sprintf("no What Good Looks Like score is given for %s (a whole number from 1 to 5)", [m])
}

findings contains lib.advice(sprintf("maturity.scores.%s", [m]), msg) if {
	lib.is(plan.maturity.framework, "what_good_looks_like")
	some m in measures
	score := plan.maturity.scores[m]
	not {1, 2, 3, 4, 5}[score] # a whole number from 1 to 5; 4.0 counts as 4
	msg := sprintf("the What Good Looks Like score for %s is %v, not a whole number from 1 to 5", [m, score])
}
