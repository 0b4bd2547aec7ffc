package plancheck.rules["nao-funding-understood_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-funding-understood"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_total if {
	fs := rule.findings with input as t.without("/funding/total_gbp")
	t.only_must(fs, {"funding.total_gbp"})
	t.message_of(fs, "funding.total_gbp") == "the plan's total cost in pounds is not given"
}

test_zero_total if {
	fs := rule.findings with input as t.set("/funding/total_gbp", 0)
	t.only_must(fs, {"funding.total_gbp"})
	t.message_of(fs, "funding.total_gbp") == "the plan's total cost must be an amount in pounds above 0, not 0"
}

test_text_total if {
	fs := rule.findings with input as t.set("/funding/total_gbp", "12.5m")
	t.only_must(fs, {"funding.total_gbp"})
}

test_no_confidence if {
	fs := rule.findings with input as t.without("/funding/confidence")
	t.only_must(fs, {"funding.confidence"})
}

test_empty_basis if {
	fs := rule.findings with input as t.set("/funding/basis", "")
	t.only_must(fs, {"funding.basis"})
}

test_no_basis if {
	fs := rule.findings with input as t.without("/funding/basis")
	t.only_must(fs, {"funding.basis"})
}

test_no_revenue if {
	fs := rule.findings with input as t.without("/funding/revenue_gbp")
	t.only_must(fs, {"funding.revenue_gbp"})
	contains(t.message_of(fs, "funding.revenue_gbp"), "running costs may be forgotten")
}

test_zero_revenue_meets if {
	fs := rule.findings with input as t.set("/funding/revenue_gbp", 0)
	count(fs) == 0
}

test_text_revenue if {
	fs := rule.findings with input as t.set("/funding/revenue_gbp", "TBC")
	t.only_must(fs, {"funding.revenue_gbp"})
	contains(t.message_of(fs, "funding.revenue_gbp"), "not TBC")
}

test_no_funding_at_all if {
	fs := rule.findings with input as t.without("/funding")
	t.only_must(fs, {"funding.total_gbp", "funding.confidence", "funding.basis", "funding.revenue_gbp"})
	t.should_paths(fs) == {"funding.whole_life_years", "funding.contingency_gbp"}
}

test_five_years_meets if {
	fs := rule.findings with input as t.set("/funding/whole_life_years", 5)
	count(fs) == 0
}

test_four_years_is_advice if {
	fs := rule.findings with input as t.set("/funding/whole_life_years", 4)
	t.only_should(fs, {"funding.whole_life_years"})
	t.message_of(fs, "funding.whole_life_years") == "the costs cover 4 years: cost the plan over at least 5 years of its life"
}

test_no_whole_life_years_is_advice if {
	fs := rule.findings with input as t.without("/funding/whole_life_years")
	t.only_should(fs, {"funding.whole_life_years"})
}

test_no_contingency_is_advice if {
	fs := rule.findings with input as t.without("/funding/contingency_gbp")
	t.only_should(fs, {"funding.contingency_gbp"})
}

test_zero_contingency_is_advice if {
	fs := rule.findings with input as t.set("/funding/contingency_gbp", 0)
	t.only_should(fs, {"funding.contingency_gbp"})
}

test_low_confidence_is_advice if {
	fs := rule.findings with input as t.set("/funding/confidence", "low")
	t.only_should(fs, {"funding.confidence"})
}

test_high_confidence_meets if {
	fs := rule.findings with input as t.set("/funding/confidence", "high")
	count(fs) == 0
}

test_funding_of_empty_values_is_no_funding if {
	fs := rule.findings with input as t.set("/funding", {"total_gbp": null, "basis": " ", "reprioritised": {"from": ""}})
	t.only_must(fs, {"funding.total_gbp", "funding.confidence", "funding.basis", "funding.revenue_gbp"})
	t.should_paths(fs) == {"funding.whole_life_years", "funding.contingency_gbp"}
}
