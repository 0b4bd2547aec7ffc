# METADATA
# title: One clear, accountable governance owner
# description: >-
#   One named person, with a role, is accountable for the plan: not a list of
#   people, and not a committee. Split leadership of digital is what the
#   review found holding transformation back.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-accountable-owner
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: The current position (transformation model), as reproduced by the Patient Safety Learning hub
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: >-
#       Transformation is split across multiple different teams and is often overshadowed by requirements of
#       the day-to-day.
#   remediation: >-
#     Name one senior responsible owner under governance.owner, with their name
#     and role (a person, not a board or a list), ideally a board member.
#   meets:
#     - governance.owner.name and governance.owner.role are given
#     - the owner is one person (a mapping with a name, not a list or a committee)
#   advice:
#     - governance.owner.board_member is true
#   example: |
#     governance:
#       owner:
#         name: Dr Asha Patel
#         role: Chief Digital and Information Officer
#         board_member: true
package plancheck.rules["wg-accountable-owner"]

import data.plancheck.lib
import input.plan

# A name that says board, committee, group… names a body, not a person.
committee_words := `(?i)\b(board|committee|group|team|panel|forum|council|partnership|executive)s?\b`

# The name and role are looked for when the owner is a mapping or absent;
# other shapes get their own finding below.
mapping_or_absent if not plan.governance.owner

mapping_or_absent if is_object(plan.governance.owner)

findings contains lib.must(sprintf("governance.owner.%s", [field]), msg) if {
	mapping_or_absent
	some field in ["name", "role"]
	not plan.governance.owner[field]
	msg := sprintf("the accountable owner's %s is not given", [field])
}

findings contains lib.must("governance.owner", msg) if {
	owner := plan.governance.owner
	is_array(owner)
	msg := sprintf("the accountable owner must be one person, not a list of %d", [count(owner)])
}

findings contains lib.must("governance.owner", msg) if {
	owner := plan.governance.owner
	not is_array(owner)
	not is_object(owner)
	msg := "the accountable owner must be given as a name and a role"
}

findings contains lib.must("governance.owner.name", msg) if {
	name := plan.governance.owner.name
	is_string(name)
	regex.match(committee_words, name)
	msg := sprintf("the accountable owner %q is a group; name the one person accountable", [name])
}

findings contains lib.should("governance.owner.board_member", msg) if {
	is_object(plan.governance.owner)
	not plan.governance.owner.board_member == true
	msg := concat(" ", [
		"the accountable owner is not said to sit on the board",
	])
}
