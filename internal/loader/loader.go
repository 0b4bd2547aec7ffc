// Package loader reads plan files in YAML, JSON or TOML into plan documents
// that keep every key's line and column. Each format is read with its own
// parser; a file that cannot be read or parsed yields an *Error that says
// where and what.
package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/plancheck/plancheck/internal/plan"
)

// Error is a file that could not be read or parsed, with the place of the
// problem when there is one.
type Error struct {
	File    string
	Line    int // 0 when the problem has no place in the file
	Column  int
	Message string
	// tooLarge is set when the file passed its size limit.
	tooLarge bool
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// Limits bound what one file may cost to read. The zero value of a field
// means its default.
type Limits struct {
	// MaxFileSize bounds a file's bytes, and also the text YAML aliases
	// may copy into a plan; default 8 MiB.
	MaxFileSize int64
	MaxDepth    int // nesting of mappings and lists; default 200
	MaxNodes    int // values, YAML aliases expanded; default 50,000
}

// Default limits.
const (
	DefaultMaxFileSize = 8 << 20
	DefaultMaxDepth    = 200
	DefaultMaxNodes    = 50_000
)

// budget counts what a parse has built against the limits.
type budget struct {
	limits Limits
	nodes  int
	// tooMany is the message when the values run out.
	tooMany string
}

// enter accounts for one value at the given depth, and refuses it past
// the limits.
func (b *budget) enter(depth int, pos plan.Pos) *Error {
	if depth > b.limits.MaxDepth {
		return &Error{Line: pos.Line, Column: pos.Column, Message: fmt.Sprintf("nesting is deeper than %d levels", b.limits.MaxDepth)}
	}
	b.nodes++
	if b.nodes > b.limits.MaxNodes {
		msg := b.tooMany
		if msg == "" {
			msg = "the plan holds more than %d values"
		}
		return &Error{Line: pos.Line, Column: pos.Column, Message: fmt.Sprintf(msg, b.limits.MaxNodes)}
	}
	return nil
}

func (l Limits) withDefaults() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultMaxFileSize
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultMaxNodes
	}
	return l
}

// Extensions maps the file extensions that are walked to their format.
var Extensions = map[string]plan.Syntax{
	".yaml": plan.YAML,
	".yml":  plan.YAML,
	".json": plan.JSON,
	".toml": plan.TOML,
}

// SyntaxOf tells a file's format from its extension.
func SyntaxOf(name string) (plan.Syntax, bool) {
	f, ok := Extensions[strings.ToLower(filepath.Ext(name))]
	return f, ok
}

// Expand turns the paths given on a command line into a sorted list of plan
// files: folders are walked for .yaml, .yml, .json and .toml files (hidden
// files and folders, such as .plancheck.yaml and .git, are skipped; links
// to folders inside them are not followed), and named files are kept
// whatever their extension. A named link to a folder is walked as the
// folder. Relative paths are read from the folder dir (the working folder
// when ""), and listed as given.
// A path that cannot be read is returned as an *Error; the others are
// still listed.
func Expand(dir string, paths []string) ([]string, []*Error) {
	seen := map[string]bool{}
	var files []string
	var errs []*Error
	add := func(p string) {
		p = filepath.ToSlash(filepath.Clean(p))
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		real := In(dir, root)
		info, err := os.Stat(real)
		if err != nil {
			errs = append(errs, &Error{File: filepath.ToSlash(root), Message: DescribeOSError(err)})
			continue
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		// A link to a folder, named here, is walked as the folder is
		// (WalkDir takes a link it starts from for a file): it is where
		// the user points. Links met inside the walk are not followed, so
		// a walk cannot loop or leave the folder.
		top := real
		if link, err := os.Lstat(real); err == nil && link.Mode()&fs.ModeSymlink != 0 {
			if top, err = filepath.EvalSymlinks(real); err != nil {
				errs = append(errs, &Error{File: filepath.ToSlash(root), Message: DescribeOSError(err)})
				continue
			}
		}
		// Walked where it is, and each file named from root as given.
		named := func(p string) string {
			if rel, err := filepath.Rel(top, p); err == nil {
				return filepath.Join(root, rel)
			}
			return p
		}
		err = filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &Error{File: filepath.ToSlash(named(p)), Message: DescribeOSError(err)})
				return nil
			}
			if d.IsDir() {
				if p != top && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if _, ok := SyntaxOf(p); !ok || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			// A link to a folder is passed over like the other links to
			// folders, whatever its name; a link to anything else is
			// listed, and read (or refused) as what it points to.
			if d.Type()&fs.ModeSymlink != 0 {
				if target, err := os.Stat(p); err == nil && target.IsDir() {
					return nil
				}
			}
			add(named(p))
			return nil
		})
		if err != nil {
			errs = append(errs, &Error{File: filepath.ToSlash(root), Message: DescribeOSError(err)})
		}
	}
	sort.Strings(files)
	return files, errs
}

// In is where a path names: a relative path is taken from the folder dir
// (the working folder when dir is ""), an absolute one stays as it is.
func In(dir, path string) string {
	if dir == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// DescribeOSError says why a file cannot be opened or read, in plain words
// and without the path it was opened by.
func DescribeOSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// Loader reads plan files within limits.
type Loader struct {
	Limits Limits
	// Dir is the folder relative file names are read from; "" is the
	// working folder. Reports name files as they were given.
	Dir string
	// Syntax, when set, overrides the syntax told by a file's extension.
	Syntax plan.Syntax
}

// LoadFile reads and parses one plan file.
func (l Loader) LoadFile(name string) (*plan.Document, error) {
	data, format, err := l.Read(name)
	if err != nil {
		return nil, err
	}
	return Loader{Limits: l.Limits, Syntax: format, Dir: l.Dir}.Parse(name, data)
}

// Read reads one plan file's bytes within the size limit, and tells its
// format (the loader's, else the file's extension's), for Parse: a
// caller that may not need the plan parsed (a cached result) reads it
// once either way.
func (l Loader) Read(name string) ([]byte, plan.Syntax, error) {
	format := l.Syntax
	if format == "" {
		f, ok := SyntaxOf(name)
		if !ok {
			return nil, "", &Error{File: name, Message: fmt.Sprintf("cannot tell the format of %q: name it .yaml, .yml, .json or .toml, or pass --input-format", filepath.Base(name))}
		}
		format = f
	}
	limits := l.Limits.withDefaults()
	data, err := readRegular(In(l.Dir, name), limits.MaxFileSize)
	if err != nil {
		err.File = name
		if err.tooLarge {
			err.Message += " (raise it with --max-file-size)"
		}
		return nil, "", err
	}
	return data, format, nil
}

// LoadReader reads a plan from r (standard input), named name in reports.
func (l Loader) LoadReader(name string, r io.Reader) (*plan.Document, error) {
	limits := l.Limits.withDefaults()
	data, err := ReadAll(r, limits)
	if err != nil {
		return nil, &Error{File: name, Message: err.Error()}
	}
	return Loader{Limits: limits, Syntax: l.Syntax, Dir: l.Dir}.ParseInput(name, data)
}

// ParseInput parses standard input's bytes, named name in reports: in the
// loader's syntax when it has one, else as YAML, saying which other
// syntax the text is in when it is not YAML.
func (l Loader) ParseInput(name string, data []byte) (*plan.Document, error) {
	limits := l.Limits.withDefaults()
	if l.Syntax != "" {
		return Loader{Limits: limits, Syntax: l.Syntax, Dir: l.Dir}.Parse(name, data)
	}
	doc, err := Loader{Limits: limits, Syntax: plan.YAML, Dir: l.Dir}.Parse(name, data)
	if err != nil {
		// Standard input has no extension to tell its syntax by: a plan
		// in another syntax fails as YAML with a message about YAML. What
		// it is instead is the one thing worth saying.
		if other := lookalike(data, limits); other != "" {
			return nil, &Error{File: name, Message: fmt.Sprintf("standard input is read as YAML; it looks like %s: pass --input-format %s", strings.ToUpper(string(other)), other)}
		}
	}
	return doc, err
}

// tomlLine is the first line of a TOML file that YAML cannot read as the
// start of a mapping: a table header, or a key and "=".
var tomlLine = regexp.MustCompile(`^\s*(\[\[?\s*[A-Za-z0-9_."' -]+\]\]?|[A-Za-z0-9_."'-]+\s*=)`)

// lookalike tells the syntax, other than YAML, that text which is not
// YAML is written in: one whose parser reads it as a mapping, or, when
// none does, the one its first line belongs to. "" when it looks like
// neither.
func lookalike(data []byte, limits Limits) plan.Syntax {
	if wideEncoding(data) != "" {
		return ""
	}
	data = normaliseLineEnds(bytes.TrimPrefix(data, utf8BOM))
	// Text that is not a plan whatever its syntax, or that no parser may
	// be given within the limits, looks like nothing.
	if checkText(data) != nil || checkSeparators(data, limits.MaxNodes) != nil {
		return ""
	}
	for _, s := range []plan.Syntax{plan.JSON, plan.TOML} {
		var root *plan.Node
		var err *Error
		if s == plan.JSON {
			root, err = parseJSON(data, limits)
		} else {
			root, err = parseTOML(data, limits)
		}
		if err == nil && root.Kind == plan.Map {
			return s
		}
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		switch {
		case len(t) == 0, t[0] == '#':
			continue
		case t[0] == '{':
			return plan.JSON
		case tomlLine.Match(t):
			return plan.TOML
		}
		return ""
	}
	return ""
}

// ReadAll reads a plan from r (standard input) within the size limit.
func ReadAll(r io.Reader, limits Limits) ([]byte, error) {
	limits = limits.withDefaults()
	data, err := readLimited(r, limits.MaxFileSize)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("%w (raise it with --max-file-size)", err)
	}
	return data, err
}

func tooLarge(size, limit int64) string {
	return fmt.Sprintf("file is %s, larger than the limit of %s", humanBytes(size), humanBytes(limit))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse decodes a plan from data in the loader's format (YAML when unset).
func (l Loader) Parse(name string, data []byte) (*plan.Document, error) {
	limits := l.Limits.withDefaults()
	format := l.Syntax
	if format == "" {
		format = plan.YAML
	}
	if enc := wideEncoding(data); enc != "" {
		// Told before anything else: its NUL bytes would otherwise make
		// it a binary file.
		return nil, &Error{File: name, Line: 1, Column: 1, Message: fmt.Sprintf("the file is %s text, not UTF-8 (save it as UTF-8)", enc)}
	}
	data = normaliseLineEnds(bytes.TrimPrefix(data, utf8BOM))
	if err := checkText(data); err != nil {
		err.File = name
		return nil, err
	}
	if format != plan.JSON {
		// The YAML and TOML libraries build a whole tree before the value
		// budget can look at it (JSON is read token by token); a file with
		// far more separators than values allowed is refused first.
		if err := checkSeparators(data, limits.MaxNodes); err != nil {
			err.File = name
			return nil, err
		}
	}
	var root *plan.Node
	var err *Error
	switch format {
	case plan.YAML:
		root, err = parseYAML(data, limits)
	case plan.JSON:
		root, err = parseJSON(data, limits)
	case plan.TOML:
		root, err = parseTOML(data, limits)
	default:
		err = &Error{Message: fmt.Sprintf("unknown format %q", format)}
	}
	if err != nil {
		err.File = name
		return nil, err
	}
	if root.Kind != plan.Map {
		return nil, &Error{File: name, Line: root.Pos.Line, Column: root.Pos.Column,
			Message: fmt.Sprintf("the top level of a plan must be a mapping of keys, not a %s", root.Kind)}
	}
	return &plan.Document{File: name, Syntax: format, Root: root, Text: plan.NewText(data)}, nil
}

// checkSeparators counts the characters that can start or separate a
// value (, : - = [ { and line ends): every value needs one, so more than
// twice the values allowed means the file cannot be a plan within limits.
func checkSeparators(data []byte, maxValues int) *Error {
	limit, n := 2*maxValues, 0
	for i, c := range data {
		switch c {
		case ',', ':', '-', '=', '[', '{', '\n':
			if n++; n > limit {
				line, col := newLines(data).pos(i)
				return &Error{Line: line, Column: col, Message: fmt.Sprintf("the file is too large to be a plan: it holds more than %d values", maxValues)}
			}
		}
	}
	return nil
}

// normaliseLineEnds turns CRLF and a lone CR into LF, so that every
// format counts lines as editors do (YAML takes a lone CR for a line
// break, JSON for a blank, TOML refuses it).
func normaliseLineEnds(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		if data[i] == '\r' {
			if i+1 < len(data) && data[i+1] == '\n' {
				continue
			}
			out = append(out, '\n')
			continue
		}
		out = append(out, data[i])
	}
	return out
}

// wideEncoding names the encoding of text saved as UTF-32 or UTF-16 (as
// some Windows editors save it), told by its byte-order mark or, without
// one, by the NUL byte beside each of its first two ASCII characters; ""
// for anything else.
func wideEncoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}):
		return "UTF-32"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "UTF-16"
	case len(data) >= 4 && data[1] == 0 && data[3] == 0 && ascii(data[0]) && ascii(data[2]),
		len(data) >= 4 && data[0] == 0 && data[2] == 0 && ascii(data[1]) && ascii(data[3]):
		return "UTF-16"
	}
	return ""
}

// ascii tells a printable ASCII character, a tab or a line end.
func ascii(c byte) bool { return c >= ' ' && c < 0x7F || c == '\n' || c == '\r' || c == '\t' }

// checkText refuses binary files and text that is not UTF-8, and names
// files that hold nothing, before a parser gives a less helpful message.
func checkText(data []byte) *Error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := newLines(data).pos(i)
		return &Error{Line: line, Column: col, Message: "this is a binary file, not a plan (it holds a NUL byte)"}
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		line, col := newLines(data).pos(i)
		return &Error{Line: line, Column: col, Message: "the file is not UTF-8 text (save it as UTF-8)"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &Error{Line: 1, Column: 1, Message: "the file is empty"}
	}
	return nil
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// onlyComments tells whether every non-blank line starts with the given
// comment marker.
func onlyComments(data []byte, marker string) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && !bytes.HasPrefix(line, []byte(marker)) {
			return false
		}
	}
	return true
}

// lines maps byte offsets to 1-based lines and columns; columns count
// characters, not bytes. Parsers ask for growing offsets, so it counts on
// from the last answer: on one long line (minified JSON) each position
// costs what lies between it and the previous one, not the whole line.
type lines struct {
	data   []byte
	starts []int
	// the last position given: its offset, line index and column
	lastOff, lastLine, lastCol int
}

func newLines(data []byte) *lines {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lines{data: data, starts: starts}
}

func (l *lines) pos(offset int) (line, col int) {
	if offset > len(l.data) {
		offset = len(l.data)
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	from, col := l.starts[i], 1
	if i == l.lastLine && offset >= l.lastOff && l.lastCol > 0 {
		from, col = l.lastOff, l.lastCol
	}
	col += utf8.RuneCount(l.data[from:offset])
	l.lastOff, l.lastLine, l.lastCol = offset, i, col
	return i + 1, col
}

func (l *lines) at(offset int) plan.Pos {
	line, col := l.pos(offset)
	return plan.Pos{Line: line, Column: col}
}
