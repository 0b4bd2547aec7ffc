# METADATA
# title: plancheck policy library
# description: |
#   Reads the plan under evaluation and builds findings. Every
#   recommendation imports it; none reads the clock: "today" comes from
#   the input, so a run can be repeated with the same result.
package plancheck.lib

# plan is the plan document, as written; today is the run's date.
plan := input.plan

today := input.today

# must and should build a finding about the field at path, a dotted path
# such as "governance.owner.role" or "objectives[0].by". The engine turns
# the path into the line and column of the field, or of its nearest
# enclosing key when the field is absent. A must finding means the
# recommendation is missed; a should finding is advice.
must(path, message) := {"level": "must", "path": path, "message": message}

should(path, message) := {"level": "should", "path": path, "message": message}

# value gives the plan's value at a dotted path of keys, or null when it is
# absent. Checks go through it because a function called on an undefined
# reference is itself undefined, so `not present(plan.a.b)` would never
# fire for a missing field.
value(path) := object.get(plan, split(path, "."), null)

# missing holds when the field at a dotted path is absent or empty.
missing(path) if not present(value(path))

# lacks holds when an entry of a list (an object) has no value for key.
lacks(obj, key) if not present(object.get(obj, key, null))

lacks(obj, _) if not is_object(obj)

# present holds for a value that is given and not empty.
present(x) if {
	x != null
	x != ""
	x != []
	x != {}
	not blank(x)
}

blank(x) if {
	is_string(x)
	trim_space(x) == ""
}

is_true(x) if x == true

positive(x) if {
	is_number(x)
	x > 0
}

# items gives a list's entries, and none when the value is not a list (the
# plan-format check reports the wrong type).
items(x) := x if {
	is_array(x)
} else := []

# has_entry holds when list x holds value v.
has_entry(x, v) if {
	some e in items(x)
	e == v
}

# in_scope holds when plan.in_scope lists tag.
in_scope(tag) if has_entry(plan.plan.in_scope, tag)

# is_date holds for a YYYY-MM-DD date that exists (not 2026-02-30).
is_date(x) if {
	is_string(x)
	time.parse_ns("2006-01-02", x)
}

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

add_years(d, n) := time.format([time.add_date(time.parse_ns("2006-01-02", d), n, 0, 0), "UTC", "2006-01-02"])

add_months(d, n) := time.format([time.add_date(time.parse_ns("2006-01-02", d), 0, n, 0), "UTC", "2006-01-02"])

# recent holds for a date inside the window; not_recent says why not.
recent(d) if {
	is_date(d)
	not why_not_recent(d)
}

# not_recent says why d is not recent evidence. It is undefined when d is
# recent, and when d is absent or empty: say that with missing.
not_recent(d) := why_not_recent(d) if present(d)

why_not_recent(d) := sprintf("%v is not a date (write it as YYYY-MM-DD)", [d]) if {
	not is_date(d)
} else := sprintf("it is dated %s, more than 24 months before %s (the plan's start)", [d, recent_anchor]) if {
	d < recent_from
} else := sprintf("it is dated %s, after the plan date %s", [d, plan_date]) if {
	d > plan_date
}

# in_period holds for a date inside the plan period, ends included.
in_period(d) if {
	is_date(d)
	d >= period_start
	d <= period_end
}

# has_period holds when the plan period is two dates, in order.
has_period if period_start <= period_end

# not_in_period says why d is not a date inside the plan period. It is
# undefined when d is inside, when d is absent or empty, and when the plan
# has no valid period (the plan-format check reports that): then only the
# date itself is checked.
not_in_period(d) := why_not_in_period(d) if present(d)

why_not_in_period(d) := sprintf("%v is not a date (write it as YYYY-MM-DD)", [d]) if {
	not is_date(d)
} else := sprintf("%s is outside the plan period (%s to %s)", [d, period_start, period_end]) if {
	has_period
	not in_period(d)
}
