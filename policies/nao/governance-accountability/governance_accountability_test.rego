package plancheck.rules["nao-governance-accountability_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-governance-accountability"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_owner if {
	fs := rule.findings with input as t.without("/governance/owner")
	t.only_misses(fs, {"governance.owner.name", "governance.owner.role"})
	t.advice_paths(fs) == set()
}

test_owner_without_role if {
	fs := rule.findings with input as t.without("/governance/owner/role")
	t.only_misses(fs, {"governance.owner.role"})
}

test_owner_as_a_list_surfaces_here if {
	people := [{"name": "A", "role": "CDIO"}, {"name": "B", "role": "CCIO"}]
	fs := rule.findings with input as t.set("/governance/owner", people)
	t.only_misses(fs, {"governance.owner"})
	t.message_of(fs, "governance.owner") == "the accountable owner must be one person, not a list of 2"
}

test_owner_as_a_committee_surfaces_here if {
	fs := rule.findings with input as t.set("/governance/owner/name", "Digital Programme Board")
	t.only_misses(fs, {"governance.owner.name"})
}

test_owner_not_on_board_is_not_advice_here if {
	fs := rule.findings with input as t.set("/governance/owner/board_member", false)
	count(fs) == 0
}

test_no_board if {
	fs := rule.findings with input as t.without("/governance/board")
	t.only_misses(fs, {"governance.board.name", "governance.board.meets"})
}

test_board_as_text if {
	fs := rule.findings with input as t.set("/governance/board", "Digital Transformation Board")
	t.only_misses(fs, {"governance.board.name", "governance.board.meets"})
}

test_board_without_name if {
	fs := rule.findings with input as t.set("/governance/board/name", "")
	t.only_misses(fs, {"governance.board.name"})
	t.message_of(fs, "governance.board.name") == "the board that oversees delivery is not named"
}

test_board_without_meetings if {
	fs := rule.findings with input as t.without("/governance/board/meets")
	t.only_misses(fs, {"governance.board.meets"})
}

test_no_assurance_is_advice if {
	fs := rule.findings with input as t.without("/governance/assurance")
	t.only_advice(fs, {"governance.assurance"})
}

test_empty_assurance_is_advice if {
	fs := rule.findings with input as t.set("/governance/assurance", [])
	t.only_advice(fs, {"governance.assurance"})
}

test_no_governance if {
	fs := rule.findings with input as t.without("/governance")
	t.only_misses(fs, {"governance.owner.name", "governance.owner.role", "governance.board.name", "governance.board.meets"})
	t.advice_paths(fs) == {"governance.assurance"}
}
