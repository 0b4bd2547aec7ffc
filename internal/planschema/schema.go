// Package planschema is the schema of plan format version 1: the keys of a
// plan and the values they take, the checks of a plan against it (required
// keys, types, dates, closed lists and token lists, unknown and misspelt
// keys, waivers, the approval date and evidence files), the JSON Schema
// that editors read, and the template that plancheck init writes. The
// checks' findings are what the plan-format rule reports.
package planschema

import (
	"strings"

	"github.com/plancheck/plancheck/internal/plan"
)

// Type is the type of a field's value.
type Type int

// The value types of plan format version 1.
const (
	Object Type = iota
	List
	Text
	Integer
	Number
	Boolean
	Date
	Enum
)

func (t Type) String() string {
	switch t {
	case Object:
		return "a mapping"
	case List:
		return "a list"
	case Text:
		return "text"
	case Integer:
		return "a whole number"
	case Number:
		return "a number"
	case Boolean:
		return "true or false"
	case Date:
		return "a date (YYYY-MM-DD)"
	case Enum:
		return "one of the listed values"
	}
	return "a value"
}

// Field describes one key of a plan and the value it takes.
type Field struct {
	Name        string
	Type        Type
	Required    bool
	Description string
	// Values are an Enum's allowed values (a closed list). For Text they
	// make a token list: the listed tokens, with which a value is compared
	// after Token; other values are accepted, and a near spelling of a
	// listed one gets "did you mean". Text without Values is free text.
	Values []string
	Fields []*Field // an Object's keys
	Items  *Field   // a List's entries
	// Const, when set, is the only value an Integer may take.
	Const string
	// Example is a value shown in templates and documentation.
	Example string
	// Evidence marks Text that points at a document: when it looks like a
	// file name, the file must exist.
	Evidence bool
}

func obj(name, desc string, fields ...*Field) *Field {
	return &Field{Name: name, Type: Object, Description: desc, Fields: fields}
}

func list(name, desc string, items *Field) *Field {
	return &Field{Name: name, Type: List, Description: desc, Items: items}
}

func text(name, desc string) *Field { return &Field{Name: name, Type: Text, Description: desc} }

func date(name, desc string) *Field { return &Field{Name: name, Type: Date, Description: desc} }

func num(name, desc string) *Field { return &Field{Name: name, Type: Number, Description: desc} }

func integer(name, desc string) *Field { return &Field{Name: name, Type: Integer, Description: desc} }

func boolean(name, desc string) *Field { return &Field{Name: name, Type: Boolean, Description: desc} }

func enum(name, desc string, values ...string) *Field {
	return &Field{Name: name, Type: Enum, Description: desc, Values: values}
}

func known(f *Field, values ...string) *Field { f.Values = values; return f }

func evidence(f *Field) *Field { f.Evidence = true; return f }

func required(f *Field) *Field { f.Required = true; return f }

func textList(name, desc string) *Field { return list(name, desc, &Field{Type: Text}) }

// Lookup returns the schema of a dotted path of keys, or nil.
func Lookup(path string) *Field {
	f := Schema
	for _, name := range strings.Split(path, ".") {
		if f = f.field(name); f == nil {
			return nil
		}
	}
	return f
}

// Scope tags that switch conditional checks on.
var scopeTags = []string{"medicines", "records", "patient_app", "ai", "emerging_technology"}

// Standards the catalogue knows by name.
var standards = []string{"nhs_number", "fhir_uk_core", "snomed_ct", "dm_d", "gp_connect", "nhs_login", "ihe_xds", "hl7v2"}

// Schema is plan format version 1.
var Schema = obj("", "A digital transformation plan, checked by plancheck against the Wade-Gery review and the NAO's criteria.",
	&Field{Name: "plancheck", Type: Integer, Required: true, Const: "1", Description: "Plan format version; only 1 exists."},
	required(obj("organisation", "The organisation whose plan this is.",
		required(text("name", "The organisation's name.")),
		text("code", "ODS code."),
		enum("type", "Kind of organisation.", "icb", "trust", "foundation_trust", "gp_practice", "pcn", "local_authority", "national_body", "other"),
	)),
	required(obj("plan", "The plan itself.",
		required(text("title", "The plan's title.")),
		required(obj("period", "The period the plan covers; it ends after it starts.",
			required(date("start", "First day of the plan.")),
			required(date("end", "Last day of the plan.")),
		)),
		obj("approved", "Who approved the plan and when; the approval date is the plan date that recent evidence is judged against.",
			text("by", "The body or person that approved the plan."),
			date("date", "Date of approval."),
		),
		list("in_scope", "Tags that switch conditional checks on: medicines needs dm+d; ai or emerging_technology needs foundations first.", known(&Field{Type: Text}, scopeTags...)),
	)),
	obj("governance", "Who owns, sponsors and oversees the plan.",
		obj("owner", "The single accountable owner (senior responsible owner): one person.",
			text("name", "The owner's name."),
			text("role", "The owner's role."),
			boolean("board_member", "Whether the owner sits on the board."),
		),
		obj("sponsor", "The executive sponsor.",
			text("name", "The sponsor's name."),
			text("role", "The sponsor's role; the chief executive is expected."),
		),
		obj("board", "The board that oversees delivery.",
			text("name", "The board's name."),
			enum("meets", "How often it meets; bimonthly is every two months.", "weekly", "fortnightly", "monthly", "six_weekly", "bimonthly", "quarterly"),
		),
		boolean("digital_in_transformation", "Digital leadership sits inside service transformation, not in a separate silo."),
		list("assurance", "Independent assurance planned or done.", obj("", "An assurance activity.",
			enum("type", "Kind of assurance.", "internal_audit", "gateway_review", "external_review", "clinical_safety_review"),
			date("date", "When it is or was done."),
		)),
	),
	obj("patients", "How the plan is designed around patients.",
		obj("user_research", "Research with patients and service users.",
			textList("methods", "Research methods, such as interviews or usability_testing."),
			integer("participants", "How many people took part."),
		),
		obj("involvement", "How patients are involved in decisions.",
			textList("methods", "Involvement methods, such as patient_panel or co_design."),
			boolean("seldom_heard_groups", "Whether seldom-heard groups are involved."),
		),
		textList("journeys", "The care journeys the plan is organised around."),
	),
	obj("inclusion", "How digital exclusion is assessed and mitigated.",
		obj("impact_assessment", "An inclusion impact assessment, such as an EHIA.",
			text("type", "Kind of assessment, such as ehia."),
			date("completed", "When it was completed."),
			evidence(text("reference", "Where the assessment is: a file name (which must exist), an address or a reference.")),
		),
		textList("groups_considered", "Groups at risk of exclusion that were considered."),
		boolean("non_digital_alternative", "People can still use the service without going online."),
		textList("mitigations", "How people who cannot or will not go online are supported."),
	),
	obj("data", "Data, privacy and trust.",
		text("transparency_notice", "Where the public can read how their data is used."),
		obj("dpia", "Data protection impact assessment.",
			date("completed", "When it was completed."),
			evidence(text("reference", "Where the assessment is: a file name (which must exist), an address or a reference.")),
		),
		boolean("national_data_opt_out", "The national data opt-out is applied."),
		obj("public_engagement", "Engagement with the public on data use.",
			textList("methods", "Engagement methods, such as citizens_jury."),
			date("date", "When it took place."),
		),
		enum("dspt", "Data Security and Protection Toolkit status.", "standards_exceeded", "standards_met", "approaching_standards", "not_met"),
		evidence(text("target_architecture", "Where the target data and technology architecture is described: a file name (which must exist), an address or a reference.")),
	),
	obj("funding", "What the plan costs and how it is funded (pounds sterling).",
		num("total_gbp", "Total cost."),
		num("capital_gbp", "Capital cost."),
		num("revenue_gbp", "Revenue (recurring) cost."),
		num("whole_life_years", "Years the whole-life cost covers."),
		enum("confidence", "Confidence in the cost estimate.", "low", "medium", "high"),
		text("basis", "How the cost was estimated."),
		num("contingency_gbp", "Contingency held."),
		obj("reprioritised", "Spend moved towards digital transformation.",
			num("amount_gbp", "Amount moved."),
			textList("from", "Where it was moved from."),
		),
		list("sources", "Where the money comes from.", obj("", "A source of funding.",
			text("name", "The source, such as a capital programme or an allocation."),
			num("amount_gbp", "How much it provides."),
			enum("status", "Whether the money is secured, bid for, or assumed.", "secured", "bid", "assumed"),
		)),
		num("digital_share_pct", "Share of total organisational spend that goes on digital, in per cent."),
	),
	obj("skills", "Digital skills and capacity.",
		obj("capability_assessment", "An assessment of digital capability.",
			date("completed", "When it was completed."),
			evidence(text("reference", "Where the assessment is: a file name (which must exist), an address or a reference.")),
		),
		evidence(text("workforce_plan", "Where the digital workforce plan is: a file name (which must exist), an address or a reference.")),
		list("roles", "Roles the plan funds.", obj("", "A role.",
			text("role", "The role."),
			num("fte", "Full-time equivalents."),
		)),
		boolean("board_training", "The board is trained in digital."),
	),
	obj("delivery", "How the plan is delivered.",
		textList("team", "Roles in the delivery team, in the organisation's own words."),
		enum("approach", "Delivery approach.", "agile", "iterative", "hybrid", "waterfall"),
		obj("change_team", "The change management team.",
			num("fte", "Full-time equivalents."),
			boolean("full_time", "Whether the team works on the change full time."),
		),
		list("milestones", "Delivery milestones.", obj("", "A milestone.",
			text("name", "What is delivered."),
			date("due", "When it is due."),
		)),
	),
	list("objectives", "Measurable objectives.", obj("", "An objective.",
		text("name", "The objective."),
		text("metric", "How it is measured."),
		num("baseline", "The metric's value now."),
		num("target", "The metric's target value."),
		date("by", "When the target is to be met; inside the plan period."),
		text("journey", "The care journey it serves, one of patients.journeys."),
	)),
	list("benefits", "Benefits and who owns them.", obj("", "A benefit.",
		text("name", "The benefit."),
		text("metric", "How it is measured."),
		num("baseline", "The metric's value now."),
		num("target", "The metric's target value."),
		date("by", "When the benefit is to be realised."),
		text("owner", "Who owns the benefit."),
	)),
	obj("interoperability", "Standards for joining systems up.",
		list("standards", "Standards adopted, such as nhs_number, fhir_uk_core, snomed_ct, dm_d, gp_connect, nhs_login, ihe_xds, hl7v2.", known(&Field{Type: Text}, standards...)),
		boolean("nhs_number_primary_identifier", "The NHS number is the primary patient identifier."),
	),
	obj("legacy", "Legacy systems; write `legacy: {systems: []}` when there are none.",
		list("systems", "Legacy systems and what happens to them.", obj("", "A legacy system.",
			text("name", "The system."),
			date("end_of_support", "When its support ends."),
			enum("action", "What the plan does with it.", "replace", "retire", "retain"),
			date("by", "When the action is done."),
		)),
	),
	obj("maturity", "A digital maturity baseline.",
		enum("framework", "The maturity framework used.", "what_good_looks_like", "digital_maturity_assessment", "other"),
		date("completed", "When the assessment was completed."),
		obj("scores", "Scores from 1 to 5 against What Good Looks Like's seven success measures.",
			integer("well_led", "Well led."),
			integer("smart_foundations", "Ensure smart foundations."),
			integer("safe_practice", "Safe practice."),
			integer("support_people", "Support people."),
			integer("empower_citizens", "Empower citizens."),
			integer("improve_care", "Improve care."),
			integer("healthy_populations", "Healthy populations."),
		),
	),
	boolean("foundations_first", "Interoperability and core digitisation come before newer technology."),
	list("lessons", "Lessons from past programmes and how they are applied.", obj("", "A lesson.",
		text("source", "The programme the lesson comes from, such as NPfIT."),
		text("lesson", "What was learned."),
		text("applied", "How this plan applies it."),
	)),
	list("risks", "Risks and their owners.", obj("", "A risk.",
		text("description", "The risk."),
		text("owner", "Who owns it."),
		text("mitigation", "How it is mitigated."),
	)),
	list("waivers", "Comply or explain: recommendations the plan does not meet, and why.", obj("", "A waiver.",
		required(text("recommendation", "The id of the recommendation waived (see plancheck rules).")),
		required(text("reason", "Why it is not met.")),
		required(text("approved_by", "Who approved the waiver.")),
		required(date("expires", "When the waiver ends; after it, the recommendation is judged as if unwaived.")),
	)),
)

// Listed returns the listed form of a closed list's value, read as the
// checks read it (planschema.Token): "PCN" is "pcn". A value that matches
// none, or a path that is not a closed list, is returned as it is.
func Listed(path, value string) string {
	if f := Lookup(path); f != nil && f.Type == Enum {
		for _, v := range f.Values {
			if Token(v) == Token(value) {
				return v
			}
		}
	}
	return value
}

// NotAPlan tells whether a document is a file that sits among plans but is
// not one, and says what it is: a JSON Schema (plancheck init writes one
// beside the plan, and editors want one there), a plancheck report, or a
// baseline file or diff, which a repository keeps beside its plans.
func NotAPlan(doc *plan.Document) (string, bool) {
	if s := doc.Root.Get("$schema"); s != nil && s.Kind == plan.String && strings.Contains(s.Text, "json-schema.org") {
		return "a JSON Schema, not a plan", true
	}
	if doc.Lookup("tool.name") != "plancheck" {
		return "", false
	}
	for _, k := range []struct{ key, what string }{
		{"report_version", "a plancheck report, not a plan"},
		{"baseline_version", "a plancheck baseline file, not a plan"},
		{"diff_version", "a plancheck diff, not a plan"},
	} {
		if doc.Root.Get(k.key) != nil {
			return k.what, true
		}
	}
	return "", false
}
