package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/suggest"
)

func newRulesCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the recommendation catalogue: id, framework, severity, title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, _ := cmd.Flags().GetString("format")
			switch rf := render.RulesFormat(f); rf {
			case render.RulesText, render.RulesJSON, render.RulesMarkdown:
				eng, err := catalogueEngine(cmd, stdio)
				if err != nil {
					return err
				}
				return render.Rules(stdio.Out, rf, eng.Catalogue().Entries)
			}
			return usageError("unknown format %q: use text, json or markdown", f)
		},
	}
	cmd.Flags().StringP("format", "f", "text", "text, json or markdown")
	cmd.Flags().StringArray("policy", nil, "include the custom policies in `DIR`")
	return cmd
}

func newExplainCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "explain ID",
		Short: "Explain a recommendation: its source, what meets it, what misses it, an example",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			eng, err := catalogueEngine(cmd, stdio)
			if err != nil {
				return err
			}
			cat := eng.Catalogue()
			e, ok := cat.Lookup(args[0])
			if !ok || e.ID == catalogue.PlanFormat.ID {
				ids := make([]string, len(cat.Entries))
				for i, x := range cat.Entries {
					ids[i] = x.ID
				}
				return usageError("no recommendation %q%s; see plancheck rules", args[0], suggest.Hint(args[0], ids))
			}
			misses, err := bareFindings(ctx, eng, e.ID)
			if err != nil {
				return &exitError{code: report.ExitError, err: err}
			}
			return render.Explain(stdio.Out, e, misses)
		},
	}
	cmd.Flags().StringArray("policy", nil, "include the custom policies in `DIR`")
	return cmd
}

// catalogueEngine compiles the catalogue with the custom policies the
// settings name, as lint does.
func catalogueEngine(cmd *cobra.Command, stdio IO) (*engine.Engine, error) {
	cfg, err := loadConfig(cmd, stdio)
	if err != nil {
		return nil, err
	}
	eng, err := engine.New(cmd.Context(), engine.Options{Custom: cfg.paths("policy")})
	if err != nil {
		return nil, usageError("%v", err)
	}
	return eng, nil
}

// bareFindings checks a plan that holds only the required keys (with every
// scope tag, so that conditional checks apply) and returns what it is told
// about one recommendation: the real findings, not a description of them.
func bareFindings(ctx context.Context, eng *engine.Engine, id string) ([]report.Finding, error) {
	start := time.Now()
	bare := fmt.Sprintf(`plancheck: 1
organisation: {name: Example}
plan:
  title: Example
  period: {start: %s, end: %s}
  in_scope: [medicines, records, patient_app, ai, emerging_technology]
`, start.Format("2006-01-02"), start.AddDate(3, 0, -1).Format("2006-01-02"))
	doc, err := loader.Loader{Format: plan.YAML}.Parse("example.yaml", []byte(bare))
	if err != nil {
		return nil, err
	}
	p, err := eng.Check(ctx, doc, start.Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	for _, r := range p.Results {
		if r.ID == id {
			return r.Findings, nil
		}
	}
	return nil, nil
}

func newVersionCommand(stdio IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the versions of plancheck, its catalogue and report format",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(stdio.Out, "plancheck %s\ncatalogue %s\nreport format %d\n%s\n", version, CatalogueVersion, report.Version, buildInfo())
			return err
		},
	}
}
