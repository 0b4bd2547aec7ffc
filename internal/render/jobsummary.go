package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// A GitHub job summary ($GITHUB_STEP_SUMMARY) is the Markdown report, as
// long as it fits: GitHub drops a step's summary over 1 MiB whole, with
// no word in the page, so a report on a few hundred plans would leave the
// job with no summary at all. Past its budget the summary keeps the
// verdict, the files that could not be read and the portfolio section
// (the recommendations most often missed, each one's counts of plans, and
// the table of plans: a row per plan with its file, organisation, score
// and missed recommendations, as many rows as fit), says how many plans'
// details were cut, and gives the details of as many plans as still fit,
// in file order.

// JobSummaryLimit is the size of the largest step summary GitHub shows.
const JobSummaryLimit = 1 << 20

// JobSummaryBudget is how much of the step summary plancheck uses: under
// JobSummaryLimit with room to spare, since GitHub counts what other
// commands of the same step write there too.
const JobSummaryBudget = 900 << 10

// jobSummaryWriter holds what a cut summary may need, and no more than
// its budget of each: the plans' sections while they all fit, and the
// portfolio table's rows while they fit. Its memory does not grow with
// the run past twice the budget.
type jobSummaryWriter struct {
	w         io.Writer
	h         Header
	budget    int
	elsewhere []string
	plans     int

	// details are the sections of the first plans, sizes their lengths;
	// once one does not fit no later one is kept, so that the kept ones
	// are the first plans, in file order.
	details     bytes.Buffer
	sizes       []int
	detailsFull bool
	// rows are the portfolio table's rows of the first plans, a line
	// each; rowsFull is set once one does not fit.
	rows     bytes.Buffer
	rowsFull bool
}

// NewJobSummary returns a writer of the Markdown report onto w that
// writes at most budget bytes (JobSummaryBudget for GitHub; tests use a
// smaller one). The heading, the totals and the lines that say what was
// cut are always written, so a budget smaller than those (a few hundred
// bytes) is overrun by them.
func NewJobSummary(w io.Writer, h Header, budget int, opts Options) Writer {
	return &jobSummaryWriter{w: w, h: h, budget: budget, elsewhere: opts.Elsewhere}
}

const portfolioHeader = "| plan | organisation | score | missed recommendations |\n|---|---|---|---|\n"

// portfolioRow is a plan's row of the portfolio table.
func portfolioRow(p *report.Plan) string {
	var missed []string
	for i := range p.Results {
		if r := &p.Results[i]; r.Status == check.Missed {
			missed = append(missed, "`"+strings.ReplaceAll(r.ID, "`", "'")+"`")
		}
	}
	list := "none"
	if len(missed) > 0 {
		list = strings.Join(missed, ", ")
	}
	// Within a table a | ends the cell even in a code span, unless it is
	// escaped; GitHub shows \| there as |.
	file := strings.NewReplacer("`", "'", "|", `\|`).Replace(safetext.Clean(p.File))
	return fmt.Sprintf("| `%s` | %s | %d of %d (%.1f%%) | %s |\n",
		file, md(organisationLabel(p.Organisation)),
		p.Score.Met, p.Score.Applicable, float64(p.Score.Percent), list)
}

func (j *jobSummaryWriter) Plan(p *report.Plan) error {
	j.plans++
	if !j.detailsFull {
		section := markdownPlan(p)
		if j.details.Len()+len(section) <= j.budget {
			j.details.WriteString(section)
			j.sizes = append(j.sizes, len(section))
		} else {
			j.detailsFull = true
		}
	}
	if !j.rowsFull {
		row := portfolioRow(p)
		if j.rows.Len()+len(row) <= j.budget {
			j.rows.WriteString(row)
		} else {
			j.rowsFull = true
		}
	}
	return nil
}

func (j *jobSummaryWriter) End(t report.Tail) error {
	head := markdownHead(j.h, t)
	if t.Portfolio.Shown() && !j.rowsFull {
		head += markdownPortfolio(t.Portfolio) + portfolioHeader + j.rows.String() + "\n"
	}
	if !j.detailsFull && !j.rowsFull && len(head)+j.details.Len() <= j.budget {
		// It fits: the summary is the Markdown report, byte for byte.
		if _, err := io.WriteString(j.w, head); err != nil {
			return err
		}
		_, err := j.w.Write(j.details.Bytes())
		return err
	}
	_, err := io.WriteString(j.w, j.cut(t))
	return err
}

// cut is the summary that keeps within the budget: the verdict, the
// unreadable files, the note of what was cut, the portfolio (its head,
// then the table of plans), then the details of the first plans that
// still fit. Each part is given what the budget has left once room is
// kept for the notes at their longest.
func (j *jobSummaryWriter) cut(t report.Tail) string {
	var b strings.Builder
	n := j.plans
	b.WriteString(markdownVerdict(t.Summary))
	b.WriteString(markdownBaseline(j.h, t.Baseline))
	b.WriteString(markdownSelection(j.h.Selection))
	left := j.budget - b.Len() - len(j.cutNote(n, n, true)) - len(portfolioHeader) - 1

	if len(t.Errors) > 0 {
		more := unreadableMore(len(t.Errors))
		left -= len(markdownUnreadableTitle) + len(more) + 1
		b.WriteString(markdownUnreadableTitle)
		listed := 0
		for _, e := range t.Errors {
			item := markdownUnreadable(e)
			if len(item) > left {
				break
			}
			b.WriteString(item)
			left -= len(item)
			listed++
		}
		if listed < len(t.Errors) {
			b.WriteString(unreadableMore(len(t.Errors) - listed))
		}
		b.WriteString("\n")
	}

	// The portfolio's head (the recommendations most often missed and
	// their counts) grows with the catalogue, not the run: it comes
	// whole, after the note of what was cut, when the budget has room
	// for it once the unreadable files are listed.
	portfolio := ""
	if t.Portfolio.Shown() && len(markdownPortfolio(t.Portfolio)) <= left {
		portfolio = markdownPortfolio(t.Portfolio)
		left -= len(portfolio)
	}

	// Rows are whole lines: the table is cut after the last one that fits.
	rows := j.rows.Bytes()
	if len(rows) > max(left, 0) {
		rows = rows[:bytes.LastIndexByte(rows[:max(left, 0)], '\n')+1]
	}
	shownRows := bytes.Count(rows, []byte("\n"))
	left -= len(rows)

	details, shown := 0, 0
	for _, size := range j.sizes {
		if details+size > left {
			break
		}
		details += size
		shown++
	}

	if n == 0 {
		// Only unreadable files, too many to list: there is no plan to
		// tabulate.
		return b.String()
	}
	b.WriteString(j.cutNote(n-shown, shownRows, shownRows < n))
	b.WriteString(portfolio)
	b.WriteString(portfolioHeader)
	b.Write(rows)
	b.WriteString("\n")
	b.Write(j.details.Bytes()[:details])
	return b.String()
}

// cutNote says what the summary leaves out and where to read it. Its
// length at cutNote(n, n, true) is the longest it can be for n plans.
func (j *jobSummaryWriter) cutNote(cut, rows int, rowsCut bool) string {
	table := "the table below has a row for every plan"
	if rowsCut {
		table = fmt.Sprintf("the table below lists the first %d of them", rows)
	}
	where := "`plancheck lint --format markdown` writes the whole report"
	if len(j.elsewhere) > 0 {
		// Escaped as plan text is: the names are prose ("the text report
		// on standard output") as well as file names.
		names := make([]string, len(j.elsewhere))
		for i, e := range j.elsewhere {
			names[i] = md(e)
		}
		where = "the whole report is in " + joinWords(names)
	}
	return fmt.Sprintf("**The details of %d of %s are cut** to keep this job summary under GitHub's 1 MiB limit: %s, and %s.\n\n",
		cut, Many(j.plans, "plan", "plans"), table, where)
}

// unreadableMore ends a list of unreadable files cut short.
func unreadableMore(n int) string {
	return fmt.Sprintf("- and %s, listed in the job's log\n", Many(n, "more file", "more files"))
}

func (j *jobSummaryWriter) Close() error { return nil }
