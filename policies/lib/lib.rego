# METADATA
# title: plancheck policy library
# description: |
#   Reads the plan under evaluation and builds findings. Every
#   recommendation imports it; none reads the clock: "today" comes from
#   the input, so a run can be repeated with the same result.
#
#   The input is {"plan": <the plan>, "today": "YYYY-MM-DD"}, where the plan
#   has its empty values (null, blank text, {} and []) left out, so
#   "present" in the catalogue is a plain reference: `not
#   plan.data.transparency_notice`. An empty list stays where the plan format
#   makes it an answer (`legacy: {systems: []}`, none), and a list's entries
#   stay, blank or not, so that a finding can name an entry by its index; a
#   list is present when an entry says something: `not
#   lib.filled_at(["inclusion", "mitigations"])`.
#   Plain references are also the cheapest check OPA evaluates. Policies
#   `import input.plan` for them.
#
#   Inside `not`, use only references, indexing and `==` on a field that may
#   be absent: a function call (count, is_array, any lib function), `>`,
#   `!=` or `in` on an undefined reference makes the whole rule undefined,
#   so the check would never fire. Bind the value first (`x := plan.a.b`)
#   when a function must look at it.
package plancheck.lib

import input.plan

today := input.today

# miss and advice build a finding about the field at path, a dotted path
# such as "governance.owner.role" or "objectives[0].by". The engine turns
# the path into the line and column of the field, or of its nearest
# enclosing key when the field is absent. A miss makes the rule missed
# (whatever its severity); advice leaves it met.
miss(path, message) := {"level": "miss", "path": path, "message": message}

advice(path, message) := {"level": "advice", "path": path, "message": message}

# must and should are the names catalogue version 1 gave miss and advice;
# custom policies written for it keep working.
must(path, message) := miss(path, message)

should(path, message) := advice(path, message)

# items gives a list's entries, and none when the value is not a list (the
# plan-format check reports the wrong type). Like any function, it is
# undefined when its argument is.
items(x) := x if {
	is_array(x)
} else := []

# filled holds when list x has an entry that says something (says). The
# engine keeps a list's entries where they are, so that a finding can name
# one by its index; an entry left unfilled (a "-" alone on a line, "" or
# null) stays in the list, and says nothing. Test a list's presence with
# filled_at, not with x[0], and leave unfilled entries out of checks entry
# by entry (lib.says), so that a list of them is one finding, not many.
filled(x) if {
	some e in items(x)
	says(e)
}

# says holds for a list entry that says something: not null, blank text,
# an empty mapping or list, or false (a list of text given false has said
# no).
says(e) if {
	not blank(e)
	e != false
}

# filled_at is filled for the list at a path of the plan, such as
# ["skills", "roles"]; unlike filled(plan.skills.roles), it is defined (and
# false) when the plan has no such list, so that `not filled_at(...)`
# holds for a list that is absent, empty or unfilled alike.
filled_at(path) if filled(object.get(plan, path, []))

# given_at is filled_at for a list of text that the catalogue asks only to
# be present (research methods, mitigations): text written where the list
# belongs ("methods: interviews") is present all the same, since the
# catalogue's "present" is present and not empty; plan-format reports the
# type. Any other value (true, a number, a mapping) is not given. A list
# the catalogue counts, or whose entries are mappings, keeps filled_at: its
# checks need entries.
given_at(path) if filled_at(path)

given_at(path) if {
	x := object.get(plan, path, [])
	is_string(x)
	says(x)
}

# filled_count is how many of list x's entries say something.
filled_count(x) := count([e | some e in items(x); says(e)])

# has_entry holds when list x holds value v.
has_entry(x, v) if {
	is_array(x)
	some e in x
	e == v
}

# token normalises a value of a closed list or a token list as the plan
# format compares them: lower case, without "-", "_" or spaces, so that
# "FHIR UK Core", "fhir-uk-core" and "fhir_uk_core" are one token. (The
# plan format's own check, in Go, does the same: planschema.Token.)
token(x) := lower(regex.replace(x, `[-_ ]`, ""))

# tokens gives the tokens of a list's text entries.
tokens(list) := {token(x) | some x in items(list); is_string(x)}

# scope and standards are the plan's scope tags and interoperability
# standards, as tokens: compare them with token("fhir_uk_core") and the
# like. They default to none, so that `not x in lib.standards` fires on a
# plan without the list.
default scope := set()

scope := tokens(plan.plan.in_scope)

default standards := set()

standards := tokens(plan.interoperability.standards)

# in_scope holds when plan.in_scope lists tag (a tag as the plan format
# lists it, in lower snake case), however the plan writes it.
in_scope(tag) if replace(tag, "_", "") in scope

# is(x, value) holds when x is the closed-list value (as the plan format
# lists it, in lower snake case), however x is written ("Agile" is agile).
is(x, value) if token(x) == replace(value, "_", "")

# The organisation's type decides who the top of the organisation is and
# what a small organisation can be asked for: primary care is a GP
# practice or a primary care network; every other type, a plan with no
# type and a type outside the list are large.
org_type := org_types[token(plan.organisation.type)]

# org_types are the types of the plan format's list, by their tokens: one
# lookup reads a type however it is written.
org_types := {
	"icb": "icb",
	"trust": "trust",
	"foundationtrust": "foundation_trust",
	"gppractice": "gp_practice",
	"pcn": "pcn",
	"localauthority": "local_authority",
	"nationalbody": "national_body",
	"other": "other",
}

primary_care if org_type in {"gp_practice", "pcn"}

large if not primary_care

# words normalises a text as the vocabularies (data.plancheck.vocabulary)
# are matched: lower case, split into words at every character that is
# not a letter or a digit, one trailing "s" dropped from each word (a word
# that was only "s" is dropped). Three builtins, whatever the length of
# the text: the "s" that ends a word goes first, then the runs of letters
# and digits are the words. (The engine indexes the vocabularies with the
# same rule: engine.Words, and a test holds the two together.)
words(text) := regex.find_n(`[\pL\pN]+`, regex.replace(lower(text), `s([^\pL\pN]|$)`, "$1"), -1)

# matches(list, text) holds when an entry of a vocabulary list (its name
# in data.plancheck.vocabulary_index, such as "clinical_roles" or
# "sponsor_titles.large") occurs in text: its words in the text's words, as
# a contiguous run in the same order. Each word of the text costs one
# lookup, whatever the size of the list.
matches(list, text) if matches_words(list, words(text))

# matched is matches_words as true or false, for a rule that records both.
matched(list, ws) if {
	matches_words(list, ws)
} else := false

# matches_words is matches on a text already split by words.
matches_words(list, ws) if {
	some i, w in ws
	some entry in data.plancheck.vocabulary_index[list][w]
	array.slice(ws, i, i + count(entry)) == entry
}

# name quotes a list entry's name, or says which entry it is.
name(entry, i) := sprintf("%q", [entry.name]) if {
	is_string(entry.name)
} else := sprintf("number %d", [i + 1])

# quote shows a value from the plan in a message: text quoted, anything
# else as written.
quote(x) := sprintf("%q", [x]) if {
	is_string(x)
} else := sprintf("%v", [x])

# pounds writes an amount of money as a planner reads it: £1,200,000, or
# £1,200,000.50 with pence. It counts in whole pennies first, so that an
# amount written 199999.99 is shown as written, not with the noise of its
# binary fraction; a negative amount starts with a minus sign.
pounds(n) := sprintf("-£%s", [money(0 - p)]) if {
	p := round(n * 100)
	p < 0
} else := sprintf("£%s", [money(round(n * 100))])

# money writes a whole, non-negative number of pennies as pounds.
money(p) := grouped(floor(p / 100)) if {
	p % 100 == 0
} else := sprintf("%s.%02d", [grouped(floor(p / 100)), p % 100])

grouped(whole) := strings.reverse(concat(",", regex.find_n(`[0-9]{1,3}`, strings.reverse(sprintf("%d", [whole])), -1)))

# is_date holds for a YYYY-MM-DD date that exists, from 0001-01-01 to
# 9999-12-31 (not 2026-02-30), as the plan format's own check reads dates.
# It does not parse with time.parse_ns, whose nanoseconds end in 2262; a
# value that is not text fails the match, so it needs no is_string. One
# regular expression says it all (it is compiled once, and a plan's dates
# are checked many times over): a year from 0001, the days each month has,
# and 29 February in leap years only (divisible by 4 and not by 100, or
# by 400).
is_date(x) if regex.match(date_pattern, x)

date_pattern := concat("", [
	`^(?:`,
	`(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-`,
	`(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))`,
	`|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29`,
	`)$`,
])

# The plan date: when the plan was approved, else today. Recent evidence is
# judged against it, so an approved plan does not go stale as time passes.
# An approval dated after today has not happened: the plan is not approved
# yet, and the plan date is today (plan-format says so).
plan_date := d if {
	d := plan.plan.approved.date
	is_date(d)
	d <= today
} else := today

period_start := plan.plan.period.start if is_date(plan.plan.period.start)

period_end := plan.plan.period.end if is_date(plan.plan.period.end)

# Evidence is recent from 24 months before the plan starts (before the plan
# date, when the plan has no start) up to the plan date.
recent_anchor := period_start if {
	period_start
} else := plan_date

recent_from := add_years(recent_anchor, -2)

default recent_anchor_name := "the plan date"

recent_anchor_name := "the plan's start" if period_start

# add_years moves a date by whole years; 29 February becomes the 28th in a
# year that has none (24 months before 2028-02-29 is 2026-02-28). Dates
# stay inside the years 0001 to 9999, as text comparisons need four digits.
add_years(d, n) := "0001-01-01" if {
	to_number(substring(d, 0, 4)) + n < 1
} else := "9999-12-31" if {
	to_number(substring(d, 0, 4)) + n > 9999
} else := sprintf("%04d-%s", [y, month_day]) if {
	y := to_number(substring(d, 0, 4)) + n
	month_day := leap_day_or(substring(d, 5, 5), y)
}

leap_day_or(md, y) := "02-28" if {
	md == "02-29"
	not leap_year(y)
} else := md

leap_year(y) if {
	y % 4 == 0
	y % 100 != 0
}

leap_year(y) if y % 400 == 0

# not_recent says why d, a value that is present, is not recent evidence;
# it is undefined when d is recent. Check absence separately.
not_recent(d) := sprintf("%v is not a date (write it as YYYY-MM-DD)", [d]) if {
	not is_date(d)
} else := sprintf("it is dated %s, more than 24 months before %s (%s)", [d, recent_anchor, recent_anchor_name]) if {
	d < recent_from
} else := sprintf("it is dated %s, after the plan date %s", [d, plan_date]) if {
	d > plan_date
}

# day_number counts the days from 0001-01-01 to a date, so that two dates
# can be a number of days apart without the nanosecond clock, which ends
# in 2262 (days from civil, in the proleptic Gregorian calendar).
day_number(d) := n if {
	y0 := to_number(substring(d, 0, 4))
	m := to_number(substring(d, 5, 2))
	y := y0 - to_number(m <= 2)
	era := floor(y / 400)
	yoe := y - (era * 400)
	shifted := (m + 9) - (12 * to_number(m > 2))
	doy := (floor(((153 * shifted) + 2) / 5) + to_number(substring(d, 8, 2))) - 1
	n := ((((era * 146097) + (yoe * 365)) + floor(yoe / 4)) - floor(yoe / 100)) + doy
}

# days_between is how many days d2 falls after d1.
days_between(d1, d2) := day_number(d2) - day_number(d1)

# recent holds for a date inside the window.
recent(d) if {
	is_date(d)
	not not_recent(d)
}

# in_period holds for a date inside the plan period, ends included. The
# comparisons come first: they cost less than parsing the date.
in_period(d) if {
	d >= period_start
	d <= period_end
	is_date(d)
}

# has_period holds when the plan period is two dates, in order.
has_period if period_start <= period_end

# not_in_period says why d, a value that is present, is not a date inside
# the plan period. It is undefined when d is inside, and when the plan has
# no valid period (which the plan-format check reports): then only the
# date itself is checked.
not_in_period(d) := sprintf("%v is not a date (write it as YYYY-MM-DD)", [d]) if {
	not is_date(d)
} else := sprintf("%s is outside the plan period (%s to %s)", [d, period_start, period_end]) if {
	has_period
	not in_period(d)
}
