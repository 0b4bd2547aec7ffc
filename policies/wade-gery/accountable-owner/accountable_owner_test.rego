package plancheck.rules["wg-accountable-owner_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-accountable-owner"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_owner if {
	fs := rule.findings with input as t.without("/governance/owner")
	t.only_misses(fs, {"governance.owner.name", "governance.owner.role"})
	t.advice_paths(fs) == set()
}

test_owner_without_name if {
	fs := rule.findings with input as t.without("/governance/owner/name")
	t.only_misses(fs, {"governance.owner.name"})
}

test_owner_without_role if {
	fs := rule.findings with input as t.set("/governance/owner/role", "")
	t.only_misses(fs, {"governance.owner.role"})
}

test_owner_is_a_list if {
	people := [{"name": "A", "role": "CDIO"}, {"name": "B", "role": "CCIO"}]
	fs := rule.findings with input as t.set("/governance/owner", people)
	t.only_misses(fs, {"governance.owner"})
	t.message_of(fs, "governance.owner") == "the accountable owner must be one person, not a list of 2"
}

owner(name, role) := t.set("/governance/owner", {"name": name, "role": role, "board_member": true})

test_owner_named_as_a_body if {
	fs := rule.findings with input as t.set("/governance/owner/name", "Digital Programme Boards")
	t.only_misses(fs, {"governance.owner.name"})
	t.message_of(fs, "governance.owner.name") == concat("", [
		`the accountable owner "Digital Programme Boards" is a body ("board"), `,
		"not one person: name the one person accountable",
	])
}

# A body hides in the role as well as in the name.
test_owner_whose_role_is_a_body if {
	every role in ["Committee of the ICB Board", "The Board of Directors", "Digital Programme Board", "Executive Committee", "Steering group"] {
		fs := rule.findings with input as owner("Digital Oversight", role)
		t.only_misses(fs, {"governance.owner.role"})
		t.message_of(fs, "governance.owner.role") == sprintf(
			"the accountable owner's role %q is a body, not one person's post: name the one person accountable",
			[role],
		)
	}
}

# People whose roles name a body they belong to or lead.
test_people_who_lead_or_sit_on_a_body_meet if {
	every role in [
		"Chair of the Digital Board", "SRO, Digital Programme Board", "Board Secretary",
		"Group Chief Digital Officer", "Team Leader", "Member of the Executive Team",
	] {
		fs := rule.findings with input as owner("Dr Asha Patel", role)
		count(fs) == 0
	}
}

# Committee words are whole words: a surname is not a board.
test_words_inside_names_are_not_committee_words if {
	fs := rule.findings with input as owner("Jo Boardman", "Teamwork Champion")
	count(fs) == 0
}

test_owner_is_text if {
	fs := rule.findings with input as t.set("/governance/owner", "Dr Asha Patel")
	t.only_misses(fs, {"governance.owner"})
}

test_owner_not_on_board_is_advice if {
	fs := rule.findings with input as t.set("/governance/owner/board_member", false)
	t.only_advice(fs, {"governance.owner.board_member"})
}
