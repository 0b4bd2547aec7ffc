package resultcache

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// An outcome is encoded compactly, by hand: reading it back is the whole
// cost of a hit, and a hit must cost less than parsing the plan. Text is
// a length and bytes, numbers are varints, a list is its length and its
// items (a nil list 0, else its length plus one, so that nil and empty
// come back as they went). TestCodecKnowsEveryField fails when a field
// is added to the types written here, so that none is silently dropped.

const (
	kindPlan    = 'p'
	kindNotPlan = 'n'
)

type encoder struct{ b []byte }

func (e *encoder) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) int(n int) { e.b = binary.AppendVarint(e.b, int64(n)) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// list writes a list's length, telling nil apart from empty.
func (e *encoder) list(n int, isNil bool) {
	if isNil {
		e.b = binary.AppendUvarint(e.b, 0)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(n)+1)
}

func encode(o Outcome) []byte {
	e := &encoder{b: make([]byte, 0, 2048)}
	e.list(len(o.Evidence), o.Evidence == nil)
	for _, l := range o.Evidence {
		e.str(l.Name)
		e.bool(l.Exists)
	}
	if o.Plan == nil {
		e.b = append(e.b, kindNotPlan)
		e.str(o.NotAPlan)
		return e.b
	}
	e.b = append(e.b, kindPlan)
	p := o.Plan
	e.str(p.Format)
	e.str(p.Organisation.Name)
	e.str(p.Organisation.Code)
	e.str(p.Organisation.Type)
	e.str(p.Plan.Title)
	e.bool(p.Plan.Period != nil)
	if p.Plan.Period != nil {
		e.str(p.Plan.Period.Start)
		e.str(p.Plan.Period.End)
	}
	e.bool(p.Plan.Approved != nil)
	if p.Plan.Approved != nil {
		e.str(p.Plan.Approved.By)
		e.str(p.Plan.Approved.Date)
	}
	e.bool(p.Evidence.Checked)
	e.str(p.Evidence.Root)
	e.list(len(p.Results), p.Results == nil)
	for _, r := range p.Results {
		e.str(r.ID)
		e.str(string(r.Status))
		e.list(len(r.Findings), r.Findings == nil)
		for _, f := range r.Findings {
			e.str(string(f.Level))
			e.str(f.Path)
			e.str(f.Message)
			e.int(f.Line)
			e.int(f.Column)
			e.int(f.EndLine)
			e.int(f.EndColumn)
		}
		e.bool(r.Waiver != nil)
		if r.Waiver != nil {
			e.str(r.Waiver.Reason)
			e.str(r.Waiver.ApprovedBy)
			e.str(r.Waiver.Expires)
		}
	}
	e.list(len(p.Problems), p.Problems == nil)
	for _, f := range p.Problems {
		e.str(f.File)
		e.int(f.Line)
		e.int(f.Column)
		e.str(f.Message)
	}
	return e.b
}

var errShort = errors.New("the entry ends early")

// decoder reads what encoder wrote; the first error sticks and every
// later read gives zero values. Text is cut from one copy of the whole
// value, made once, rather than copied string by string: a hit's cost is
// mostly its allocations.
type decoder struct {
	b []byte
	// text is b as a string, from its start: off is where b starts in it.
	text string
	off  int
	err  error
}

// advance moves past n bytes.
func (d *decoder) advance(n int) {
	d.b = d.b[n:]
	d.off += n
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.advance(n)
	return v
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.err = errShort
		return 0
	}
	d.advance(n)
	return int(v)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = errShort
		return ""
	}
	s := d.text[d.off : d.off+int(n)]
	d.advance(int(n))
	return s
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.err = errShort
		return 0
	}
	c := d.b[0]
	d.advance(1)
	return c
}

func (d *decoder) bool() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	if d.err == nil {
		d.err = errors.New("a flag is neither 0 nor 1")
	}
	return false
}

// list reads a list's length: -1 for nil. Each item takes at least a
// byte, so a length beyond what is left is damage, not a reason to
// allocate.
func (d *decoder) list() int {
	n := d.uvarint()
	if d.err != nil {
		return -1
	}
	if n == 0 {
		return -1
	}
	if n-1 > uint64(len(d.b)) {
		d.err = errShort
		return -1
	}
	return int(n - 1)
}

// decode reads an outcome, its results rebuilt from the catalogue's rules.
func decode(data []byte, cat *check.Catalogue) (Outcome, error) {
	d := &decoder{b: data, text: string(data)}
	var o Outcome
	if n := d.list(); n >= 0 {
		o.Evidence = make([]Looked, n)
		for i := range o.Evidence {
			o.Evidence[i] = Looked{Name: d.str(), Exists: d.bool()}
		}
	}
	switch kind := d.byte(); {
	case d.err != nil:
		return Outcome{}, d.err
	case kind == kindNotPlan:
		o.NotAPlan = d.str()
		return o, d.end()
	case kind != kindPlan:
		return Outcome{}, fmt.Errorf("unknown kind of entry %q", kind)
	}
	p := &report.Plan{Format: d.str()}
	p.Organisation = report.Organisation{Name: d.str(), Code: d.str(), Type: d.str()}
	p.Plan.Title = d.str()
	if d.bool() {
		p.Plan.Period = &report.Period{Start: d.str(), End: d.str()}
	}
	if d.bool() {
		p.Plan.Approved = &report.Approval{By: d.str(), Date: d.str()}
	}
	p.Evidence = report.Evidence{Checked: d.bool(), Root: d.str()}
	if n := d.list(); n >= 0 {
		p.Results = make([]check.Result, 0, n)
		for range n {
			id, status := d.str(), check.Status(d.str())
			var findings []check.Finding
			if m := d.list(); m >= 0 {
				findings = make([]check.Finding, m)
				for j := range findings {
					findings[j] = check.Finding{Level: check.Level(d.str()), Path: d.str(), Message: d.str(),
						Line: d.int(), Column: d.int(), EndLine: d.int(), EndColumn: d.int()}
				}
			}
			var waiver *check.Waiver
			if d.bool() {
				waiver = &check.Waiver{Reason: d.str(), ApprovedBy: d.str(), Expires: d.str()}
			}
			if d.err != nil {
				return Outcome{}, d.err
			}
			rule, ok := cat.Lookup(id)
			if !ok {
				return Outcome{}, fmt.Errorf("no rule %q in the catalogue", id)
			}
			r := check.NewResult(rule, status, findings)
			r.Waiver = waiver
			p.Results = append(p.Results, r)
		}
	}
	if n := d.list(); n >= 0 {
		p.Problems = make([]report.FileError, n)
		for i := range p.Problems {
			p.Problems[i] = report.FileError{File: d.str(), Line: d.int(), Column: d.int(), Message: d.str()}
		}
	}
	if err := d.end(); err != nil {
		return Outcome{}, err
	}
	p.Finish(nil)
	o.Plan = p
	return o, nil
}

// end checks that the whole entry was read.
func (d *decoder) end() error {
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("%d bytes after the end of the entry", len(d.b))
	}
	return d.err
}
