package tui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// summaryView is the session's decision pack, live and scrollable. Its
// layout is worked out again only when the answers change, in settle, and
// costs the sections, not their rows: a line is formatted only when it is
// in view, and what a long section needs to find its rows is worked out in
// update and settle, once, when the section comes into view. A register of
// 70,000 risks costs a screenful of lines per frame, not the register.
type summaryView struct {
	scroll int
	rev    uint64
	layout *summaryLayout
	height int
}

// summaryLine is one line of the decision pack before it is fitted to the
// screen.
type summaryLine struct {
	text  string
	style string // "", "header", "warn", or a severity with a tag length
	tag   int    // leading bytes of text styled by severity
}

// summaryLayout is the decision pack as blocks of lines, each of which
// formats a line only when asked for it.
type summaryLayout struct {
	blocks   []summaryBlock
	starts   []int  // the first line of each block
	prepared []bool // whether each block's prepare has run
	total    int
}

// summaryBlock is n lines of the decision pack; line formats the i-th.
// prepare, when set, works out what the lines need (which findings the
// section lists) before any is shown; a line asked for before it ran works
// it out for itself, and keeps nothing.
type summaryBlock struct {
	n       int
	line    func(i int) summaryLine
	prepare func()
}

// summaryLinesLaidOut counts the summary lines formatted, so a test can hold
// a frame of a 10,000-flow summary to a screenful.
var summaryLinesLaidOut atomic.Int64

func (l *summaryLayout) add(b summaryBlock) {
	if b.n <= 0 {
		return
	}
	l.blocks = append(l.blocks, b)
	l.starts = append(l.starts, l.total)
	l.prepared = append(l.prepared, b.prepare == nil)
	l.total += b.n
}

// prepare readies the blocks with lines from start to start+n.
func (l *summaryLayout) prepare(start, n int) {
	if l == nil || n <= 0 {
		return
	}
	first := sort.Search(len(l.starts), func(j int) bool { return l.starts[j] > start }) - 1
	for b := max(first, 0); b < len(l.blocks) && l.starts[b] < start+n; b++ {
		if !l.prepared[b] {
			l.blocks[b].prepare()
			l.prepared[b] = true
		}
	}
}

// line formats line i of the layout.
func (l *summaryLayout) line(i int) summaryLine {
	summaryLinesLaidOut.Add(1)
	b := sort.Search(len(l.starts), func(j int) bool { return l.starts[j] > i }) - 1
	return l.blocks[b].line(i - l.starts[b])
}

var (
	pageDown = key.NewBinding(key.WithKeys("pgdown", "f", " "))
	pageUp   = key.NewBinding(key.WithKeys("pgup", "b"))
	toTop    = key.NewBinding(key.WithKeys("home", "g"))
	toEnd    = key.NewBinding(key.WithKeys("end", "G"))
)

func (v summaryView) update(km tea.KeyMsg, height int) summaryView {
	switch {
	case key.Matches(km, globalKeyMap.Down):
		v.scroll++
	case key.Matches(km, globalKeyMap.Up):
		v.scroll--
	case key.Matches(km, pageDown):
		v.scroll += max(height-1, 1)
	case key.Matches(km, pageUp):
		v.scroll -= max(height-1, 1)
	case key.Matches(km, toTop):
		v.scroll = 0
	case key.Matches(km, toEnd):
		v.scroll = 1 << 30
	}
	v.scroll = min(max(v.scroll, 0), v.maxScroll())
	v.layout.prepare(v.scroll, v.height)
	return v
}

func (v summaryView) lineCount() int {
	if v.layout == nil {
		return 0
	}
	return v.layout.total
}

func (v summaryView) maxScroll() int { return max(v.lineCount()-v.height, 0) }

// settle lays the decision pack out again when the answers have changed
// since, and keeps the scroll inside it.
func (v *summaryView) settle(ws *workspace, height int) {
	if v.layout == nil || v.rev != ws.rev {
		v.layout = summaryLines(ws.currentSummary())
		v.rev = ws.rev
	}
	v.height = height
	v.scroll = min(v.scroll, v.maxScroll())
	v.layout.prepare(v.scroll, v.height)
}

func (v summaryView) view(c *Common, width int) []string {
	maxScroll, start := v.maxScroll(), v.scroll
	end := min(start+v.height, v.lineCount())
	out := make([]string, 0, max(end-start, 0))
	st := c.Styles
	// The last line makes room for how far down the summary is; every line
	// is cut as plain text first, and styled after.
	mark := ""
	if maxScroll > 0 {
		mark = " " + strconv.Itoa(100*start/maxScroll) + "%"
	}
	for i := start; i < end; i++ {
		w := width
		if i == end-1 && mark != "" {
			w = width - len(mark) - 1
		}
		l := v.layout.line(i)
		var text string
		switch l.style {
		case "header":
			text = st.Header.Render(line(st.client(l.text), w))
		case "warn":
			text = st.Warn.Render(line(st.client(l.text), w))
		case "":
			text = line(st.client(l.text), w)
		default:
			tag := line(l.text[:l.tag], w)
			text = st.Severity[l.style].Render(tag) + line(st.client(l.text[l.tag:]), w-ansi.StringWidth(tag))
		}
		if i == end-1 && mark != "" {
			text = spread(text, st.Muted.Render(mark), width)
		}
		out = append(out, text)
	}
	return out
}

// summaryLines lays out every section of the decision pack: the short
// sections line by line now, the long ones (the register, findings,
// patterns, ownership, decisions, slices, gaps, questions) as blocks whose
// lines are formatted when shown.
func summaryLines(s *review.Summary) *summaryLayout {
	l := &summaryLayout{}
	section := func(title string) {
		if l.total > 0 {
			l.add(summaryBlock{n: 1, line: func(int) summaryLine { return summaryLine{} }})
		}
		l.add(summaryBlock{n: 1, line: func(int) summaryLine { return summaryLine{text: title, style: "header"} }})
	}
	rows := func(n int, text func(i int) string) {
		l.add(summaryBlock{n: n, line: func(i int) summaryLine { return summaryLine{text: text(i)} }})
	}
	row := func(text string) { rows(1, func(int) string { return text }) }

	p := s.Progress
	section("Progress")
	row(fmt.Sprintf("%d of %d steps done (%d%%) · %d of %d flows complete", p.StepsDone, p.StepsTotal, p.Percent, p.FlowsComplete, p.Flows))
	var perStep []string
	for _, sp := range p.Steps {
		perStep = append(perStep, fmt.Sprintf("%s %d/%d", sp.Step, sp.Done, sp.Total))
	}
	row("  " + strings.Join(perStep, " · "))

	section("Source of truth")
	for _, d := range s.SourceOfTruth {
		mark := "✓"
		switch d.Status {
		case review.StatusConflict:
			mark = "!"
		case review.StatusMissing:
			mark = "?"
		case review.StatusParked:
			mark = "…"
		}
		text := fmt.Sprintf("%s %-10s %-8s %s", mark, d.Domain, d.Status, d.SystemName)
		switch {
		case d.Status == review.StatusDecided && d.DecidedBy != "":
			text += " · decided by " + d.DecidedBy
		case d.Status == review.StatusParked:
			text += "asked of " + orDash(d.Ask)
			if d.Due != "" {
				text += " by " + d.Due
			}
		}
		style := ""
		if d.Status != review.StatusOK && d.Status != review.StatusDecided {
			style = "warn"
		}
		l.add(summaryBlock{n: 1, line: func(int) summaryLine { return summaryLine{text: text, style: style} }})
		if d.Status == review.StatusConflict {
			claims := d.Claims
			rows(len(claims), func(i int) string { return "    " + claims[i].FlowName + " says " + claims[i].SystemName })
		}
	}

	if asked := s.DecisionsAsked; len(asked) > 0 {
		section(fmt.Sprintf("Decisions asked (%d)", len(asked)))
		rows(len(asked), func(i int) string {
			a := &asked[i]
			by := ""
			if a.Due != "" {
				by = " by " + a.Due
			}
			note := ""
			if strings.TrimSpace(a.Note) != "" {
				note = " · " + a.Note
			}
			if rec := strings.TrimSpace(a.Recommendation); rec != "" {
				note += " · the room recommends " + rec
			}
			what := a.Domain + ": who owns its data"
			if a.Kind == review.DecisionAskedQuestion {
				what = a.Question
			}
			return "  " + what + ", asked of " + orDash(a.Ask) + by + note
		})
	}

	section(fmt.Sprintf("Risk register (%d)", len(s.Risks)))
	if len(s.Risks) == 0 {
		row("  No risks yet.")
	}
	l.add(summaryBlock{n: len(s.Risks), line: func(i int) summaryLine { return registerLine(&s.Risks[i]) }})

	section(fmt.Sprintf("Findings to confirm (%d; %d in the register, %d dismissed)", s.Triage.ToConfirm, s.Triage.Covered, s.Triage.Dismissed))
	// The section lists the open and dismissed findings, as many as the
	// triage counts; which ones they are is worked out when it is in view.
	listed := func(f *review.Finding) bool {
		return f.Status == review.FindingOpen || f.Status == review.FindingDismissed
	}
	var shown []int
	l.add(summaryBlock{n: s.Triage.ToConfirm + s.Triage.Dismissed,
		prepare: func() {
			shown = make([]int, 0, s.Triage.ToConfirm+s.Triage.Dismissed)
			for i := range s.Findings {
				if listed(&s.Findings[i]) {
					shown = append(shown, i)
				}
			}
		},
		line: func(i int) summaryLine {
			at := -1
			if shown != nil {
				at = shown[i]
			} else {
				for j, n := 0, -1; j < len(s.Findings) && at < 0; j++ {
					if listed(&s.Findings[j]) {
						if n++; n == i {
							at = j
						}
					}
				}
			}
			f := &s.Findings[at]
			if f.Status == review.FindingDismissed {
				return summaryLine{text: "  dismissed: " + f.Title + " (" + f.Reason + ")"}
			}
			return summaryLine{text: fmt.Sprintf("  [%2d %-8s] %s", f.Score, f.Severity, f.Message)}
		},
	})

	section("Pattern decisions")
	rows(len(s.Patterns), func(i int) string {
		pd := &s.Patterns[i]
		return "  " + padRight(pd.FlowName, 28) + " " + padRight(orDash(string(pd.Pattern)), 13) + " " + orDash(pd.Rationale)
	})

	section("Ownership")
	rows(len(s.Ownership), func(i int) string { return ownershipLine(&s.Ownership[i]) })

	decisions := func(title string, ds []review.Decision) {
		section(fmt.Sprintf("Decisions: %s (%d)", title, len(ds)))
		rows(len(ds), func(i int) string {
			return "  " + padLeft(strconv.Itoa(ds[i].Rank), 2) + ". " + ds[i].Title + " — " + orDash(ds[i].Fix)
		})
	}
	decisions("immediate", s.Decisions.Immediate)
	decisions("roadmap", s.Decisions.Roadmap)

	bc := &s.BusinessCase
	section("Business case")
	row(exposureLine(bc))

	section("Delivery sequence")
	// One block for every slice: a head line, then its risks.
	sliceAt := make([]int, len(s.Slices)) // the first line of each slice
	n := 0
	for i := range s.Slices {
		sliceAt[i] = n
		n += 1 + len(s.Slices[i].Risks)
	}
	rows(n, func(i int) string {
		j := sort.Search(len(sliceAt), func(j int) bool { return sliceAt[j] > i }) - 1
		sl := &s.Slices[j]
		if i == sliceAt[j] {
			return "  Slice " + strconv.Itoa(sl.Slice) + " (" + strconv.Itoa(len(sl.Risks)) + " items)" + sliceCaseText(bc, j)
		}
		it := &sl.Risks[i-sliceAt[j]-1]
		hand := ""
		if it.ByHand {
			hand = " (set by hand)"
		}
		return "    #" + strconv.Itoa(it.RegisterRank) + " " + it.Title + hand
	})

	section("Coverage")
	for _, a := range s.Coverage {
		box := "[x]"
		switch a.State {
		case review.CoverageUntouched:
			box = "[ ]"
		case review.CoverageThin:
			box = "[~]"
		}
		row(fmt.Sprintf("  %s %-38s %d of %d flows %s", box, a.Title, a.Answered, a.Total, a.State))
	}

	section(fmt.Sprintf("Gaps (%d)", len(s.Gaps)))
	rows(len(s.Gaps), func(i int) string {
		g := &s.Gaps[i]
		what := "step not done"
		if g.Field != "" {
			what = g.Label + " is empty"
		}
		return "  " + g.FlowName + " · " + string(g.Step) + ": " + what
	})

	section(fmt.Sprintf("Open questions (%d)", len(s.OpenQuestions)))
	rows(len(s.OpenQuestions), func(i int) string {
		q := &s.OpenQuestions[i]
		state := "open"
		if q.Answered {
			state = "answered"
		}
		return "  [" + state + "] " + q.Question + " — ask " + orDash(q.Ask)
	})
	return l
}

// exposureLine says what the open risks are expected to cost a year, or
// how to cost them.
func exposureLine(bc *review.BusinessCase) string {
	notCosted := ""
	if bc.NotCosted > 0 {
		notCosted = " · " + plural(bc.NotCosted, "open risk") + " not costed"
	}
	switch {
	case len(bc.Risks) == 0:
		return "  No open risks."
	case bc.NotCosted == len(bc.Risks):
		return "  No open risk is costed yet: a flow's downtime cost per hour, or a risk's incident cost, costs it."
	}
	e := bc.Exposure
	return "  Expected loss a year " + model.FormatMoney(bc.Currency, e.Expected) + " (" + model.FormatMoney(bc.Currency, e.Low) +
		" to " + model.FormatMoney(bc.Currency, e.High) + ")" + notCosted
}

// sliceCaseText is what slice j of the business case takes, removes and
// when, as far as the session says; "" when it says none of it.
func sliceCaseText(bc *review.BusinessCase, j int) string {
	if j >= len(bc.Slices) {
		return ""
	}
	sc := &bc.Slices[j]
	var parts []string
	if sc.EffortDays > 0 {
		parts = append(parts, model.FormatNumber(sc.EffortDays)+" person-days")
	}
	if sc.ExposureRemoved > 0 {
		parts = append(parts, "removes "+model.FormatMoney(bc.Currency, sc.ExposureRemoved)+" a year")
	}
	if sc.Start != "" {
		parts = append(parts, sc.Start+" to "+sc.End+" ("+bc.Phase(j)+")")
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

// registerLine is one risk of the register: its rank, score and severity
// styled as a tag, then what it is, where, when and whose.
func registerLine(r *review.RegisterEntry) summaryLine {
	var flags string
	if len(r.Flags) > 0 {
		flags = " ! " + strings.ReplaceAll(strings.Join(r.Flags, ", "), "-", " ")
	}
	status := ""
	if r.Status != model.RiskOpen {
		status = " · " + string(r.Status)
	}
	tag := fmt.Sprintf("%3d. [%2d %-8s]", r.Rank, r.Score, r.Severity)
	rest := " " + r.Title + " · " + where(r.FlowName, r.Domain) + " · " + orDash(string(r.Horizon)) + " · " + orDash(r.Owner) + status + flags
	return summaryLine{text: tag + rest, style: r.Severity, tag: len(tag)}
}

func ownershipLine(o *review.OwnershipRow) string {
	gaps := "all named"
	if len(o.Gaps) > 0 {
		names := make([]string, len(o.Gaps))
		for i, g := range o.Gaps {
			names[i] = g
			if f, ok := model.FieldByKey(model.StepFields(model.StepOwner), g); ok {
				names[i] = strings.ToLower(f.Label)
			}
		}
		gaps = "missing: " + strings.Join(names, ", ")
	}
	return "  " + padRight(o.FlowName, 28) + " owner " + padRight(orDash(o.FlowOwner), 20) + " " + gaps
}

// padRight and padLeft pad s with spaces to n runes, as %-Ns and %Ns do.
func padRight(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return s + strings.Repeat(" ", n-c)
	}
	return s
}

func padLeft(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return strings.Repeat(" ", n-c) + s
	}
	return s
}
