package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v4"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/suggest"
)

// ConfigFile is the name of the settings file looked for in the working
// folder and its parents.
const ConfigFile = ".plancheck.yaml"

// MaxConfigSize bounds the settings file, which holds a few lines.
const MaxConfigSize = 1 << 20

// settings are the keys .plancheck.yaml may hold, with the flag that
// overrides each. evidence_check has none bound: its flag,
// --no-evidence-check, says the opposite (see config.evidenceCheck).
var settings = map[string]string{
	"format":           "format",
	"fail_on":          "fail-on",
	"today":            "today",
	"only":             "only",
	"skip":             "skip",
	"policy":           "policy",
	"timeout":          "timeout",
	"max_file_size":    "max-file-size",
	"evidence_root":    "evidence-root",
	"evidence_check":   "",
	"bundle":           "bundle",
	"verification_key": "verification-key",
	"sarif_waived":     "sarif-waived",
	// plancheck serve's own.
	"addr":             "addr",
	"max_checks":       "max-checks",
	"queue":            "queue",
	"read_timeout":     "read-timeout",
	"write_timeout":    "write-timeout",
	"idle_timeout":     "idle-timeout",
	"shutdown_timeout": "shutdown-timeout",
	"log_level":        "log-level",
	// The results cache.
	"cache_dir":      "cache-dir",
	"no_cache":       "no-cache",
	"cache_max_size": "cache-max-size",
	// Baselines. write-baseline has no setting: a baseline written on
	// every run would accept every new miss as known.
	"baseline":             "baseline",
	"fail_on_new":          "fail-on-new",
	"baseline_any_version": "baseline-any-version",
}

// EnvPrefix starts the name of each environment variable that holds a
// setting: PLANCHECK_FAIL_ON is fail_on.
const EnvPrefix = "PLANCHECK_"

// config resolves a command's settings: flags, then PLANCHECK_* variables,
// then .plancheck.yaml, then the flags' defaults.
type config struct {
	v    *viper.Viper
	cmd  *cobra.Command
	file string
	// dir and getenv are the command's working folder and environment.
	dir    string
	getenv func(string) string
	// written holds each setting of the file as it is written there,
	// for errors to echo.
	written map[string]fileSetting
}

// fileSetting is a setting as the settings file writes it.
type fileSetting struct {
	line  int
	value string
}

func loadConfig(cmd *cobra.Command, stdio IO) (*config, error) {
	v := viper.New()
	for key, flag := range settings {
		if flag == "" {
			continue
		}
		if f := cmd.Flags().Lookup(flag); f != nil {
			if err := v.BindPFlag(key, f); err != nil {
				return nil, failure(fmt.Errorf("binding --%s: %w", flag, err))
			}
		}
	}
	c := &config{v: v, cmd: cmd, dir: stdio.Dir, getenv: stdio.getenv}
	if err := c.readFile(stdio.Dir); err != nil {
		return nil, err
	}
	// The environment comes from the command's IO, not the process, and
	// is merged over the file's settings: viper ranks a changed flag
	// above both, and a flag's default below them.
	env := map[string]any{}
	for key := range settings {
		if val := stdio.getenv(EnvPrefix + strings.ToUpper(key)); val != "" {
			env[key] = val
		}
	}
	if err := v.MergeConfigMap(env); err != nil {
		return nil, failure(fmt.Errorf("reading the PLANCHECK_* variables: %w", err))
	}
	return c, nil
}

// readFile reads the nearest .plancheck.yaml, from dir up.
func (c *config) readFile(dir string) error {
	v := c.v
	if dir == "" {
		return nil
	}
	c.file = findUp(dir, ConfigFile)
	if c.file == "" {
		return nil
	}
	// Read as plan files are, so that a settings file that is a FIFO or a
	// link to a device is refused rather than waited on.
	data, err := loader.ReadFile(c.file, MaxConfigSize)
	if err != nil {
		return usageError("%v", err)
	}
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return usageError("%s: %v", c.file, err)
	}
	var unknown []string
	known := make([]string, 0, len(settings))
	for k := range settings {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, k := range v.AllKeys() {
		top := strings.SplitN(k, ".", 2)[0]
		if _, ok := settings[top]; !ok {
			unknown = append(unknown, fmt.Sprintf("%q%s", top, suggest.Hint(top, known)))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return usageError("%s: unknown setting %s; settings are %s", c.file, strings.Join(unknown, ", "), strings.Join(known, ", "))
	}
	c.written = writtenSettings(data)
	return nil
}

// writtenSettings reads where each top-level setting of a settings file
// is, and its value as written (collections in flow style, comments
// left out). viper has read the file already: a file it read but this
// cannot is only left without the lines.
func writtenSettings(data []byte) map[string]fileSetting {
	out := map[string]fileSetting{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return out
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], *m.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			v.Style |= yaml.FlowStyle
		}
		v.HeadComment, v.LineComment, v.FootComment = "", "", ""
		text, err := yaml.Marshal(&v)
		if err != nil {
			continue
		}
		out[strings.ToLower(k.Value)] = fileSetting{line: k.Line, value: strings.TrimSpace(string(text))}
	}
	return out
}

// flagName is the flag that gives a setting: evidence_check has its
// opposite, --no-evidence-check.
func flagName(key string) string {
	if key == "evidence_check" {
		return "no-evidence-check"
	}
	return settings[key]
}

// from says where a setting's value comes from, as viper ranks them:
// "flag", "environment", "file" or "default".
func (c *config) from(key string) string {
	switch {
	case c.cmd.Flags().Changed(flagName(key)):
		return "flag"
	case c.getenv(EnvPrefix+strings.ToUpper(key)) != "":
		return "environment"
	case c.file != "" && c.v.InConfig(key):
		return "file"
	}
	return "default"
}

// fileName is the settings file as reports and errors name it: from the
// working folder.
func (c *config) fileName() string {
	if rel, err := filepath.Rel(c.dir, c.file); err == nil {
		return filepath.ToSlash(rel)
	}
	return c.file
}

// where names where a setting was given, for an error about it: its
// flag, its variable, or the settings file, line and key.
func (c *config) where(key string) string {
	switch c.from(key) {
	case "environment":
		return EnvPrefix + strings.ToUpper(key)
	case "file":
		if w, ok := c.written[key]; ok {
			return fmt.Sprintf("%s:%d: %s", c.fileName(), w.line, key)
		}
		return c.fileName() + ": " + key
	}
	return "--" + flagName(key)
}

// given is where a setting was given with its value as written there:
// --fail-on "sometimes", PLANCHECK_FAIL_ON="sometimes", or
// .plancheck.yaml:3: fail_on: [must].
func (c *config) given(key string) string {
	switch c.from(key) {
	case "environment":
		return fmt.Sprintf("%s=%q", c.where(key), c.getenv(EnvPrefix+strings.ToUpper(key)))
	case "file":
		if w, ok := c.written[key]; ok {
			return c.where(key) + ": " + w.value
		}
		return fmt.Sprintf("%s: %v", c.where(key), c.v.Get(key))
	case "flag":
		if f := c.cmd.Flags().Lookup(flagName(key)); f != nil {
			return fmt.Sprintf("--%s %q", f.Name, f.Value.String())
		}
	}
	return fmt.Sprintf("--%s %q (its default)", flagName(key), c.v.GetString(key))
}

// invalid is a usage error about a setting's value: where it was given
// and as what, then why it is refused.
func (c *config) invalid(key, why string) error {
	return usageError("%s: %s", c.given(key), why)
}

// scalar reads a setting that is one value; a list or a mapping in the
// settings file is refused, where viper would read it as "".
func (c *config) scalar(key, want string) (string, error) {
	switch c.v.Get(key).(type) {
	case []any, []string:
		return "", c.invalid(key, "a list where one value goes; "+want)
	case map[string]any:
		return "", c.invalid(key, "a mapping where one value goes; "+want)
	}
	return c.str(key), nil
}

func findUp(dir, name string) string {
	for {
		p := filepath.Join(dir, name)
		if fileExists(p) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func (c *config) str(key string) string {
	// YAML reads an unquoted 2026-01-02 as a timestamp; a setting means
	// the date as written.
	if t, ok := c.v.Get(key).(time.Time); ok {
		return t.Format("2006-01-02")
	}
	return strings.TrimSpace(c.v.GetString(key))
}

// list reads a list setting: a YAML list, a repeated flag, or a comma- or
// space-separated string.
func (c *config) list(key string) []string {
	var out []string
	for _, item := range c.v.GetStringSlice(key) {
		out = append(out, strings.FieldsFunc(item, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	return out
}

// formats reads the format setting as report entries, "FORMAT" or
// "FORMAT=FILE": each --format value, and each item of a YAML list, as
// splitFormat reads it (a file name may hold commas); a PLANCHECK_FORMAT
// value or a format string in .plancheck.yaml as a comma-separated list
// (file names may hold spaces there, not commas).
func (c *config) formats() []string {
	var out []string
	// The flag's values are read from the flag itself: viper would hand
	// them over joined and split again.
	if f := c.cmd.Flags().Lookup("format"); f != nil && f.Changed {
		values, _ := c.cmd.Flags().GetStringArray("format")
		for _, v := range values {
			out = append(out, splitFormat(v)...)
		}
		return out
	}
	switch v := c.v.Get("format").(type) {
	case string:
		out = splitList(v)
	case []string:
		for _, item := range v {
			out = append(out, splitFormat(item)...)
		}
	case []any:
		for _, item := range v {
			out = append(out, splitFormat(fmt.Sprint(item))...)
		}
	}
	return out
}

// paths reads a list of folders: repeated flags or a YAML list keep each
// item whole (a folder name may hold spaces); a string is split on commas.
func (c *config) paths(key string) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	switch v := c.v.Get(key).(type) {
	case string:
		for _, part := range strings.Split(v, ",") {
			add(part)
		}
	case []string:
		for _, s := range v {
			add(s)
		}
	case []any:
		for _, s := range v {
			add(fmt.Sprint(s))
		}
	}
	return out
}

// evidenceCheck reads whether evidence files are looked for: the
// --no-evidence-check flag when it is given, else the evidence_check
// setting (PLANCHECK_EVIDENCE_CHECK, then .plancheck.yaml), else yes.
func (c *config) evidenceCheck(cmd *cobra.Command) (bool, error) {
	if f := cmd.Flags().Lookup("no-evidence-check"); f != nil && f.Changed {
		off, err := cmd.Flags().GetBool("no-evidence-check")
		return !off, err
	}
	switch v := c.v.Get("evidence_check").(type) {
	case nil:
		return true, nil
	case bool:
		return v, nil
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
			return b, nil
		}
	}
	return false, c.invalid("evidence_check", "use true or false")
}

// boolean reads a setting that is true or false: its flag, a YAML
// boolean, or the words strconv.ParseBool takes in PLANCHECK_* variables.
func (c *config) boolean(key string) (bool, error) {
	switch v := c.v.Get(key).(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
			return b, nil
		}
	}
	return false, usageError("%s must be true or false, not %q", key, fmt.Sprint(c.v.Get(key)))
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// today is the run date: the today setting, else the local date.
func (c *config) today() (string, error) {
	const want = "give a date such as 2026-11-21"
	t, err := c.scalar("today", want)
	if err != nil {
		return "", err
	}
	if t == "" {
		return time.Now().Format("2006-01-02"), nil
	}
	if _, err := time.Parse("2006-01-02", t); err != nil || !datePattern.MatchString(t) {
		return "", c.invalid("today", want)
	}
	return t, nil
}

// source says where the settings named by keys were given, for a report
// to record: "flag", "environment", the settings file's path, several of
// them joined by " and ", or "none".
func (c *config) source(cmd *cobra.Command, stdio IO, keys ...string) string {
	var from []string
	add := func(s string) {
		if !slices.Contains(from, s) {
			from = append(from, s)
		}
	}
	for _, key := range keys {
		switch {
		case cmd.Flags().Changed(settings[key]):
			add("flag")
		case stdio.getenv(EnvPrefix+strings.ToUpper(key)) != "":
			add("environment")
		case c.file != "" && c.v.InConfig(key):
			add(c.fileName())
		}
	}
	if len(from) == 0 {
		return "none"
	}
	return strings.Join(from, " and ")
}
