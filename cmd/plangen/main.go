// Command plangen writes synthetic plans that follow plan format version 1,
// for benchmarks and tests: plangen -n 10000 -out /tmp/plans.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
)

func main() {
	opts := plangen.DefaultOptions
	n := flag.Int("n", 1000, "number of plans")
	out := flag.String("out", "plans", "folder to write them to (created)")
	formats := flag.String("formats", "yaml", "formats to write, taken in turn: yaml,json,toml")
	flag.Uint64Var(&opts.Seed, "seed", opts.Seed, "random seed: the same seed writes the same plans")
	flag.Float64Var(&opts.Gaps, "gaps", opts.Gaps, "chance that an optional section or field is left out")
	flag.Float64Var(&opts.Errors, "errors", opts.Errors, "chance that a value is mistyped or outside its list")
	flag.Float64Var(&opts.Blanks, "blanks", opts.Blanks, "chance that a value is written empty (null, blank text, an empty mapping)")
	flag.Parse()
	for _, f := range strings.Split(*formats, ",") {
		pf, ok := plan.ParseSyntax(strings.TrimSpace(f))
		if !ok {
			fmt.Fprintf(os.Stderr, "plangen: unknown format %q\n", f)
			os.Exit(2)
		}
		opts.Syntaxes = append(opts.Syntaxes, pf)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "plangen: %v\n", err)
		os.Exit(1)
	}
	g := plangen.New(opts)
	for i := range *n {
		name, data, err := g.Plan(i)
		if err == nil {
			err = os.WriteFile(filepath.Join(*out, name), data, 0o644)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "plangen: %v\n", err)
			os.Exit(1)
		}
	}
}
