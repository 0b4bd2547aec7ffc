# METADATA
# title: Change management resourced and sponsored from the top
# description: >-
#   The change the plan needs is resourced and led from the top: a change team
#   works on it full time, and the chief executive sponsors it.
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
#     Under delivery.change_team, give the size of the change management team in
#     full-time equivalents (fte) and set full_time to true when it works on the
#     change full time; name the chief executive as the executive sponsor under
#     governance.sponsor, with their role.
#   meets:
#     - delivery.change_team.full_time is true
#     - delivery.change_team.fte is a number above 0
#     - governance.sponsor.role names the chief executive (chief executive or CEO)
#   example: |
#     governance:
#       sponsor: {name: Jo Smith, role: Chief Executive}
#     delivery:
#       change_team: {fte: 4, full_time: true}
package plancheck.rules["wg-change-resourced"]

import data.plancheck.lib
import input.plan

# The role names the chief executive: "Chief Executive", "Chief Executive
# Officer", "CEO", in any case.
chief_executive := `(?i)\bchief\s+executive\b|\bceo\b`

names_chief_executive if {
	role := plan.governance.sponsor.role
	is_string(role)
	regex.match(chief_executive, role)
}

findings contains lib.must("delivery.change_team.full_time", msg) if {
	not plan.delivery.change_team.full_time == true
	msg := "the change team is not said to work on the change full time (full_time is not true)"
}

findings contains lib.must("delivery.change_team.fte", msg) if {
	not plan.delivery.change_team.fte
	msg := "the size of the change team in full-time equivalents (fte) is not given"
}

findings contains lib.must("delivery.change_team.fte", msg) if {
	fte := plan.delivery.change_team.fte
	not is_number(fte)
	msg := sprintf("the change team's fte must be a number above 0, not %v", [fte])
}

findings contains lib.must("delivery.change_team.fte", msg) if {
	fte := plan.delivery.change_team.fte
	fte <= 0
	is_number(fte)
	msg := sprintf("the change team's fte must be a number above 0, not %v", [fte])
}

findings contains lib.must("governance.sponsor.role", "no executive sponsor role is given") if {
	not plan.governance.sponsor.role
}

findings contains lib.must("governance.sponsor.role", msg) if {
	role := plan.governance.sponsor.role
	not names_chief_executive
	msg := sprintf("the executive sponsor's role %v does not name the chief executive", [lib.quote(role)])
}
