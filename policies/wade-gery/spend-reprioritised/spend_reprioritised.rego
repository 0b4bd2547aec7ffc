# METADATA
# title: Spend re-prioritised towards digital transformation
# description: >-
#   The plan moves money towards digital transformation from spending that
#   matters less, and says how much and from where, rather than waiting for
#   new funding. Digital's share of total spend shows how far it has moved.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-spend-reprioritised
#   framework: wade-gery
#   severity: should
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Recommendations, as reported on publication (25 November 2021)
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: seek to re-prioritise spend from within the wider NHSE budget to support accelerated digital transformation
#   remediation: >-
#     Under funding.reprioritised, give the amount in pounds moved to digital
#     transformation and list where it comes from (contracts, budgets or services
#     stopped or reduced); give funding.digital_share_pct, digital's share of total
#     spend, and aim for the 5% recommended to trusts.
#   meets:
#     - funding.reprioritised.amount_gbp is a number of pounds above 0
#     - funding.reprioritised.from says where the money comes from
#   advice:
#     - >-
#       trust and foundation_trust only: funding.digital_share_pct is at least 5, the share the NAO notes is
#       recommended to trusts
#   changes:
#     - version: 2
#       what: >-
#         the 5% digital share is advice for trusts and foundation trusts only
#   example: |
#     funding:
#       reprioritised: {amount_gbp: 2000000, from: [paper records storage contract]}
#       digital_share_pct: 5
package plancheck.rules["wg-spend-reprioritised"]

import data.plancheck.lib
import input.plan

# The 5% share is what the NAO notes is recommended to trusts: it is
# advice for a trust or a foundation trust, and not asked of others.
trust if lib.org_type in {"trust", "foundation_trust"}

findings contains lib.miss("funding.reprioritised.amount_gbp", msg) if {
	not plan.funding.reprioritised.amount_gbp
	msg := "no amount of spend re-prioritised towards digital transformation is given"
}

findings contains lib.miss("funding.reprioritised.amount_gbp", msg) if {
	amount := plan.funding.reprioritised.amount_gbp
	not is_number(amount)
	msg := sprintf("the re-prioritised amount must be a number of pounds above 0, not %v", [amount])
}

findings contains lib.miss("funding.reprioritised.amount_gbp", msg) if {
	amount := plan.funding.reprioritised.amount_gbp
	amount <= 0
	is_number(amount)
	msg := sprintf("the re-prioritised amount must be a number of pounds above 0, not %v", [amount])
}

findings contains lib.miss("funding.reprioritised.from", msg) if {
	not lib.given_at(["funding", "reprioritised", "from"])
	msg := "the plan does not say where the re-prioritised spend comes from"
}

findings contains lib.advice("funding.digital_share_pct", msg) if {
	trust
	not plan.funding.digital_share_pct
	msg := "digital's share of total spend (digital_share_pct) is not given; 5% is recommended to trusts"
}

findings contains lib.advice("funding.digital_share_pct", msg) if {
	trust
	share := plan.funding.digital_share_pct
	not is_number(share)
	msg := sprintf(
		concat(" ", [
			"digital's share of total spend (digital_share_pct) is %s, not a",
			"number; 5%% is recommended to trusts",
		]),
		[lib.quote(share)],
	)
}

findings contains lib.advice("funding.digital_share_pct", msg) if {
	trust
	share := plan.funding.digital_share_pct
	share < 5
	is_number(share)
	msg := sprintf("digital is %v%% of spend, below the 5%% recommended to trusts", [share])
}
