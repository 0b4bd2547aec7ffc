package plancheck.rules["wg-spend-reprioritised_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-spend-reprioritised"] as rule

# trust(share) is the example plan as a trust's, with a digital share (or
# none when share is null).
trust(share) := t.patch([
	{"op": "add", "path": "/organisation/type", "value": "trust"},
	{"op": "add", "path": "/funding/digital_share_pct", "value": share},
])

# The example plan is an ICB's: the 5% share recommended to trusts is not
# asked of it, though its share is 3.5%.
test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_share_is_not_asked_of_other_organisations if {
	every type in ["icb", "gp_practice", "pcn", "local_authority", "national_body", "other"] {
		fs := rule.findings with input as t.patch([
			{"op": "add", "path": "/organisation/type", "value": type},
			{"op": "add", "path": "/funding/digital_share_pct", "value": 1},
		])
		count(fs) == 0
	}
	untyped := rule.findings with input as t.without("/organisation/type")
	count(untyped) == 0
}

test_trust_below_five_percent_is_advice if {
	fs := rule.findings with input as trust(3.5)
	t.only_advice(fs, {"funding.digital_share_pct"})
	t.message_of(fs, "funding.digital_share_pct") == "digital is 3.5% of spend, below the 5% recommended to trusts"
	ft := rule.findings with input as t.patch([
		{"op": "add", "path": "/organisation/type", "value": "Foundation Trust"},
		{"op": "add", "path": "/funding/digital_share_pct", "value": 4.9},
	])
	t.only_advice(ft, {"funding.digital_share_pct"})
}

test_five_percent_share_meets if {
	fs := rule.findings with input as trust(5)
	count(fs) == 0
}

test_no_share_is_advice_for_a_trust if {
	fs := rule.findings with input as trust(null)
	t.only_advice(fs, {"funding.digital_share_pct"})
	t.message_of(fs, "funding.digital_share_pct") == "digital's share of total spend (digital_share_pct) is not given; 5% is recommended to trusts"
}

test_share_as_text_is_advice if {
	fs := rule.findings with input as trust("five")
	t.only_advice(fs, {"funding.digital_share_pct"})
}

test_no_amount if {
	fs := rule.findings with input as t.without("/funding/reprioritised/amount_gbp")
	t.only_misses(fs, {"funding.reprioritised.amount_gbp"})
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "no amount of spend re-prioritised towards digital transformation is given"
}

test_zero_amount if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", 0)
	t.only_misses(fs, {"funding.reprioritised.amount_gbp"})
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "the re-prioritised amount must be a number of pounds above 0, not 0"
}

test_amount_as_text if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", "two million")
	t.only_misses(fs, {"funding.reprioritised.amount_gbp"})
}

test_smallest_amount_meets if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", 1)
	t.only_misses(fs, set())
}

test_no_source_of_spend if {
	fs := rule.findings with input as t.without("/funding/reprioritised/from")
	t.only_misses(fs, {"funding.reprioritised.from"})
}

test_empty_source_of_spend if {
	fs := rule.findings with input as t.set("/funding/reprioritised/from", [])
	t.only_misses(fs, {"funding.reprioritised.from"})
}

test_nothing_reprioritised if {
	fs := rule.findings with input as t.without("/funding/reprioritised")
	t.only_misses(fs, {"funding.reprioritised.amount_gbp", "funding.reprioritised.from"})
}

test_no_funding_section if {
	fs := rule.findings with input as t.without("/funding")
	t.only_misses(fs, {"funding.reprioritised.amount_gbp", "funding.reprioritised.from"})
	t.advice_paths(fs) == set()
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "no amount of spend re-prioritised towards digital transformation is given"
}

test_blank_amount_is_not_given if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", " ")
	t.only_misses(fs, {"funding.reprioritised.amount_gbp"})
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "no amount of spend re-prioritised towards digital transformation is given"
}

test_share_not_a_number_is_advice if {
	fs := rule.findings with input as trust("three")
	t.only_advice(fs, {"funding.digital_share_pct"})
	t.message_of(fs, "funding.digital_share_pct") == `digital's share of total spend (digital_share_pct) is "three", not a number; 5% is recommended to trusts`
}

# A list whose entries were left unfilled lists nothing.
test_unfilled_source_of_spend_is_none if {
	fs := rule.findings with input as t.set("/funding/reprioritised/from", [""])
	t.only_misses(fs, {"funding.reprioritised.from"})
}
