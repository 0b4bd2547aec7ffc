# METADATA
# title: Change management resourced and sponsored from the top
# description: >-
#   The change the plan needs is resourced and led from the top: the head of
#   the organisation sponsors it, and a change team works on it (full time in
#   a large organisation; primary care may resource change part-time).
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-change-resourced
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Implementation, as reported on publication (25 November 2021)
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: >-
#       full-time resource and the determined sponsorship and commitment of the new CEO of NHSEI and the CEO
#       of NHSD and their wider Executive Team and Boards
#   remediation: >-
#     Name the head of the organisation as the executive sponsor under
#     governance.sponsor, with their role: the chief executive (or accounting
#     officer, managing director or permanent secretary, as the organisation
#     has it), a partner of a GP practice, or the clinical director of a
#     primary care network. Under delivery.change_team, give the size of the
#     change management team in full-time equivalents (fte), and in a large
#     organisation set full_time to true once it works on the change full
#     time.
#   meets:
#     - >-
#       governance.sponsor.role names the top post for the organisation's type (the sponsor titles
#       vocabulary: large organisations; a GP practice's partner; a PCN's clinical director; primary care
#       may also name a large title) and holds no word that makes it another post (deputy, former, ...)
#     - delivery.change_team.fte is a number above 0
#     - "large organisations (every type but gp_practice and pcn): delivery.change_team.full_time is true"
#   vocabulary: [sponsor_titles.large, sponsor_titles.gp_practice, sponsor_titles.pcn, sponsor_disqualifiers]
#   changes:
#     - version: 2
#       what: >-
#         the sponsor's title is matched against the sponsor titles for the organisation's type,
#         with disqualifiers (deputy, former ...); primary care may resource change part-time
#   example: |
#     governance:
#       sponsor: {name: Jo Smith, role: Chief Executive}
#     delivery:
#       change_team: {fte: 4, full_time: true}
package plancheck.rules["wg-change-resourced"]

import data.plancheck.lib
import input.plan

# The top posts: the large organisations' titles everywhere (an at-scale
# practice may have a chief executive), and primary care's own besides.
top_post(ws) if lib.matches_words("sponsor_titles.large", ws)

top_post(ws) if {
	lib.org_type in {"gp_practice", "pcn"}
	lib.matches_words(sprintf("sponsor_titles.%s", [lib.org_type]), ws)
}

# A word that makes the role another post than the top one ("Deputy Chief
# Executive", "Former CEO", "Office of the Chief Executive").
disqualifier(ws) := w if {
	some w in ws
	data.plancheck.vocabulary_index.sponsor_disqualifiers[w]
}

default who := "the chief executive or its equivalent (accounting officer, managing director, permanent secretary)"

who := "a partner or the chief executive" if lib.org_type == "gp_practice"

who := "the clinical director or the chief executive" if lib.org_type == "pcn"

explain := "see plancheck explain wg-change-resourced for the titles recognised"

sponsor_names_top_post(role) if {
	is_string(role)
	top_post(lib.words(role))
}

positive(x) if {
	is_number(x)
	x > 0
}

findings contains lib.miss("governance.sponsor.role", "no executive sponsor role is given") if {
	not plan.governance.sponsor.role
}

findings contains lib.miss("governance.sponsor.role", msg) if {
	role := plan.governance.sponsor.role
	not sponsor_names_top_post(role)
	msg := sprintf(
		concat(" ", [
			"the executive sponsor's role %s does not name the organisation's top",
			"post: %s (%s)",
		]),
		[lib.quote(role), who, explain],
	)
}

findings contains lib.miss("governance.sponsor.role", msg) if {
	role := plan.governance.sponsor.role
	is_string(role)
	ws := lib.words(role)
	top_post(ws)
	word := disqualifier(ws)
	msg := sprintf(
		concat(" ", [
			"the executive sponsor's role %s is not the top post itself (%q): the",
			"sponsor is %s",
		]),
		[lib.quote(role), word, who],
	)
}

findings contains lib.miss("delivery.change_team.fte", msg) if {
	not plan.delivery.change_team.fte
	msg := "the size of the change team in full-time equivalents (fte) is not given"
}

findings contains lib.miss("delivery.change_team.fte", msg) if {
	fte := plan.delivery.change_team.fte
	not positive(fte)
	msg := sprintf("the change team's fte must be a number above 0, not %v", [fte])
}

# Primary care may resource change part-time: only a large organisation's
# change team must work on it full time.
findings contains lib.miss("delivery.change_team.full_time", msg) if {
	lib.large
	not plan.delivery.change_team.full_time == true
	msg := "the change team is not said to work on the change full time (full_time is not true)"
}
