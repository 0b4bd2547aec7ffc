package plancheck.rules["wg-multidisciplinary-delivery_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-multidisciplinary-delivery"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_clinician if {
	fs := rule.findings with input as t.set("/delivery/team", ["product_manager", "engineer"])
	t.only_must(fs, {"delivery.team"})
	t.should_paths(fs) == set()
	t.message_of(fs, "delivery.team") == "the delivery team has no clinician (or clinical_lead)"
}

test_clinical_lead_counts if {
	fs := rule.findings with input as t.set("/delivery/team", ["clinical_lead", "designer"])
	count(fs) == 0
}

test_no_digital_role if {
	fs := rule.findings with input as t.set("/delivery/team", ["clinician", "project_manager"])
	t.only_must(fs, {"delivery.team"})
	t.should_paths(fs) == set()
	t.message_of(fs, "delivery.team") == "the delivery team has no digital or data role (product_manager, user_researcher, engineer, data_analyst, designer)"
}

test_each_digital_role_counts if {
	every r in ["product_manager", "user_researcher", "engineer", "data_analyst", "designer"] {
		fs := rule.findings with input as t.set("/delivery/team", ["clinician", r])
		count(fs) == 0
	}
}

test_no_team_misses_both if {
	fs := rule.findings with input as t.without("/delivery/team")
	t.only_must(fs, {"delivery.team"})
	count(fs) == 2
}

test_empty_team_misses_both if {
	fs := rule.findings with input as t.set("/delivery/team", [])
	t.only_must(fs, {"delivery.team"})
	count(fs) == 2
}

test_team_as_text_misses_both if {
	fs := rule.findings with input as t.set("/delivery/team", "clinician, engineer")
	t.only_must(fs, {"delivery.team"})
	count(fs) == 2
}

test_waterfall_is_advice if {
	fs := rule.findings with input as t.set("/delivery/approach", "waterfall")
	t.only_should(fs, {"delivery.approach"})
	t.message_of(fs, "delivery.approach") == "the delivery approach is waterfall; agile, iterative or hybrid is advised"
}

test_no_approach_is_advice if {
	fs := rule.findings with input as t.without("/delivery/approach")
	t.only_should(fs, {"delivery.approach"})
	t.message_of(fs, "delivery.approach") == "the delivery approach is not given; agile, iterative or hybrid is advised"
}

test_iterative_and_hybrid_meet if {
	every a in ["iterative", "hybrid"] {
		fs := rule.findings with input as t.set("/delivery/approach", a)
		count(fs) == 0
	}
}

test_no_delivery_section if {
	fs := rule.findings with input as t.without("/delivery")
	{f.message | some f in fs; f.level == "must"} == {
		"the delivery team has no clinician (or clinical_lead)",
		"the delivery team has no digital or data role (product_manager, user_researcher, engineer, data_analyst, designer)",
	}
	t.only_must(fs, {"delivery.team"})
	t.should_paths(fs) == {"delivery.approach"}
	t.message_of(fs, "delivery.approach") == "the delivery approach is not given; agile, iterative or hybrid is advised"
}
