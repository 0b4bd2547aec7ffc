package plancheck.rules["wg-accountable-owner_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-accountable-owner"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_owner if {
	fs := rule.findings with input as t.without("/governance/owner")
	t.only_must(fs, {"governance.owner.name", "governance.owner.role"})
	t.should_paths(fs) == set()
}

test_owner_without_name if {
	fs := rule.findings with input as t.without("/governance/owner/name")
	t.only_must(fs, {"governance.owner.name"})
}

test_owner_without_role if {
	fs := rule.findings with input as t.set("/governance/owner/role", "")
	t.only_must(fs, {"governance.owner.role"})
}

test_owner_is_a_list if {
	people := [{"name": "A", "role": "CDIO"}, {"name": "B", "role": "CCIO"}]
	fs := rule.findings with input as t.set("/governance/owner", people)
	t.only_must(fs, {"governance.owner"})
	t.message_of(fs, "governance.owner") == "the accountable owner must be one person, not a list of 2"
}

test_owner_is_a_committee if {
	fs := rule.findings with input as t.set("/governance/owner/name", "Digital Programme Board")
	t.only_must(fs, {"governance.owner.name"})
}

test_owner_is_text if {
	fs := rule.findings with input as t.set("/governance/owner", "Dr Asha Patel")
	t.only_must(fs, {"governance.owner"})
}

test_owner_not_on_board_is_advice if {
	fs := rule.findings with input as t.set("/governance/owner/board_member", false)
	t.only_should(fs, {"governance.owner.board_member"})
}
