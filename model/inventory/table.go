package inventory

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// Sheets of rows, from a CSV file or a workbook: a systems sheet (name,
// kind or type, description) or a flows sheet (name, from, to, via, domain,
// pattern), or a LeanIX export whose type column says which fact sheet
// each row is.

// column is one field a sheet's column can hold, with the headers that
// name it, matched case- and punctuation-insensitively (columnKey).
type column struct {
	field   string
	meaning string
	headers []string
}

// columns are the fields import reads, plain spreadsheets' headers and
// LeanIX Excel exports' alike.
var columns = []column{
	{"ref", "the record's id in the source", []string{"id", "ref", "key", "external id", "fact sheet id", "application id", "interface id", "system id", "flow id"}},
	{"name", "the system's or flow's name", []string{"name", "display name", "application", "application name", "system", "system name", "interface name", "flow name", "flow", "title"}},
	{"type", "the LeanIX fact sheet type (Application, Interface…), or else the kind", []string{"type", "fact sheet type"}},
	{"kind", "what sort of system it is", []string{"kind", "category", "system type", "application type", "subtype", "application subtype", "system kind"}},
	{"description", "a description, kept as the system's notes", []string{"description", "notes", "comment", "comments", "purpose"}},
	{"from", "the system the data leaves (LeanIX: the provider)", []string{"from", "source", "source system", "from system", "provider", "provider application", "sender",
		"rel interface to provider application", "rel provider application to interface"}},
	{"to", "the system the data reaches (LeanIX: the consumer)", []string{"to", "target", "target system", "to system", "consumer", "consumer application", "receiver",
		"rel interface to consumer application", "rel consumer application to interface"}},
	{"via", "the middleware or iPaaS it runs through", []string{"via", "middleware", "integration platform", "ipaas", "through", "rel interface to it component", "it component"}},
	{"domain", "the data domain: order, catalog, price…", []string{"domain", "data domain", "data object", "data objects", "rel interface to data object", "business object"}},
	{"pattern", "how the data moves: real-time, batch, event-driven, file, manual", []string{"pattern", "integration pattern", "frequency", "interface type", "technology", "transport"}},
	{"ignore", "a column to leave unread", nil},
}

// FieldNames lists what --map can say a column is.
func FieldNames() string {
	names := make([]string, 0, len(columns))
	for _, c := range columns {
		if c.field != "type" {
			names = append(names, c.field)
		}
	}
	return strings.Join(names, ", ")
}

// ParseColumns reads --map COLUMN=FIELD arguments.
func ParseColumns(args []string) (map[string]string, error) {
	out := map[string]string{}
	for _, a := range args {
		col, field, ok := strings.Cut(a, "=")
		if !ok || columnKey(col) == "" {
			return nil, fmt.Errorf("--map %s is not COLUMN=FIELD, e.g. --map \"App Name=name\"", a)
		}
		out[columnKey(col)] = strings.ToLower(strings.TrimSpace(field))
	}
	return out, checkColumns(out)
}

func checkColumns(m map[string]string) error {
	for col, field := range m {
		if !slices.ContainsFunc(columns, func(c column) bool { return c.field == field }) {
			return fmt.Errorf("--map %s=%s: %q is not a field import reads; say one of %s", col, field, field, FieldNames())
		}
	}
	return nil
}

// factSheetTypes are the fact sheet types of a LeanIX export, and what
// import makes of each: a system, a flow, or nothing ("").
var factSheetTypes = map[string]string{
	"application": "system", "itcomponent": "system", "interface": "flow",
	"businesscapability": "", "dataobject": "", "provider": "", "project": "", "process": "",
	"technicalstack": "", "usergroup": "", "objective": "", "platform": "", "initiative": "", "businesscontext": "",
}

// sheet is one table to read: its name, its rows (the first the headers)
// and how a row is named in messages.
type sheet struct {
	name string
	rows [][]string
	at   func(row int) string
}

// layout is which column holds which field in one sheet.
type layout struct {
	col       map[string]int // field → column index
	leanix    bool           // the type column says the fact sheet type
	unread    []string
	mappedOut []string // --map columns this sheet has
}

func (l layout) has(field string) bool { _, ok := l.col[field]; return ok }

func (l layout) cell(row []string, field string) string {
	if i, ok := l.col[field]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// errNoNameColumn refuses a sheet that names neither systems nor flows.
var errNoNameColumn = errors.New("has no name column (nor from and to); name one with --map COLUMN=name")

// readLayout works out the sheet's columns from its header row.
func readLayout(s sheet, opt Options) (layout, error) {
	l := layout{col: map[string]int{}}
	if len(s.rows) == 0 {
		return l, errNoNameColumn
	}
	for i, h := range s.rows[0] {
		key := columnKey(h)
		if key == "" {
			continue
		}
		field, mapped := opt.Columns[key]
		if mapped {
			l.mappedOut = append(l.mappedOut, key)
		} else {
			field = fieldOf(key)
		}
		switch {
		case field == "ignore":
		case field == "":
			l.unread = append(l.unread, strings.TrimSpace(h))
		case !l.has(field):
			l.col[field] = i
		}
	}
	if !l.has("name") && !(l.has("from") && l.has("to")) {
		return l, errNoNameColumn
	}
	if l.has("type") {
		l.leanix = true
		for _, row := range s.rows[1:] {
			if t := columnKey(l.cell(row, "type")); t != "" {
				if _, ok := factSheetTypes[t]; !ok {
					l.leanix = false
					break
				}
			}
		}
	}
	return l, nil
}

// fieldOf is the field a header names by the table, or "".
func fieldOf(key string) string {
	for _, c := range columns {
		for _, h := range c.headers {
			if columnKey(h) == key {
				return c.field
			}
		}
	}
	return ""
}

// readSheet adds the sheet's systems and flows.
func (b *builder) readSheet(s sheet, l layout) error {
	for _, u := range l.unread {
		b.inv.Unread = append(b.inv.Unread, fmt.Sprintf("%s (%s)", u, s.name))
	}
	// Systems first, so an interface row finds the application rows of its
	// own sheet by their ids.
	for _, pass := range []string{"system", "flow"} {
		for r, row := range s.rows[1:] {
			if strings.TrimSpace(strings.Join(row, "")) == "" {
				continue
			}
			role, ok := b.rowRole(row, l, s.at(r+2), pass == "system")
			if !ok || role != pass {
				continue
			}
			if role == "system" {
				b.systemRow(row, l, s.at(r+2))
			} else if err := b.flowRow(row, l, s.at(r+2)); err != nil {
				return err
			}
		}
	}
	return nil
}

// rowRole is what a row holds: a system or a flow; not ok for a fact sheet
// of another type, left out (and said so once, when note is set).
func (b *builder) rowRole(row []string, l layout, at string, note bool) (string, bool) {
	role := "system"
	if l.has("from") || l.has("to") {
		role = "flow"
	}
	if !l.leanix {
		return role, true
	}
	t := l.cell(row, "type")
	r, known := factSheetTypes[columnKey(t)]
	switch {
	case !known: // a row that does not say its type reads as the sheet does
		return role, true
	case r == "":
		if note {
			b.leaveOut("%s: a %s fact sheet, which is neither a system nor an interface", at, t)
		}
		return "", false
	}
	return r, true
}

func (b *builder) ref(l layout, row []string) string {
	if id := l.cell(row, "ref"); id != "" {
		return "sheet:" + id
	}
	return ""
}

func (b *builder) systemRow(row []string, l layout, at string) {
	name := l.cell(row, "name")
	if name == "" {
		b.leaveOut("%s: no name, so no system", at)
		return
	}
	s := System{Ref: b.ref(l, row), Name: name, Notes: l.cell(row, "description"), At: at}
	kindText := l.cell(row, "kind")
	if !l.leanix && kindText == "" {
		kindText = l.cell(row, "type")
	}
	if k, guessed := parseKind(kindText); k != "" && k != model.SystemOther || !guessed {
		s.Kind, s.KindGuessed = k, guessed
	}
	b.system(s)
}

// flowRow adds the flows of one row: one, or one for each pair of the
// systems named when a LeanIX relation cell names several ("A; B").
func (b *builder) flowRow(row []string, l layout, at string) error {
	ends := func(field, what string) ([]int, error) {
		names := splitNames(l.cell(row, field))
		if len(names) == 0 && field != "via" {
			return nil, fmt.Errorf("%s names no %s system (%s); fill it in or leave the row out", at, what, field)
		}
		var out []int
		for _, name := range names {
			i, ok := b.lookup(name)
			if !ok {
				i, ok = b.lookup("sheet:" + name)
			}
			if !ok {
				i = b.system(System{Name: name, At: at})
			}
			out = append(out, i)
		}
		return out, nil
	}
	froms, err := ends("from", "sending")
	if err != nil {
		return err
	}
	tos, err := ends("to", "receiving")
	if err != nil {
		return err
	}
	vias, err := ends("via", "middleware")
	if err != nil {
		return err
	}
	via := -1
	if len(vias) > 0 {
		via = vias[0]
	}
	domain := ""
	if d := l.cell(row, "domain"); d != "" {
		domain = strings.ToLower(cleanName(d))
		if g := guessDomain(d); g != unknownDomain {
			domain = g
		}
	}
	for _, from := range froms {
		for _, to := range tos {
			f := Flow{Ref: b.ref(l, row), Name: l.cell(row, "name"), From: from, To: to, Via: via, At: at, Domain: domain,
				Pattern: parsePattern(l.cell(row, "pattern"))}
			if f.Ref != "" && len(froms)*len(tos) > 1 {
				f.Ref += "/" + nameKey(b.inv.Systems[from].Name) + "→" + nameKey(b.inv.Systems[to].Name)
			}
			if f.Name == "" {
				f.Name = b.inv.Systems[from].Name + " to " + b.inv.Systems[to].Name
				if f.Domain != "" {
					f.Name += " (" + f.Domain + ")"
				}
			}
			b.flow(f)
		}
	}
	return nil
}

// splitNames are the names a cell holds: one, or several a LeanIX export
// puts in one cell, separated by semicolons or lines.
func splitNames(cell string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == '\n' }) {
		if n = cleanName(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// readSheets reads the sheets, systems sheets before flows sheets so a flow
// finds the systems by their ids; a sheet that names neither is left out,
// unless it is the only one or the one asked for.
func (b *builder) readSheets(sheets []sheet, opt Options) error {
	type laid struct {
		s sheet
		l layout
	}
	var systems, flows []laid
	mapped := map[string]bool{}
	var firstErr error
	for _, s := range sheets {
		l, err := readLayout(s, opt)
		for _, k := range l.mappedOut {
			mapped[k] = true
		}
		switch {
		case err != nil && (len(sheets) == 1 || opt.Sheet != ""):
			return fmt.Errorf("%s %w", s.name, err)
		case err != nil:
			if firstErr == nil {
				firstErr = fmt.Errorf("%s %w", s.name, err)
			}
			b.leaveOut("%s: no name column, so nothing read from it", s.name)
		case l.has("from") || l.has("to") || l.leanix:
			flows = append(flows, laid{s, l})
		default:
			systems = append(systems, laid{s, l})
		}
	}
	for col := range opt.Columns {
		if !mapped[col] {
			return fmt.Errorf("has no column %q for --map to name", col)
		}
	}
	if len(systems)+len(flows) == 0 && firstErr != nil {
		return firstErr
	}
	for _, x := range append(systems, flows...) {
		if err := b.readSheet(x.s, x.l); err != nil {
			return err
		}
	}
	return nil
}
