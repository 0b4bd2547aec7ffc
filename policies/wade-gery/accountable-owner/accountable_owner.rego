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
#     - >-
#       the owner is one person: a mapping, not a list, and not a body: its name holds no committee word
#       (board, committee, group ...), its role does not start with a committee word and "of" ("Committee of
#       the Trust Board"), and a role that ends in a committee word also names a person's post ("Chair of the
#       Digital Board", "SRO, Digital Programme Board")
#   vocabulary: [committee_words, person_posts]
#   advice:
#     - governance.owner.board_member is true
#   changes:
#     - version: 2
#       what: >-
#         the owner is a body, not one person, by the committee words and person posts vocabularies
#         ("Chair of the Digital Board" is a person)
#   example: |
#     governance:
#       owner:
#         name: Dr Asha Patel
#         role: Chief Digital and Information Officer
#         board_member: true
package plancheck.rules["wg-accountable-owner"]

import data.plancheck.lib
import input.plan

# The name and role are looked for when the owner is a mapping or absent;
# other shapes get their own finding below.
mapping_or_absent if not plan.governance.owner

mapping_or_absent if is_object(plan.governance.owner)

# A body is not one person. Words are whole words, after normalising:
# "Boardman" holds no committee word.
committee_word(w) if data.plancheck.vocabulary_index.committee_words[w]

person_post(w) if data.plancheck.vocabulary_index.person_posts[w]

# "Committee of the Trust Board", "The Board of Directors": a committee
# word, after an optional "the", followed by "of".
body_role(ws) if {
	rest := without_the(ws)
	committee_word(rest[0])
	rest[1] == "of"
}

# "Digital Programme Board", "Executive Committee": a committee word last,
# and no word that names a person's post ("Chair of the Digital Board",
# "SRO, Digital Programme Board" and "Team Leader" are people).
body_role(ws) if {
	committee_word(ws[count(ws) - 1])
	not names_a_post(ws)
}

names_a_post(ws) if {
	some w in ws
	person_post(w)
}

without_the(ws) := array.slice(ws, 1, count(ws)) if {
	ws[0] == "the"
} else := ws

findings contains lib.miss(sprintf("governance.owner.%s", [field]), msg) if {
	mapping_or_absent
	some field in ["name", "role"]
	not plan.governance.owner[field]
	msg := sprintf("the accountable owner's %s is not given", [field])
}

findings contains lib.miss("governance.owner", msg) if {
	owner := plan.governance.owner
	is_array(owner)
	msg := sprintf("the accountable owner must be one person, not a list of %d", [count(owner)])
}

findings contains lib.miss("governance.owner", msg) if {
	owner := plan.governance.owner
	not is_array(owner)
	not is_object(owner)
	msg := "the accountable owner must be given as a name and a role"
}

findings contains lib.miss("governance.owner.name", msg) if {
	name := plan.governance.owner.name
	is_string(name)
	body_words := [w | some w in lib.words(name); committee_word(w)]
	count(body_words) > 0
	msg := sprintf(
		concat(" ", [
			"the accountable owner %q is a body (%q), not one person: name the one",
			"person accountable",
		]),
		[name, body_words[0]],
	)
}

findings contains lib.miss("governance.owner.role", msg) if {
	role := plan.governance.owner.role
	is_string(role)
	body_role(lib.words(role))
	msg := sprintf(
		concat(" ", [
			"the accountable owner's role %q is a body, not one person's post: name",
			"the one person accountable",
		]),
		[role],
	)
}

findings contains lib.advice("governance.owner.board_member", msg) if {
	is_object(plan.governance.owner)
	not plan.governance.owner.board_member == true
	msg := "the accountable owner is not said to sit on the board"
}
