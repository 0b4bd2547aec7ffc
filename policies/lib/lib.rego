# METADATA
# title: plancheck policy library
# description: |
#   Reads the plan under evaluation and builds findings. Every
#   recommendation imports it; none reads the clock: "today" comes from
#   the input, so a run can be repeated with the same result.
#
#   The input is {"plan": <the plan>, "today": "YYYY-MM-DD"}, where the plan
#   has its empty values (null, blank text and {}) left out, so "present" in
#   the catalogue is a plain reference: `not plan.data.transparency_notice`.
#   Lists are kept, since an empty list can mean something (`legacy:
#   {systems: []}`); a list is present when it has a first entry: `not
#   plan.inclusion.mitigations[0]`. Plain references are also the cheapest
#   check OPA evaluates. Policies `import input.plan` for them.
#
#   Inside `not`, use only references, indexing and `==` on a field that may
#   be absent: a function call (count, is_array, any lib function), `>`,
#   `!=` or `in` on an undefined reference makes the whole rule undefined,
#   so the check would never fire. Bind the value first (`x := plan.a.b`)
#   when a function must look at it.
package plancheck.lib

import input.plan

today := input.today

# must and should build a finding about the field at path, a dotted path
# such as "governance.owner.role" or "objectives[0].by". The engine turns
# the path into the line and column of the field, or of its nearest
# enclosing key when the field is absent. A must finding means the
# recommendation is missed; a should finding is advice.
must(path, message) := {"level": "must", "path": path, "message": message}

should(path, message) := {"level": "should", "path": path, "message": message}

# items gives a list's entries, and none when the value is not a list (the
# plan-format check reports the wrong type) or is undefined.
items(x) := x if {
	is_array(x)
} else := []

# has_entry holds when list x holds value v.
has_entry(x, v) if {
	is_array(x)
	some e in x
	e == v
}

# in_scope holds when plan.in_scope lists tag.
in_scope(tag) if has_entry(plan.plan.in_scope, tag)

# name quotes a list entry's name, or says which entry it is.
name(entry, i) := sprintf("%q", [entry.name]) if {
	is_string(entry.name)
} else := sprintf("number %d", [i + 1])

# quote shows a value from the plan in a message: text quoted, anything
# else as written.
quote(x) := sprintf("%q", [x]) if {
	is_string(x)
} else := sprintf("%v", [x])

# is_date holds for a YYYY-MM-DD date that exists, from 0001-01-01 to
# 9999-12-31 (not 2026-02-30), as the plan format's own check reads dates.
# It does not parse with time.parse_ns, whose nanoseconds end in 2262; a
# value that is not text fails the match, so it needs no is_string.
is_date(x) if {
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, x)
	y := to_number(substring(x, 0, 4))
	y > 0
	to_number(substring(x, 8, 2)) <= last_day(y, to_number(substring(x, 5, 2)))
}

# last_day is the number of days in month m of year y.
last_day(y, m) := 29 if {
	m == 2
	leap_year(y)
} else := [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]

# The plan date: when the plan was approved, else today. Recent evidence is
# judged against it, so an approved plan does not go stale as time passes.
plan_date := plan.plan.approved.date if {
	is_date(plan.plan.approved.date)
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
