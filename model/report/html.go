package report

import (
	"bufio"
	"embed"
	"encoding/base64"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

//go:embed htmlpack/pack.tmpl htmlpack/pack.css
var htmlFiles embed.FS

var (
	packTemplates = template.Must(template.New("pack").Funcs(template.FuncMap{
		"join":   joinUser,
		"where":  whereHTML,
		"anchor": headingAnchor,
		"inc":    func(i int) int { return i + 1 },
		// u is user text where it lands in an element: escaped, and
		// isolated when it holds right-to-left letters (bidi.go).
		"u":         userHTML,
		"number":    riskNumber,
		"placed":    placedBy,
		"annexNote": annexNote,
		// The register's entries are passed by address (the template ranges
		// over the summary's own slice): a copy of each for each call was a
		// fifth of what a 10,000-flow pack allocated.
		"askedOf":  askedOf,
		"claims":   claimsText,
		"status":   riskStatus,
		"facts":    clientFacts,
		"factList": factList,
		"evidence": evidenceHTML,
	}).ParseFS(htmlFiles, "htmlpack/pack.tmpl"))
	packCSS = func() template.CSS {
		b, err := htmlFiles.ReadFile("htmlpack/pack.css")
		if err != nil {
			panic(err)
		}
		return template.CSS(b) // archreview's own stylesheet, not text from a session
	}()
)

// htmlHeadings are the headings as the template names them.
type htmlHeadings struct {
	Contents, Executive, Map, Heat, Register, SourceOfTruth, Patterns, Findings, ToConfirm, Dismissed, Ownership,
	Decisions, DecisionsAsked, Delivery, Coverage, Questions, Scoring, Appendix string
	DecisionsNeeded, CostOfNothing string
	Assumptions, Roadmap           string
}

// packView is what the pack's templates read; the text in it is as the
// session has it, and html/template escapes it where it lands.
type packView struct {
	Title, Subtitle, Client, Date, ExportedAt string
	CSS, PageCSS                              template.CSS
	Session                                   model.Session
	Doc                                       *model.Document
	Sum                                       *review.Summary
	H                                         htmlHeadings
	Headings                                  []string
	// AnnexFile is the file the annex is in when it is not at the pack's
	// end.
	AnnexFile string
	// FindingsIntro and Slicing are sentences of the sections of those
	// names; Checks the review's checks in the client's words.
	FindingsIntro, Slicing, AnnexSubtitle string
	Checks                                []checkLine
	Executive                             onePage
	MapCaption                            string
	Systems                               []systemLine
	OwnerLabels                           []string
	Ownership                             []ownershipLine
	Coverage                              []coverageLine
	ToConfirm, Dismissed                  []*review.Finding
	StepsOpen                             []string
	Scales                                []scaleLine
	DefaultHorizon                        string
	// ChangesTitle and Changes are what changed since the review this one
	// follows; ChangesTitle is empty when it follows none.
	ChangesTitle    string
	ChangesHeadline string
	ChangesTable    []ChangeRow
	ChangesHeat     template.HTML
	Changes         []ChangeSection
	// Cover is the cover and its document control; Logo, FirmName and
	// Accent the firm's, empty without a profile.
	Cover    coverView
	Logo     template.URL
	FirmName string
	Accent   template.CSS
	// Money is each register entry's figures, in register order; then the
	// business case's assumptions and the dated roadmap.
	Money            []riskMoney
	AssumptionsIntro string
	Assumptions      []assumptionTable
	Roadmap          []roadmapLine
	Dated            bool
	StartDate        string
	Timeline         template.HTML
}

type systemLine struct{ Name, Kind, Flows, Notes string }

// checkLine is one of the review's checks as the scoring section lists it.
type checkLine struct {
	Title, Sentence    string
	Impact, Likelihood int
	Horizon            string
}

type ownershipLine struct {
	Flow  string
	Cells []ownerCell
}

type ownerCell struct {
	Text string
	Gap  bool
}

type coverageLine struct {
	Title, State    string
	Answered, Total int
	Fields          string
}

type scaleLine struct {
	Score              int
	Impact, Likelihood string
}

// flowView is one flow of the appendix.
type flowView struct {
	Number              int
	Name, Domain, Route string
	Steps               []stepView
	Risks               []string
}

type stepView struct {
	Title    string
	Done     bool
	Answers  []fact
	Evidence template.HTML // the references line, "" without links
}

// WriteHTML writes the decision pack as one self-contained HTML file: inline
// CSS and SVG, no script, no request leaving the file (its Content Security
// Policy forbids any), readable on a screen and printing to A4 with the
// client, date and page number in the margins and each section on a new
// page. Its sections are PackHeadings, in order, the annex at the end.
// Every text from the session goes through html/template, which escapes it
// for where it lands (the page margins' CSS strings included), and user
// text that holds right-to-left letters sits in <bdi> elements; the SVG
// figures are written by the maps' own writers, which escape every text as
// XML. Control and direction-override characters are dropped on the way
// out (cleanWriter). The pack goes to w as it is made: the sections one by
// one, each flow of the annex on its own.
func WriteHTML(w io.Writer, e *Exported) error { return writeHTMLPart(w, e, wholePack, "") }

// writeHTMLPart writes the part of the pack asked for; a pack written
// without its annex names annexFile as where the annex is.
func writeHTMLPart(w io.Writer, e *Exported, part packPart, annexFile string) error {
	clean := &cleanWriter{w: w}
	b := bufio.NewWriterSize(clean, writeBuffer)
	d := &e.Document
	sum := summaryOf(e)
	v := newPackView(d, sum)
	v.brand(e.Firm)
	v.Headings, v.AnnexFile = packHeadings(d, sum, e.Changes, part), annexFile
	var err error
	run := func(name string, data any) {
		if err == nil {
			err = packTemplates.ExecuteTemplate(b, name, data)
		}
	}
	figure := func(start, end string, draw func()) func() {
		return func() {
			run(start, v)
			if err == nil {
				draw()
			}
			run(end, v)
		}
	}
	tmpl := func(name string) func() { return func() { run(name, v) } }
	sections := map[string]func(){
		HeadingExecutive: tmpl("executive"),
		// The map chapters: the current-state map, and the target-state
		// map after it when the pack has one (writeMapChapters).
		HeadingSystems: func() {
			if err == nil {
				writeMapChapters(b, run, v, d, sum)
			}
		},
		HeadingTargetMap:     func() {},
		HeadingHeatMap:       figure("heat-start", "heat-end", func() { writeHeatMapSVG(b, sum) }),
		HeadingRegister:      tmpl("register"),
		HeadingAssumptions:   tmpl("assumptions"),
		HeadingSourceOfTruth: tmpl("sot"),
		HeadingPatterns:      tmpl("patterns"),
		HeadingOwnership:     tmpl("ownership"),
		HeadingDecisions:     tmpl("decisions"),
		HeadingDelivery:      tmpl("delivery"),
		HeadingRoadmap:       tmpl("roadmap"),
		HeadingCoverage:      tmpl("coverage"),
		HeadingQuestions:     tmpl("questions"),
		HeadingScoring:       tmpl("scoring"),
		HeadingAnnexFindings: tmpl("findings"),
		HeadingAppendix: func() {
			run("appendix-start", v)
			names := systemNames(d)
			for i := range d.Flows {
				run("flow", newFlowView(d, i, names))
			}
			run("appendix-end", v)
		},
	}
	if e.Changes != nil {
		v.ChangesTitle, v.Changes = ChangesTitle(e.Changes), ChangeSections(e.Changes)
		v.ChangesHeadline, v.ChangesTable = ChangesHeadline(e.Changes), ChangesTable(e.Changes)
		v.ChangesHeat = changesHeatHTML(e.Changes)
		sections[v.ChangesTitle] = tmpl("changes")
	}
	run("head", v)
	if part == annexAlone {
		run("annex-cover", v)
	} else {
		run("cover", v)
	}
	for _, h := range v.Headings {
		sections[h]()
	}
	run("end", v)
	if err != nil {
		return err
	}
	if err := b.Flush(); err != nil {
		return err
	}
	return clean.Close()
}

func newPackView(d *model.Document, sum *review.Summary) *packView {
	v := &packView{
		Title: sessionTitle(d), Subtitle: PackSubtitle, Client: oneLine(d.Session.Client), Date: d.Session.Date, ExportedAt: d.ExportedAt,
		CSS: packCSS, Session: d.Session, Doc: d, Sum: sum,
		H: htmlHeadings{HeadingContents, HeadingExecutive, HeadingSystems, HeadingHeatMap, HeadingRegister, HeadingSourceOfTruth, HeadingPatterns,
			HeadingAnnexFindings, HeadingToConfirm, HeadingDismissed, HeadingOwnership, HeadingDecisions, HeadingDecisionsAsked, HeadingDelivery, HeadingCoverage, HeadingQuestions, HeadingScoring, HeadingAppendix,
			headingDecisionsNeeded, headingCostOfNothing, HeadingAssumptions, HeadingRoadmap},
		Executive:      executiveSummary(d, sum),
		FindingsIntro:  findingsIntro,
		Slicing:        slicingSentence(sum),
		AnnexSubtitle:  annexSubtitle,
		MapCaption:     plural(len(d.Systems), "system", "systems") + " and " + plural(len(d.Flows), "flow", "flows") + ".",
		DefaultHorizon: strings.TrimPrefix(sum.Scoring.DefaultHorizon, "a "),
	}
	v.Title = oneLine(v.Title)
	v.Cover = coverOf(d, nil)
	v.Money = riskMoneyOf(sum)
	v.AssumptionsIntro, v.Assumptions = assumptionsOf(d.Session)
	v.Roadmap, v.Dated = roadmapOf(sum)
	if v.Dated {
		v.StartDate = sum.BusinessCase.Slices[0].Start
		v.Timeline = timelineSVG(v.Roadmap, v.StartDate)
	}
	v.PageCSS = pageCSS(runningHead(d.Session), v.Date, v.Title)
	used := map[string]int{}
	for i := range d.Flows {
		for _, id := range d.Flows[i].SystemRefs() {
			used[id]++
		}
	}
	for _, s := range d.Systems {
		v.Systems = append(v.Systems, systemLine{Name: oneLine(orDash(s.Name)), Kind: string(s.Kind), Flows: plural(used[s.ID], "flow", "flows"), Notes: oneLine(s.Notes)})
	}
	keys := []string{"flow_owner", "failures", "retries", "dashboards", "runbooks", "release_handoff"}
	labels := map[string]string{}
	for _, f := range model.StepFields(model.StepOwner) {
		labels[f.Key] = f.Label
	}
	for _, k := range keys {
		v.OwnerLabels = append(v.OwnerLabels, labels[k])
	}
	for _, o := range sum.Ownership {
		values := []string{o.FlowOwner, o.Failures, o.Retries, o.Dashboards, o.Runbooks, o.ReleaseHandoff}
		line := ownershipLine{Flow: o.FlowName}
		for i, k := range keys {
			gap := strings.TrimSpace(values[i]) == ""
			for _, g := range o.Gaps {
				gap = gap || g == k
			}
			line.Cells = append(line.Cells, ownerCell{Text: values[i], Gap: gap})
		}
		v.Ownership = append(v.Ownership, line)
	}
	for _, a := range sum.Coverage {
		names := make([]string, len(a.Fields))
		for i, f := range a.Fields {
			names[i] = fieldLabel(f)
		}
		v.Coverage = append(v.Coverage, coverageLine{Title: a.Title, State: a.State, Answered: a.Answered, Total: a.Total, Fields: strings.Join(names, ", ")})
	}
	for _, r := range sum.Scoring.Rules {
		w, _ := review.WordsOf(r.Rule)
		v.Checks = append(v.Checks, checkLine{Title: orDash(w.Title), Sentence: orDash(w.Sentence), Impact: r.Impact, Likelihood: r.Likelihood, Horizon: string(r.Horizon)})
	}
	for i := range sum.Findings {
		switch f := &sum.Findings[i]; f.Status {
		case review.FindingOpen:
			v.ToConfirm = append(v.ToConfirm, f)
		case review.FindingDismissed:
			v.Dismissed = append(v.Dismissed, f)
		}
	}
	for _, g := range sum.Gaps {
		if g.Field == "" {
			v.StepsOpen = append(v.StepsOpen, isolate(g.FlowName)+": "+g.Step)
		}
	}
	sc := sum.Scoring
	for i := range max(len(sc.Impact), len(sc.Likelihood)) {
		line := scaleLine{Score: i + 1}
		if i < len(sc.Impact) {
			line.Impact = sc.Impact[i].Meaning
		}
		if i < len(sc.Likelihood) {
			line.Likelihood = sc.Likelihood[i].Meaning
		}
		v.Scales = append(v.Scales, line)
	}
	return v
}

// brand puts the firm's name, logo and accent on the cover: the logo as a
// data: URI of the bytes the caller read, so the pack asks nothing of the
// network.
func (v *packView) brand(f *Firm) {
	if f == nil {
		return
	}
	v.Cover = coverOf(v.Doc, f)
	v.FirmName = oneLine(f.Name)
	if len(f.LogoData) > 0 && logoKind(f.Logo) == f.LogoType {
		v.Logo = template.URL("data:" + f.LogoType + ";base64," + base64.StdEncoding.EncodeToString(f.LogoData)) // a media type of ours and base64 text
	}
	if accentShape.MatchString(f.Accent) {
		v.Accent = template.CSS(":root { --accent: " + f.Accent + "; }") // #rrggbb, checked just above
	}
}

// whereHTML is where, its flow or domain isolated.
func whereHTML(flowName, domain string) template.HTML {
	return userHTML(whereIsolated(flowName, domain))
}

// joinUser joins user texts with sep, each isolated.
func joinUser(elems []string, sep string) template.HTML {
	var b strings.Builder
	for i, e := range elems {
		if i > 0 {
			writeHTMLText(&b, sep)
		}
		writeUserHTML(&b, e)
	}
	return template.HTML(b.String()) // escaped by writeUserHTML
}

// systemNames names each system id for people.
func systemNames(d *model.Document) map[string]string {
	names := make(map[string]string, len(d.Systems))
	for _, s := range d.Systems {
		if _, dup := names[s.ID]; !dup {
			names[s.ID] = orDash(s.Name)
		}
	}
	return names
}

func newFlowView(d *model.Document, i int, names map[string]string) flowView {
	f := &d.Flows[i]
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		if id == "" {
			return "not named"
		}
		return id
	}
	v := flowView{Number: i + 1, Name: orDash(oneLine(f.Name)), Domain: f.Domain, Route: isolate(name(f.From)) + " → " + isolate(name(f.To))}
	if f.Via != "" {
		v.Route += " via " + isolate(name(f.Via))
	}
	for _, st := range model.Steps {
		sv := stepView{Title: st.Title(), Done: f.StepDone(st)}
		for _, fd := range model.StepFields(st) {
			answer := f.Get(st, fd.Key)
			switch fd.Kind {
			case model.FieldSystem:
				if answer != "" {
					answer = name(answer)
				}
			case model.FieldSystems:
				var ns []string
				for _, id := range f.Source.OtherWriters {
					ns = append(ns, name(id))
				}
				answer = strings.Join(ns, ", ")
			}
			if fd.Answered(answer) {
				sv.Answers = append(sv.Answers, fact{fd.Label, answer})
			}
		}
		sv.Evidence = evidenceHTML(*f.StepEvidence(st))
		v.Steps = append(v.Steps, sv)
	}
	for _, r := range f.Failure.Risks {
		v.Risks = append(v.Risks, isolate(orDash(oneLine(r.Title)))+" (impact "+itoa(r.Impact)+" × likelihood "+itoa(r.Likelihood)+")")
	}
	return v
}

// factList is a definition list of facts, the same bytes as html/template
// makes of {{range .}}<dt>{{.Label}}</dt><dd>{{u .Value}}</dd>{{end}}, with
// its escaper's table, in one call: risks' details and flows' answers are
// most of a large pack, and each template action costs several allocations.
func factList(fs []fact) template.HTML {
	var b strings.Builder
	size := 0
	for _, f := range fs {
		size += len("<dt></dt><dd></dd>") + len(f.Label) + len(f.Value)
	}
	b.Grow(size + size/8)
	for _, f := range fs {
		b.WriteString("<dt>")
		writeHTMLText(&b, f.Label)
		b.WriteString("</dt><dd>")
		writeUserHTML(&b, f.Value)
		b.WriteString("</dd>")
	}
	return template.HTML(b.String()) // every text in it is escaped above
}

// writeHTMLText writes text escaped for an element's content as
// html/template's escaper does.
func writeHTMLText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// runningHead is the top of every page but the cover: the confidentiality
// line, which names the client unless the session's own line does not, and
// then the client goes before it.
func runningHead(s model.Session) string {
	line, client := oneLine(s.ConfidentialityLine()), oneLine(s.Client)
	if client != "" && !strings.Contains(line, client) {
		return client + " · " + line
	}
	return line
}

// pageCSS is the print stylesheet's page: A4, the running head (client and
// confidentiality) and the date at the top, the title and the page number
// at the bottom, none of it on the cover.
func pageCSS(head, date, title string) template.CSS {
	margin := func(box, content string) string {
		return "  @" + box + " { content: " + content + "; font-size: 8pt; color: #546e7a; }\n"
	}
	return template.CSS("@page { size: A4; margin: 18mm 14mm 16mm 14mm;\n" +
		margin("top-left", cssString(head)) + margin("top-right", cssString(date)) +
		margin("bottom-left", cssString(title)) + margin("bottom-right", `"Page " counter(page) " of " counter(pages)`) +
		"}\n@page wide { size: A4 landscape; }\n@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }") // every text in it is quoted by cssString
}

// cssString quotes text as a CSS string: letters, digits and spaces as they
// are, every other character as a hex escape, so nothing typed in the room
// can end the string, the rule or the style element.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range oneLine(sanitizeText(s)) {
		if r == ' ' || r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			continue
		}
		b.WriteString("\\" + strconv.FormatInt(int64(r), 16) + " ")
	}
	b.WriteByte('"')
	return b.String()
}
