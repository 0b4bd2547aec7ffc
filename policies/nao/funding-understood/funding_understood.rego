# METADATA
# title: Full cost understood and funded
# description: >-
#   The plan states what it will cost in total, how that figure was worked
#   out and how firm it is, and includes the recurring running costs as well
#   as the one-off costs of buying and building.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-funding-understood
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: the government does not have a reliable understanding of how much funding is required
#   remediation: >-
#     Under funding, give the plan's total cost in pounds, the recurring
#     (revenue) costs, even if they are 0, how the estimate was built and how
#     confident it is (low, medium or high); cost the plan over at least 5
#     years of its life and set aside a contingency.
#   meets:
#     - funding.total_gbp is an amount above 0
#     - funding.confidence is set
#     - funding.basis says how the estimate was built
#     - funding.revenue_gbp is given as an amount, 0 allowed (recurring costs are not forgotten)
#   advice:
#     - funding.whole_life_years is at least 5
#     - funding.contingency_gbp is above 0
#     - funding.confidence is not low
#     - >-
#       funding.sources says where the money comes from, each source with a name, an amount_gbp and a status
#       (secured, bid or assumed)
#     - the secured sources add up to at least funding.total_gbp
#   example: |
#     funding:
#       total_gbp: 12500000
#       capital_gbp: 8000000
#       revenue_gbp: 4500000
#       whole_life_years: 10
#       confidence: medium
#       basis: bottom-up from supplier quotes and reference-class data
#       contingency_gbp: 1200000
#       sources:
#         - {name: Frontline digitisation capital, amount_gbp: 8000000, status: secured}
#         - {name: ICB recurrent allocation, amount_gbp: 4500000, status: secured}
package plancheck.rules["nao-funding-understood"]

import data.plancheck.lib
import input.plan

source_fields := {
	"name": "name",
	"amount_gbp": "amount in pounds (amount_gbp)",
	"status": "status (secured, bid or assumed)",
}

# The secured sources add up to at least the total cost; when they do not,
# the advice says how much is not yet secured.
secured := sum([source.amount_gbp |
	some source in lib.items(plan.funding.sources)
	lib.is(source.status, "secured")
	is_number(source.amount_gbp)
])

findings contains lib.miss("funding.total_gbp", "the plan's total cost in pounds is not given") if {
	not plan.funding.total_gbp
}

findings contains lib.miss("funding.total_gbp", msg) if {
	total := plan.funding.total_gbp
	not is_number(total)
	msg := sprintf("the plan's total cost must be an amount in pounds above 0, not %v", [total])
}

findings contains lib.miss("funding.total_gbp", msg) if {
	total := plan.funding.total_gbp
	is_number(total)
	total <= 0
	msg := sprintf("the plan's total cost must be an amount in pounds above 0, not %v", [total])
}

findings contains lib.miss("funding.confidence", msg) if {
	not plan.funding.confidence
	msg := "how confident the cost estimate is (low, medium or high) is not said"
}

findings contains lib.miss("funding.basis", msg) if {
	not plan.funding.basis
	msg := concat(" ", [
		"the basis of the cost estimate (how the figure was worked out) is not",
		"given",
	])
}

findings contains lib.miss("funding.revenue_gbp", msg) if {
	not plan.funding.revenue_gbp
	msg := "recurring (revenue) costs are not given, so running costs may be forgotten: give them, even if 0"
}

findings contains lib.miss("funding.revenue_gbp", msg) if {
	revenue := plan.funding.revenue_gbp
	not is_number(revenue)
	msg := sprintf("recurring (revenue) costs must be an amount in pounds (0 if there are none), not %v", [revenue])
}

findings contains lib.advice("funding.whole_life_years", msg) if {
	not plan.funding.whole_life_years
	msg := "the number of years the costs cover is not given: cost the plan over at least 5 years of its life"
}

findings contains lib.advice("funding.whole_life_years", msg) if {
	years := plan.funding.whole_life_years
	not is_number(years)
	msg := "the number of years the costs cover is not given: cost the plan over at least 5 years of its life"
}

findings contains lib.advice("funding.whole_life_years", msg) if {
	years := plan.funding.whole_life_years
	is_number(years)
	years < 5
	msg := sprintf("the costs cover %v years: cost the plan over at least 5 years of its life", [years])
}

findings contains lib.advice("funding.contingency_gbp", "no contingency is set aside for cost overruns") if {
	not plan.funding.contingency_gbp
}

findings contains lib.advice("funding.contingency_gbp", "no contingency is set aside for cost overruns") if {
	contingency := plan.funding.contingency_gbp
	not is_number(contingency)
}

findings contains lib.advice("funding.contingency_gbp", "no contingency is set aside for cost overruns") if {
	plan.funding.contingency_gbp <= 0
}

findings contains lib.advice("funding.confidence", msg) if {
	lib.is(plan.funding.confidence, "low")
	msg := concat(" ", [
		"confidence in the cost estimate is low: firm it up, for example with",
		"supplier quotes or reference-class data",
	])
}

# Where the money comes from: a planner is advised to say, source by
# source, and whether it is secured.
findings contains lib.advice("funding.sources", msg) if {
	not lib.filled_at(["funding", "sources"])
	msg := concat(" ", [
		"where the money comes from is not given: list funding.sources, each",
		"with a name, an amount_gbp and a status (secured, bid or assumed)",
	])
}

findings contains lib.advice(sprintf("funding.sources[%d].%s", [i, field]), msg) if {
	some i, source in lib.items(plan.funding.sources)
	lib.says(source)
	is_object(source)
	some field, what in source_fields
	not source[field]
	msg := sprintf("funding source %s has no %s", [lib.name(source, i), what])
}

findings contains lib.advice(sprintf("funding.sources[%d].amount_gbp", [i]), msg) if {
	some i, source in lib.items(plan.funding.sources)
	lib.says(source)
	amount := source.amount_gbp
	not is_number(amount)
	msg := sprintf(
		concat(" ", [
			"funding source %s's amount_gbp is %s, not a number of pounds",
		]),
		[lib.name(source, i), lib.quote(amount)],
	)
}

findings contains lib.advice("funding.sources", msg) if {
	lib.filled_at(["funding", "sources"])
	total := plan.funding.total_gbp
	is_number(total)
	short := pennies(total) - pennies(secured)
	short > 0
	msg := sprintf("%s of the %s total is not yet secured: the secured sources add up to %s", [
		lib.pounds(short / 100), lib.pounds(total), lib.pounds(secured),
	])
}

# pennies compares amounts as they are shown: in whole pennies, so that
# sources that add up to the total to the penny are not short by a
# fraction of one (8000000.10 + 4500000.20 is not quite 12500000.30).
pennies(amount) := round(amount * 100)
