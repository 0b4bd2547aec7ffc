package cli

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/suggest"
)

func newRulesCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules: id, kind, framework, severity, title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			name, _ := cmd.Flags().GetString("format")
			f, err := render.ParseFormat(name)
			if err != nil || !slices.Contains(render.RulesFormats, f) {
				return usageError("unknown format %q: use text, json or markdown", name)
			}
			eng, err := catalogueEngine(cmd, stdio)
			if err != nil {
				return err
			}
			return render.Rules(stdio.Out, f, eng.Catalogue().Rules)
		},
	}
	cmd.Flags().StringP("format", "f", "text", "text, json or markdown")
	cmd.Flags().StringArray("policy", nil, "include the custom policies in `DIR`")
	addBundleFlags(cmd.Flags())
	return cmd
}

func newExplainCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "explain ID",
		Short: "Explain a rule: its source, what meets it, what misses it, an example",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			eng, err := catalogueEngine(cmd, stdio)
			if err != nil {
				return err
			}
			cat := eng.Catalogue()
			r, ok := cat.Lookup(args[0])
			if !ok {
				return usageError("no rule %q%s; see plancheck rules", args[0], suggest.Hint(args[0], cat.IDs()))
			}
			misses, err := eng.Misses(ctx, r, time.Now())
			if err != nil {
				return failure(err)
			}
			return render.Explain(stdio.Out, r, misses, eng.Vocabulary())
		},
	}
	cmd.Flags().StringArray("policy", nil, "include the custom policies in `DIR`")
	addBundleFlags(cmd.Flags())
	return cmd
}

// catalogueEngine compiles the catalogue with the custom policies the
// settings name, as lint does.
func catalogueEngine(cmd *cobra.Command, stdio IO) (*engine.Engine, error) {
	cfg, err := loadConfig(cmd, stdio)
	if err != nil {
		return nil, err
	}
	return compile(cmd, stdio, cfg)
}

// compile returns the engine for the catalogue and the custom policies
// the settings name: the built-in catalogue, or a bundle's when the
// command takes --bundle and one is given; each folder and file taken
// from the working folder.
func compile(cmd *cobra.Command, stdio IO, cfg *config) (*engine.Engine, error) {
	var custom []string
	for _, dir := range cfg.paths("policy") {
		// A folder that is not there is the setting's mistake, said with
		// the name as it was written.
		if info, err := os.Stat(stdio.path(dir)); err != nil || !info.IsDir() {
			return nil, usageError("%s: %q: not a folder", cfg.where("policy"), dir)
		}
		custom = append(custom, stdio.path(dir))
	}
	base, err := bundleSource(cmd, stdio, cfg)
	if err != nil {
		return nil, err
	}
	eng, err := stdio.Engines.Get(cmd.Context(), engine.Options{Base: base, Custom: custom})
	if err != nil {
		if len(custom) > 0 {
			return nil, failure(fmt.Errorf("%s: %w", cfg.where("policy"), err))
		}
		return nil, failure(err)
	}
	return eng, nil
}

func newVersionCommand(stdio IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the versions of plancheck, its catalogue and report format",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			eng, err := stdio.Engines.Get(cmd.Context(), engine.Options{})
			if err != nil {
				return failure(err)
			}
			_, err = fmt.Fprintf(stdio.Out, "plancheck %s\ncatalogue %d\nreport format %d\n%s\n", version, eng.Catalogue().Version, report.Version, buildInfo())
			return err
		},
	}
}
