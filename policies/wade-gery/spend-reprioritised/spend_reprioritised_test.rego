package plancheck.rules["wg-spend-reprioritised_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-spend-reprioritised"] as rule

# The example plan's digital share (3.5%) is below the 5% recommended to
# trusts, so it meets the recommendation with that advice alone.
test_example_plan_meets if {
	fs := rule.findings with input as t.good
	t.only_should(fs, {"funding.digital_share_pct"})
	t.message_of(fs, "funding.digital_share_pct") == "digital is 3.5% of spend, below the 5% recommended to trusts"
}

test_five_percent_share_meets if {
	fs := rule.findings with input as t.set("/funding/digital_share_pct", 5)
	count(fs) == 0
}

test_share_just_below_five_is_advice if {
	fs := rule.findings with input as t.set("/funding/digital_share_pct", 4.9)
	t.only_should(fs, {"funding.digital_share_pct"})
}

test_no_share_is_advice if {
	fs := rule.findings with input as t.without("/funding/digital_share_pct")
	t.only_should(fs, {"funding.digital_share_pct"})
	t.message_of(fs, "funding.digital_share_pct") == "digital's share of total spend (digital_share_pct) is not given; 5% is recommended to trusts"
}

test_share_as_text_is_advice if {
	fs := rule.findings with input as t.set("/funding/digital_share_pct", "five")
	t.only_should(fs, {"funding.digital_share_pct"})
}

test_no_amount if {
	fs := rule.findings with input as t.without("/funding/reprioritised/amount_gbp")
	t.only_must(fs, {"funding.reprioritised.amount_gbp"})
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "no amount of spend re-prioritised towards digital transformation is given"
}

test_zero_amount if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", 0)
	t.only_must(fs, {"funding.reprioritised.amount_gbp"})
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "the re-prioritised amount must be a number of pounds above 0, not 0"
}

test_amount_as_text if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", "two million")
	t.only_must(fs, {"funding.reprioritised.amount_gbp"})
}

test_smallest_amount_meets if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", 1)
	t.only_must(fs, set())
}

test_no_source_of_spend if {
	fs := rule.findings with input as t.without("/funding/reprioritised/from")
	t.only_must(fs, {"funding.reprioritised.from"})
}

test_empty_source_of_spend if {
	fs := rule.findings with input as t.set("/funding/reprioritised/from", [])
	t.only_must(fs, {"funding.reprioritised.from"})
}

test_nothing_reprioritised if {
	fs := rule.findings with input as t.without("/funding/reprioritised")
	t.only_must(fs, {"funding.reprioritised.amount_gbp", "funding.reprioritised.from"})
}

test_no_funding_section if {
	fs := rule.findings with input as t.without("/funding")
	t.only_must(fs, {"funding.reprioritised.amount_gbp", "funding.reprioritised.from"})
	t.should_paths(fs) == {"funding.digital_share_pct"}
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "no amount of spend re-prioritised towards digital transformation is given"
	t.message_of(fs, "funding.digital_share_pct") == "digital's share of total spend (digital_share_pct) is not given; 5% is recommended to trusts"
}

test_blank_amount_is_not_given if {
	fs := rule.findings with input as t.set("/funding/reprioritised/amount_gbp", " ")
	t.only_must(fs, {"funding.reprioritised.amount_gbp"})
	t.message_of(fs, "funding.reprioritised.amount_gbp") == "no amount of spend re-prioritised towards digital transformation is given"
}

test_share_not_a_number_is_advice if {
	fs := rule.findings with input as t.set("/funding/digital_share_pct", "three")
	t.only_should(fs, {"funding.digital_share_pct"})
	t.message_of(fs, "funding.digital_share_pct") == `digital's share of total spend (digital_share_pct) is "three", not a number; 5% is recommended to trusts`
}
