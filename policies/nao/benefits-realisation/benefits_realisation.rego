# METADATA
# title: Benefits defined and owned
# description: >-
#   The plan says what benefits it will deliver, each measured from a
#   baseline to a target by a date, with a named owner responsible for
#   realising it.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-benefits-realisation
#   framework: nao
#   severity: should
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: >-
#       unlikely to achieve value for money for the up to £8.1 billion they estimate will be spent on digital
#       transformation between 2019-20 and 2023-24
#   remediation: >-
#     List under benefits each benefit the plan will deliver, with a metric, a
#     baseline, a target, a date to realise it by, and the owner responsible
#     for realising it.
#   meets:
#     - benefits has at least one entry
#     - every benefit has a metric, a baseline, a target, a by date and an owner
#   example: |
#     benefits:
#       - {name: Fewer missed appointments, metric: DNA rate, baseline: 8, target: 5, by: 2028-03-31, owner: COO}
package plancheck.rules["nao-benefits-realisation"]

import data.plancheck.lib
import input.plan

# What a planner is told when a benefit lacks a field.
lacking := {
	"metric": "no metric",
	"baseline": "no baseline",
	"target": "no target",
	"by": "no date to be realised by",
	"owner": "no owner",
}

findings contains lib.miss("benefits", msg) if {
	not lib.filled_at(["benefits"])
	msg := "no benefits are listed: say what the plan will deliver, how it is measured, and who owns it"
}

findings contains lib.miss(sprintf("benefits[%d].%s", [i, field]), msg) if {
	some i, b in lib.items(plan.benefits)
	lib.says(b)
	some field, text in lacking
	not b[field]
	msg := sprintf("benefit %s has %s", [lib.name(b, i), text])
}
