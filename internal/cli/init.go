package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/compare"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
)

func newSchemaCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of plan format version 1, or of the JSON report, baseline file or diff",
		Long: `Print the JSON Schema (draft 2020-12) of plan format version 1, for editors
that complete and validate plans. It is made from the same description as
plancheck's own plan-format checks. With --report, print the JSON Schema of
report format version 2, what lint --format json writes, for dashboards;
with --baseline, that of the baseline file lint --write-baseline writes;
with --diff, that of what diff --format json writes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var chosen [][]byte
			for _, s := range []struct {
				flag   string
				schema []byte
			}{{"report", report.Schema}, {"baseline", compare.BaselineSchema}, {"diff", compare.DiffSchema}} {
				if on, _ := cmd.Flags().GetBool(s.flag); on {
					chosen = append(chosen, s.schema)
				}
			}
			if len(chosen) > 1 {
				return usageError("give one of --report, --baseline and --diff")
			}
			if len(chosen) == 1 {
				_, err := stdio.Out.Write(chosen[0])
				return err
			}
			data, err := planschema.JSONSchema()
			if err != nil {
				return failure(err)
			}
			_, err = fmt.Fprintf(stdio.Out, "%s\n", data)
			return err
		},
	}
	cmd.Flags().Bool("report", false, "print the JSON Schema of the JSON report instead")
	cmd.Flags().Bool("baseline", false, "print the JSON Schema of the baseline file instead")
	cmd.Flags().Bool("diff", false, "print the JSON Schema of the diff's JSON instead")
	return cmd
}

func newInitCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a plan template with every section explained",
		Long: `Write a plan template: every section the catalogue reads, each field
explained. It follows the plan format as it is, and misses the
recommendations until it is filled in. Without FILE it is printed.`,
		Example: `  plancheck init --type trust plan.yaml
  plancheck lint plan.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			orgType, _ := cmd.Flags().GetString("type")
			if types := planschema.Lookup("organisation.type").Values; orgType != "" && !slices.Contains(types, orgType) {
				return usageError("unknown organisation type %q: use one of %s", orgType, strings.Join(types, ", "))
			}
			today := time.Now().Format("2006-01-02")
			if len(args) == 0 {
				_, err := fmt.Fprint(stdio.Out, planschema.Template(orgType, today, false))
				return err
			}
			text := planschema.Template(orgType, today, true)
			if ext := strings.ToLower(filepath.Ext(args[0])); ext != ".yaml" && ext != ".yml" {
				return usageError("init writes YAML: name the file .yaml, not %s", args[0])
			}
			// Said before anything is written: the error of a write into a
			// missing folder names the file's full path and the system's
			// words.
			if folder := filepath.Dir(args[0]); folder != "." {
				shown := strings.TrimSuffix(filepath.ToSlash(folder), "/") + "/"
				if info, err := os.Stat(stdio.path(folder)); errors.Is(err, fs.ErrNotExist) {
					return usageError("the folder %s does not exist: create it, then run init again", shown)
				} else if err == nil && !info.IsDir() {
					return usageError("%s is not a folder", strings.TrimSuffix(shown, "/"))
				}
			}
			force, _ := cmd.Flags().GetBool("force")
			target := stdio.path(args[0])
			if _, err := os.Stat(target); err == nil && !force {
				return usageError("%s exists; pass --force to replace it", args[0])
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return failure(err)
			}
			// The plan and its schema are put in place together.
			files := stdio.files()
			defer files.Abort()
			if err := writeTo(files, target, []byte(text)); err != nil {
				return failure(err)
			}
			// The template's first line points editors at the schema,
			// beside it.
			schema, err := planschema.JSONSchema()
			if err != nil {
				return failure(err)
			}
			// A schema file there is replaced only when plancheck wrote it;
			// one that cannot be read as a regular file of a sensible size
			// (a FIFO would make this wait) is not plancheck's.
			schemaPath := filepath.Join(filepath.Dir(args[0]), planschema.SchemaFile)
			keep := false
			if _, err := os.Lstat(stdio.path(schemaPath)); err == nil && !force {
				old, err := loader.ReadFile(stdio.path(schemaPath), maxSchemaSize)
				keep = err != nil || !strings.Contains(string(old), planschema.SchemaID)
			}
			if !keep {
				if err := writeTo(files, stdio.path(schemaPath), append(schema, '\n')); err != nil {
					return failure(err)
				}
			}
			if err := files.Commit(cmd.Context()); err != nil {
				if cmd.Context().Err() != nil || errors.Is(err, atomicfile.ErrAborted) {
					return &exitError{code: ExitInterrupted, err: errors.New("interrupted; nothing was written")}
				}
				return failure(err)
			}
			if keep {
				fmt.Fprintf(stdio.Err, "wrote %s; left %s as it is (not plancheck's; --force replaces it)\n", args[0], schemaPath)
				return nil
			}
			fmt.Fprintf(stdio.Err, "wrote %s and %s: fill the plan in, then run plancheck lint %s\n", args[0], schemaPath, args[0])
			return nil
		},
	}
	cmd.Flags().String("type", "", "the organisation's type: "+strings.Join(planschema.Lookup("organisation.type").Values, ", "))
	cmd.Flags().Bool("force", false, "replace FILE when it exists")
	return cmd
}

// maxSchemaSize bounds the schema file init reads to tell whether it is
// plancheck's: plancheck's own is a few tens of kilobytes.
const maxSchemaSize = 1 << 20

// writeTo writes data to path as one of files.
func writeTo(files *atomicfile.Group, path string, data []byte) error {
	f, err := files.Create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}
