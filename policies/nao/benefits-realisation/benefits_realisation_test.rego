package plancheck.rules["nao-benefits-realisation_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-benefits-realisation"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_benefits if {
	fs := rule.findings with input as t.without("/benefits")
	t.only_misses(fs, {"benefits"})
}

test_empty_benefits if {
	fs := rule.findings with input as t.set("/benefits", [])
	t.only_misses(fs, {"benefits"})
}

test_benefit_without_metric if {
	fs := rule.findings with input as t.without("/benefits/0/metric")
	t.only_misses(fs, {"benefits[0].metric"})
	t.message_of(fs, "benefits[0].metric") == `benefit "Fewer missed appointments" has no metric`
}

test_benefit_without_baseline if {
	fs := rule.findings with input as t.without("/benefits/0/baseline")
	t.only_misses(fs, {"benefits[0].baseline"})
}

test_benefit_with_zero_baseline_meets if {
	fs := rule.findings with input as t.set("/benefits/0/baseline", 0)
	count(fs) == 0
}

# Blank text inside a list entry is left out, as an absent key.
test_benefit_without_target if {
	fs := rule.findings with input as t.set("/benefits/0/target", "")
	t.only_misses(fs, {"benefits[0].target"})
}

test_benefit_without_date if {
	fs := rule.findings with input as t.without("/benefits/0/by")
	t.only_misses(fs, {"benefits[0].by"})
}

test_benefit_without_owner if {
	fs := rule.findings with input as t.without("/benefits/0/owner")
	t.only_misses(fs, {"benefits[0].owner"})
	t.message_of(fs, "benefits[0].owner") == `benefit "Fewer missed appointments" has no owner`
}

test_unnamed_benefit_is_numbered if {
	fs := rule.findings with input as t.set("/benefits/1", {"metric": "bed days", "baseline": 10, "target": 8, "by": "2028-03-31"})
	t.only_misses(fs, {"benefits[1].owner"})
	t.message_of(fs, "benefits[1].owner") == "benefit number 2 has no owner"
}

test_benefits_as_a_mapping if {
	fs := rule.findings with input as t.set("/benefits", {"metric": "DNA rate", "owner": "COO"})
	t.only_misses(fs, {"benefits"})
}

# A list whose entries were left unfilled lists nothing, and says so once.
test_unfilled_benefits_are_none if {
	fs := rule.findings with input as t.set("/benefits", [null, ""])
	t.only_misses(fs, {"benefits"})
}
