package plancheck.rules["nao-funding-understood_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-funding-understood"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_total if {
	fs := rule.findings with input as t.without("/funding/total_gbp")
	t.only_misses(fs, {"funding.total_gbp"})
	t.message_of(fs, "funding.total_gbp") == "the plan's total cost in pounds is not given"
}

test_zero_total if {
	fs := rule.findings with input as t.set("/funding/total_gbp", 0)
	t.only_misses(fs, {"funding.total_gbp"})
	t.message_of(fs, "funding.total_gbp") == "the plan's total cost must be an amount in pounds above 0, not 0"
}

test_text_total if {
	fs := rule.findings with input as t.set("/funding/total_gbp", "12.5m")
	t.only_misses(fs, {"funding.total_gbp"})
}

test_no_confidence if {
	fs := rule.findings with input as t.without("/funding/confidence")
	t.only_misses(fs, {"funding.confidence"})
}

test_empty_basis if {
	fs := rule.findings with input as t.set("/funding/basis", "")
	t.only_misses(fs, {"funding.basis"})
}

test_no_basis if {
	fs := rule.findings with input as t.without("/funding/basis")
	t.only_misses(fs, {"funding.basis"})
}

test_no_revenue if {
	fs := rule.findings with input as t.without("/funding/revenue_gbp")
	t.only_misses(fs, {"funding.revenue_gbp"})
	contains(t.message_of(fs, "funding.revenue_gbp"), "running costs may be forgotten")
}

test_zero_revenue_meets if {
	fs := rule.findings with input as t.set("/funding/revenue_gbp", 0)
	count(fs) == 0
}

test_text_revenue if {
	fs := rule.findings with input as t.set("/funding/revenue_gbp", "TBC")
	t.only_misses(fs, {"funding.revenue_gbp"})
	contains(t.message_of(fs, "funding.revenue_gbp"), "not TBC")
}

test_no_funding_at_all if {
	fs := rule.findings with input as t.without("/funding")
	t.only_misses(fs, {"funding.total_gbp", "funding.confidence", "funding.basis", "funding.revenue_gbp"})
	t.advice_paths(fs) == {"funding.whole_life_years", "funding.contingency_gbp", "funding.sources"}
}

test_five_years_meets if {
	fs := rule.findings with input as t.set("/funding/whole_life_years", 5)
	count(fs) == 0
}

test_four_years_is_advice if {
	fs := rule.findings with input as t.set("/funding/whole_life_years", 4)
	t.only_advice(fs, {"funding.whole_life_years"})
	t.message_of(fs, "funding.whole_life_years") == "the costs cover 4 years: cost the plan over at least 5 years of its life"
}

test_no_whole_life_years_is_advice if {
	fs := rule.findings with input as t.without("/funding/whole_life_years")
	t.only_advice(fs, {"funding.whole_life_years"})
}

test_no_contingency_is_advice if {
	fs := rule.findings with input as t.without("/funding/contingency_gbp")
	t.only_advice(fs, {"funding.contingency_gbp"})
}

test_zero_contingency_is_advice if {
	fs := rule.findings with input as t.set("/funding/contingency_gbp", 0)
	t.only_advice(fs, {"funding.contingency_gbp"})
}

test_low_confidence_is_advice if {
	fs := rule.findings with input as t.set("/funding/confidence", "low")
	t.only_advice(fs, {"funding.confidence"})
}

# The plan format reads "Low" as low (and says to write it so); so does
# the advice.
test_low_confidence_in_another_case_is_advice if {
	fs := rule.findings with input as t.set("/funding/confidence", "Low")
	t.only_advice(fs, {"funding.confidence"})
}

test_high_confidence_meets if {
	fs := rule.findings with input as t.set("/funding/confidence", "high")
	count(fs) == 0
}

test_funding_of_empty_values_is_no_funding if {
	fs := rule.findings with input as t.set("/funding", {"total_gbp": null, "basis": " ", "reprioritised": {"from": ""}})
	t.only_misses(fs, {"funding.total_gbp", "funding.confidence", "funding.basis", "funding.revenue_gbp"})
	t.advice_paths(fs) == {"funding.whole_life_years", "funding.contingency_gbp", "funding.sources"}
}

test_no_sources_is_advice if {
	fs := rule.findings with input as t.without("/funding/sources")
	t.only_advice(fs, {"funding.sources"})
	t.message_of(fs, "funding.sources") == concat("", [
		"where the money comes from is not given: list funding.sources, each with a name, ",
		"an amount_gbp and a status (secured, bid or assumed)",
	])
}

test_sources_short_of_the_total_say_how_much_is_not_secured if {
	fs := rule.findings with input as t.set("/funding/sources/1/status", "Bid")
	t.only_advice(fs, {"funding.sources"})
	t.message_of(fs, "funding.sources") == "£4,500,000 of the £12,500,000 total is not yet secured: the secured sources add up to £8,000,000"
	assumed := rule.findings with input as t.set("/funding/sources", [{"name": "x", "amount_gbp": 12500000, "status": "assumed"}])
	t.message_of(assumed, "funding.sources") == "£12,500,000 of the £12,500,000 total is not yet secured: the secured sources add up to £0"
}

test_secured_sources_at_or_above_the_total_meet if {
	fs := rule.findings with input as t.set("/funding/sources", [{"name": "x", "amount_gbp": 13000000, "status": "Secured"}])
	count(fs) == 0
}

# Amounts are compared in whole pennies, as they are shown: sources that
# add up to the total to the penny meet it, whatever their binary
# fractions; a penny short is a penny short.
test_sources_are_compared_to_the_penny if {
	exact := rule.findings with input as t.patch([
		{"op": "add", "path": "/funding/total_gbp", "value": 12500000.30},
		{"op": "add", "path": "/funding/sources", "value": [
			{"name": "a", "amount_gbp": 8000000.10, "status": "secured"},
			{"name": "b", "amount_gbp": 4500000.20, "status": "secured"},
		]},
	])
	count(exact) == 0
	short := rule.findings with input as t.patch([
		{"op": "add", "path": "/funding/total_gbp", "value": 12500000.30},
		{"op": "add", "path": "/funding/sources", "value": [{"name": "a", "amount_gbp": 12500000.29, "status": "secured"}]},
	])
	t.message_of(short, "funding.sources") == "£0.01 of the £12,500,000.30 total is not yet secured: the secured sources add up to £12,500,000.29"
}

test_each_source_has_a_name_an_amount_and_a_status if {
	fs := rule.findings with input as t.set("/funding/sources", [
		{"amount_gbp": 12500000, "status": "secured"},
		{"name": "Charity bid", "amount_gbp": "lots"},
	])
	t.only_advice(fs, {"funding.sources[0].name", "funding.sources[1].amount_gbp", "funding.sources[1].status"})
	t.message_of(fs, "funding.sources[0].name") == "funding source number 1 has no name"
	t.message_of(fs, "funding.sources[1].status") == `funding source "Charity bid" has no status (secured, bid or assumed)`
	t.message_of(fs, "funding.sources[1].amount_gbp") == `funding source "Charity bid"'s amount_gbp is "lots", not a number of pounds`
}
