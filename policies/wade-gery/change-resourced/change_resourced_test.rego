package plancheck.rules["wg-change-resourced_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-change-resourced"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_change_team_not_full_time if {
	fs := rule.findings with input as t.set("/delivery/change_team/full_time", false)
	t.only_must(fs, {"delivery.change_team.full_time"})
	t.should_paths(fs) == set()
}

test_change_team_full_time_absent if {
	fs := rule.findings with input as t.without("/delivery/change_team/full_time")
	t.only_must(fs, {"delivery.change_team.full_time"})
}

test_no_change_team_fte if {
	fs := rule.findings with input as t.without("/delivery/change_team/fte")
	t.only_must(fs, {"delivery.change_team.fte"})
	t.message_of(fs, "delivery.change_team.fte") == "the size of the change team in full-time equivalents (fte) is not given"
}

test_zero_change_team_fte if {
	fs := rule.findings with input as t.set("/delivery/change_team/fte", 0)
	t.only_must(fs, {"delivery.change_team.fte"})
	t.message_of(fs, "delivery.change_team.fte") == "the change team's fte must be a number above 0, not 0"
}

test_change_team_fte_as_text if {
	fs := rule.findings with input as t.set("/delivery/change_team/fte", "four")
	t.only_must(fs, {"delivery.change_team.fte"})
}

test_half_fte_meets if {
	fs := rule.findings with input as t.set("/delivery/change_team/fte", 0.5)
	count(fs) == 0
}

test_no_change_team if {
	fs := rule.findings with input as t.without("/delivery/change_team")
	t.only_must(fs, {"delivery.change_team.full_time", "delivery.change_team.fte"})
}

test_no_sponsor if {
	fs := rule.findings with input as t.without("/governance/sponsor")
	t.only_must(fs, {"governance.sponsor.role"})
	t.message_of(fs, "governance.sponsor.role") == "no executive sponsor role is given"
}

test_blank_sponsor_role if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", " ")
	t.only_must(fs, {"governance.sponsor.role"})
	t.message_of(fs, "governance.sponsor.role") == "no executive sponsor role is given"
}

test_sponsor_not_chief_executive if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", "Chief Finance Officer")
	t.only_must(fs, {"governance.sponsor.role"})
	t.message_of(fs, "governance.sponsor.role") == `the executive sponsor's role "Chief Finance Officer" does not name the chief executive`
}

test_sponsor_role_not_text if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", 7)
	t.only_must(fs, {"governance.sponsor.role"})
}

test_sponsor_ceo_meets if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", "Group CEO")
	count(fs) == 0
}

test_sponsor_chief_executive_officer_any_case_meets if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", "chief executive officer")
	count(fs) == 0
}

test_executive_role_without_chief_does_not_count if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", "Executive Director of Strategy")
	t.only_must(fs, {"governance.sponsor.role"})
}

test_no_delivery_section if {
	fs := rule.findings with input as t.without("/delivery")
	t.only_must(fs, {"delivery.change_team.full_time", "delivery.change_team.fte"})
	t.message_of(fs, "delivery.change_team.fte") == "the size of the change team in full-time equivalents (fte) is not given"
}

test_no_governance_section if {
	fs := rule.findings with input as t.without("/governance")
	t.only_must(fs, {"governance.sponsor.role"})
	t.message_of(fs, "governance.sponsor.role") == "no executive sponsor role is given"
}

test_blank_change_team_fte_is_not_given if {
	fs := rule.findings with input as t.set("/delivery/change_team/fte", "")
	t.only_must(fs, {"delivery.change_team.fte"})
	t.message_of(fs, "delivery.change_team.fte") == "the size of the change team in full-time equivalents (fte) is not given"
}
