package plancheck.rules["wg-change-resourced_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["wg-change-resourced"] as rule

large := "the chief executive or its equivalent (accounting officer, managing director, permanent secretary)"

explain := "see plancheck explain wg-change-resourced for the titles recognised"

# plan_for gives the example plan as an organisation of a type, with a
# sponsor's role and a change team.
plan_for(type, role, team) := t.patch([
	{"op": "add", "path": "/organisation/type", "value": type},
	{"op": "add", "path": "/governance/sponsor/role", "value": role},
	{"op": "add", "path": "/delivery/change_team", "value": team},
])

full_time := {"fte": 4, "full_time": true}

part_time := {"fte": 0.4, "full_time": false}

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_large_titles_meet if {
	every role in ["Interim Chief Executive", "CEO", "Chief Executive Officer", "Accounting Officer", "Permanent Secretary", "Managing Director"] {
		fs := rule.findings with input as plan_for("trust", role, full_time)
		count(fs) == 0
	}
}

test_other_posts_do_not_meet if {
	every role in ["Chief Operating Officer and Executive Director", "Director of Finance", "Chief Digital Officer", "Executive Lead"] {
		fs := rule.findings with input as plan_for("icb", role, full_time)
		t.only_misses(fs, {"governance.sponsor.role"})
		t.message_of(fs, "governance.sponsor.role") == sprintf(
			"the executive sponsor's role %q does not name the organisation's top post: %s (%s)",
			[role, large, explain],
		)
	}
}

# A deputy, an assistant, a former holder or the office is not the post.
test_disqualifiers_do_not_meet if {
	cases := {
		"Deputy Chief Executive": "deputy",
		"Not the Chief Executive": "not",
		"Assistant Chief Executive": "assistant",
		"Former CEO": "former",
		"Office of the Chief Executive": "office",
		"Ex-CEO": "ex",
		"Chief Executive (nominee)": "nominee",
	}
	every role, word in cases {
		fs := rule.findings with input as plan_for("trust", role, full_time)
		t.only_misses(fs, {"governance.sponsor.role"})
		t.message_of(fs, "governance.sponsor.role") == sprintf(
			"the executive sponsor's role %q is not the top post itself (%q): the sponsor is %s",
			[role, word, large],
		)
	}
}

# A GP practice is led by its partners, and may resource change part-time.
test_gp_practice if {
	every role in ["GP Partner", "Senior Partner", "Managing Partner", "Partner", "Chief Executive"] {
		fs := rule.findings with input as plan_for("gp_practice", role, part_time)
		count(fs) == 0
	}
	fs := rule.findings with input as plan_for("gp_practice", "Practice Manager", part_time)
	t.message_of(fs, "governance.sponsor.role") == sprintf(
		"the executive sponsor's role %q does not name the organisation's top post: %s (%s)",
		["Practice Manager", "a partner or the chief executive", explain],
	)
	deputy := rule.findings with input as plan_for("gp_practice", "Deputy Senior Partner", part_time)
	t.only_misses(deputy, {"governance.sponsor.role"})
}

# A primary care network is led by its clinical director.
test_pcn if {
	every role in ["Clinical Director", "PCN Clinical Director", "Chief Executive"] {
		fs := rule.findings with input as plan_for("PCN", role, part_time)
		count(fs) == 0
	}
	fs := rule.findings with input as plan_for("pcn", "Partner", part_time)
	t.message_of(fs, "governance.sponsor.role") == sprintf(
		"the executive sponsor's role %q does not name the organisation's top post: %s (%s)",
		["Partner", "the clinical director or the chief executive", explain],
	)
}

# A partner or a clinical director leads only in primary care.
test_primary_care_titles_do_not_lead_a_large_organisation if {
	every role in ["Clinical Director", "Senior Partner"] {
		fs := rule.findings with input as plan_for("trust", role, full_time)
		t.only_misses(fs, {"governance.sponsor.role"})
	}
}

test_large_organisation_needs_a_full_time_team if {
	fs := rule.findings with input as plan_for("foundation_trust", "Chief Executive", part_time)
	t.only_misses(fs, {"delivery.change_team.full_time"})
	t.message_of(fs, "delivery.change_team.full_time") == "the change team is not said to work on the change full time (full_time is not true)"
	untyped := rule.findings with input as t.patch([
		{"op": "remove", "path": "/organisation/type"},
		{"op": "add", "path": "/delivery/change_team", "value": part_time},
	])
	t.only_misses(untyped, {"delivery.change_team.full_time"})
}

test_no_change_team_fte if {
	fs := rule.findings with input as t.without("/delivery/change_team/fte")
	t.only_misses(fs, {"delivery.change_team.fte"})
	t.message_of(fs, "delivery.change_team.fte") == "the size of the change team in full-time equivalents (fte) is not given"
}

test_zero_or_text_fte_misses if {
	zero := rule.findings with input as t.set("/delivery/change_team/fte", 0)
	t.message_of(zero, "delivery.change_team.fte") == "the change team's fte must be a number above 0, not 0"
	text := rule.findings with input as t.set("/delivery/change_team/fte", "four")
	t.message_of(text, "delivery.change_team.fte") == "the change team's fte must be a number above 0, not four"
	primary := rule.findings with input as plan_for("pcn", "Clinical Director", {"fte": 0})
	t.only_misses(primary, {"delivery.change_team.fte"})
}

test_half_fte_meets if {
	fs := rule.findings with input as t.set("/delivery/change_team/fte", 0.5)
	count(fs) == 0
}

test_no_change_team if {
	fs := rule.findings with input as t.without("/delivery/change_team")
	t.only_misses(fs, {"delivery.change_team.full_time", "delivery.change_team.fte"})
}

test_no_sponsor if {
	fs := rule.findings with input as t.without("/governance/sponsor")
	t.only_misses(fs, {"governance.sponsor.role"})
	t.message_of(fs, "governance.sponsor.role") == "no executive sponsor role is given"
}

test_sponsor_role_as_a_number if {
	fs := rule.findings with input as t.set("/governance/sponsor/role", 7)
	t.message_of(fs, "governance.sponsor.role") == sprintf(
		"the executive sponsor's role 7 does not name the organisation's top post: %s (%s)",
		[large, explain],
	)
}
