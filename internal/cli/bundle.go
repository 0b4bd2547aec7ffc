package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/bundle"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/safetext"
)

// maxKeySize bounds a PEM key file: an RSA key of 8192 bits is under 7 KB.
const maxKeySize = 64 << 10

func newBundleCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bundle -o FILE",
		Short: "Write the catalogue as an OPA bundle, for OPA servers and lint --bundle",
		Long: `Write the catalogue as an OPA bundle (a .tar.gz) that a stock Open Policy
Agent server loads as it is, and that plancheck lint --bundle checks with:
the policies without their tests, the custom policies of each --policy
folder (taken as lint takes them), the vocabularies, and the plan format's
JSON Schema. Its manifest claims only the plancheck namespace, and its
revision is the catalogue version and a digest of the contents.

An OPA server decides on a plan posted as it is written at
/v1/data/plancheck/server/report, with {"input": {"plan": ..., "today":
"YYYY-MM-DD"}}; see the README, "Run on OPA servers".

--signing-key signs the bundle in OPA's own format (.signatures.json), so
that opa run --verification-key and plancheck lint --verification-key
refuse a copy changed after signing.`,
		Example: `  plancheck bundle -o catalogue.tar.gz
  plancheck bundle -o catalogue.tar.gz --policy trust-policies --signing-key private.pem --signing-alg RS256`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runBundle(cmd, stdio) },
	}
	f := cmd.Flags()
	f.StringP("output", "o", "", "write the bundle to `FILE`, replaced atomically; - writes it to standard output")
	f.StringArray("policy", nil, "also put in the custom policies in `DIR` (repeatable), as lint --policy takes them")
	f.String("signing-key", "", "sign the bundle with the private key (PEM) in `FILE`")
	f.String("signing-alg", "RS256", "the signature's algorithm: "+strings.Join(bundle.Algorithms, " (an RSA key) or ")+" (an ECDSA P-256 key)")
	f.String("signing-key-id", bundle.DefaultKeyID, "the key id the signature names, as an OPA server's keys configuration names the key")
	return cmd
}

func runBundle(cmd *cobra.Command, stdio IO) error {
	ctx := cmd.Context()
	cfg, err := loadConfig(cmd, stdio)
	if err != nil {
		return err
	}
	f := cmd.Flags()
	output, _ := f.GetString("output")
	if output == "" {
		return usageError("give the bundle's file name with -o, such as -o catalogue.tar.gz")
	}
	keyFile, _ := f.GetString("signing-key")
	alg, _ := f.GetString("signing-alg")
	keyID, _ := f.GetString("signing-key-id")
	if !slices.Contains(bundle.Algorithms, alg) {
		return usageError("unknown signing algorithm %q: use %s", alg, strings.Join(bundle.Algorithms, " or "))
	}
	if keyFile == "" && (f.Changed("signing-alg") || f.Changed("signing-key-id")) {
		return usageError("--signing-alg and --signing-key-id need --signing-key")
	}
	if output == "-" && isTerminal(stdio.Out) {
		return usageError("a bundle is binary: write it to a file with -o FILE, or pipe standard output")
	}
	var signing *bundle.Signing
	if keyFile != "" {
		key, err := loader.ReadFile(stdio.path(keyFile), maxKeySize)
		if err != nil {
			return usageError("signing-key: %v", err)
		}
		signing = &bundle.Signing{Key: key, Alg: alg, KeyID: keyID}
	}
	eng, err := compile(cmd, stdio, cfg)
	if err != nil {
		return err
	}
	opts := bundle.Options{Version: version, Signing: signing}
	if output == "-" {
		info, err := bundle.Build(stdio.Out, eng, opts)
		if err != nil {
			return failure(err)
		}
		fmt.Fprintln(stdio.Err, describeBundle("the bundle", info, signing))
		return nil
	}
	files := stdio.files()
	defer files.Abort()
	out, err := files.Create(stdio.path(output))
	if err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		return failure(err)
	}
	info, err := bundle.Build(out, eng, opts)
	if err != nil {
		return failure(err)
	}
	if err := files.Commit(ctx); err != nil {
		if ctx.Err() != nil || errors.Is(err, atomicfile.ErrAborted) {
			return interrupted()
		}
		return failure(err)
	}
	fmt.Fprintln(stdio.Err, safetext.Clean(describeBundle("wrote "+output, info, signing)))
	return nil
}

// describeBundle says what was written, for the person who wrote it.
func describeBundle(what string, info bundle.Info, signing *bundle.Signing) string {
	signed := "not signed"
	if signing != nil {
		signed = fmt.Sprintf("signed (%s, key id %s)", signing.Alg, signing.KeyID)
	}
	return fmt.Sprintf("%s: revision %s, %d policy files, roots %s, %s; OPA servers decide at /v1/data/%s",
		what, info.Revision, info.Files, strings.Join(info.Roots, ", "), signed, bundle.Entrypoint)
}

// addBundleFlags gives a command that checks plans the flags that take
// its catalogue from a bundle.
func addBundleFlags(f *pflag.FlagSet) {
	f.String("bundle", "", "check with the catalogue in the bundle `FILE` or http(s) URL that plancheck bundle wrote, instead of the built-in one")
	f.String("verification-key", "", "check the bundle's signature with the public key (PEM) in `FILE`, and refuse the bundle unless it verifies")
}

// bundleSource reads the bundle the settings name, when the command takes
// one (plancheck bundle itself builds from the built-in catalogue), as the
// catalogue to compile; nil when there is none.
func bundleSource(cmd *cobra.Command, stdio IO, cfg *config) (*engine.Source, error) {
	if cmd.Flags().Lookup("bundle") == nil {
		return nil, nil
	}
	name := cfg.str("bundle")
	keyFile := cfg.str("verification_key")
	if name == "" {
		if keyFile != "" {
			return nil, usageError("verification-key checks a bundle: give --bundle too")
		}
		return nil, nil
	}
	var data []byte
	var err error
	if bundle.IsURL(name) {
		data, err = bundle.Fetch(cmd.Context(), name, "plancheck/"+version)
	} else {
		data, err = loader.ReadFile(stdio.path(name), bundle.MaxSize)
		if err != nil {
			err = fmt.Errorf("bundle %s: %w", name, err)
		}
	}
	if err != nil {
		return nil, failure(err)
	}
	var key []byte
	if keyFile != "" {
		if key, err = loader.ReadFile(stdio.path(keyFile), maxKeySize); err != nil {
			return nil, usageError("verification-key: %v", err)
		}
	}
	loaded, err := bundle.Read(data, bundle.ReadOptions{Name: name, VerificationKey: key})
	if err != nil {
		return nil, failure(err)
	}
	if loaded.Signed && !loaded.Verified {
		fmt.Fprintf(stdio.Err, "plancheck: %s is signed, but its signature was not checked: give --verification-key to check it\n", safetext.Clean(name))
	}
	return &loaded.Source, nil
}
