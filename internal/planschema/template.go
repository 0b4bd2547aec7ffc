package planschema

import (
	"fmt"
	"strings"
)

// Template writes a plan to fill in: every field of the format, each with
// its description, the required ones filled with placeholders that pass
// the plan-format checks, the others left empty so that the
// recommendations are missed until the plan gives the evidence. Lists show
// the shape of an entry in comments.
//
// With schemaBeside, the plan is written with SchemaFile beside it, and
// its first line points editors at it; without (a template printed), no
// such file is there to point at, and a comment says how to make one.
func Template(orgType, today string, schemaBeside bool) string {
	var b strings.Builder
	if schemaBeside {
		fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", SchemaFile)
		b.WriteString("# A digital transformation plan, in plancheck plan format version 1. Editors\n")
		fmt.Fprintf(&b, "# complete and check it with %s (`plancheck schema > %s`).\n", SchemaFile, SchemaFile)
	} else {
		b.WriteString("# A digital transformation plan, in plancheck plan format version 1. Editors\n")
		fmt.Fprintf(&b, "# complete and check it with its JSON Schema: `plancheck schema > %s`\n", SchemaFile)
		b.WriteString("# writes it (`plancheck init FILE` writes a plan with the schema beside it).\n")
	}
	b.WriteString("# Fill in each section; `plancheck lint` says what is still missing and where.\n")
	b.WriteString("# Dates are YYYY-MM-DD; money is in pounds. `plancheck explain ID` tells what a\n")
	b.WriteString("# recommendation asks for; `plancheck schema` prints this format as a JSON Schema.\n")
	for _, f := range Schema.Fields {
		b.WriteString("\n")
		writeField(&b, f, "", orgType, today)
	}
	return b.String()
}

// placeholders fill the required fields so that the template passes the
// plan-format checks as it is.
func placeholder(path, orgType, today string) string {
	switch path {
	case "plancheck":
		return "1"
	case "organisation.name":
		return "Your organisation"
	case "organisation.type":
		return orgType
	case "plan.title":
		return "Your digital transformation plan"
	case "plan.period.start":
		return today[:4] + "-04-01"
	case "plan.period.end":
		return fmt.Sprintf("%04d-03-31", atoi(today[:4])+3)
	}
	return ""
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func comment(f *Field) string {
	desc := f.Description
	switch f.Type {
	case Enum:
		desc += " One of: " + strings.Join(f.Values, ", ") + "."
	case Date:
		desc += " (YYYY-MM-DD)"
	}
	if f.Required {
		desc += " Required."
	}
	return desc
}

func writeField(b *strings.Builder, f *Field, parent, orgType, today string) {
	path := f.Name
	if parent != "" {
		path = parent + "." + f.Name
	}
	indent := strings.Repeat("  ", strings.Count(path, "."))
	switch f.Type {
	case Object:
		fmt.Fprintf(b, "%s%s:  # %s\n", indent, f.Name, comment(f))
		for _, c := range f.Fields {
			writeField(b, c, path, orgType, today)
		}
	case List:
		fmt.Fprintf(b, "%s%s:  # %s\n", indent, f.Name, comment(f))
		if f.Items.Type == Object {
			for i, c := range f.Items.Fields {
				lead := "  "
				if i == 0 {
					lead = "- "
				}
				fmt.Fprintf(b, "%s  # %s%s:  # %s\n", indent, lead, c.Name, comment(c))
			}
		} else if len(f.Items.Values) > 0 {
			fmt.Fprintf(b, "%s  # - %s\n", indent, strings.Join(f.Items.Values, "\n"+indent+"  # - "))
		}
	default:
		value := placeholder(path, orgType, today)
		if value == "" {
			fmt.Fprintf(b, "%s%s:  # %s\n", indent, f.Name, comment(f))
		} else {
			fmt.Fprintf(b, "%s%s: %s  # %s\n", indent, f.Name, value, comment(f))
		}
	}
}
