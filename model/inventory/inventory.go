// Package inventory reads what a client already has about its landscape —
// an application inventory exported from LeanIX or kept in a spreadsheet
// (CSV, xlsx), a draw.io diagram, a Structurizr workspace — into systems and
// flows, and works out what importing them into a session adds, updates and
// leaves out. A re-import finds what it created by each record's ref (its
// id in the source) and a name already in the session by that name, so it
// never adds a system or flow twice, and it never removes anything.
//
// It reads bytes and returns values: no files, no terminal. It may import
// model, and no other package of archreview's.
package inventory

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
)

// MaxFileBytes bounds a file to import: an inventory is a few thousand rows.
const MaxFileBytes = 50 << 20

// maxUnpackedBytes bounds what an xlsx or a compressed diagram unpacks to,
// so a small file that inflates without end (a zip bomb) is refused.
const maxUnpackedBytes = 100 << 20

// maxDepth bounds the nesting of a diagram's XML or a workspace's JSON; the
// real ones nest a dozen levels.
const maxDepth = 128

// System is one system the file names.
type System struct {
	// Ref is the system's id in the file, qualified by the kind of file
	// (drawio:…, structurizr:…, leanix:…); "" when the file gives none.
	Ref   string
	Name  string
	Kind  model.SystemKind
	Notes string
	// KindGuessed is set when the kind comes from the name or shape rather
	// than from the file.
	KindGuessed bool
	// At says where the file names it, for messages: "row 4 of Systems".
	At string
}

// Flow is one flow the file names, between two of its systems.
type Flow struct {
	Ref  string
	Name string
	// From, To and Via index Inventory.Systems; Via is -1 for none.
	From, To, Via int
	Domain        string
	DomainGuessed bool
	Pattern       model.Pattern
	At            string
}

// Inventory is what one file holds, as systems and flows.
type Inventory struct {
	File    string // the file's name, for messages
	Format  string // the kind of file it was read as
	Systems []System
	Flows   []Flow
	// Unread are the columns of a sheet nothing reads; --map says what
	// they are.
	Unread []string
	// LeftOut are what the file holds that is no system or flow, each with
	// where it is and why it was left out.
	LeftOut []string
}

// Options are what the user says about the file.
type Options struct {
	// Sheet picks one sheet of a workbook, or one page of a diagram.
	Sheet string
	// Columns says what the columns named are: column → field.
	Columns map[string]string
}

// format is one kind of file import reads.
type format struct {
	name, article string
	exts          []string
	// sniff reports whether data looks like this kind of file.
	sniff func(data []byte) bool
	parse func(b *builder, data []byte, opt Options) error
}

var formats = []format{
	{"xlsx", "an", []string{".xlsx", ".xlsm"}, isZip, parseXLSX},
	{"draw.io", "a", []string{".drawio", ".xml"}, looksLikeXML, parseDrawIO},
	{"Structurizr", "a", []string{".json"}, looksLikeJSON, parseStructurizr},
	{"CSV", "a", []string{".csv", ".tsv", ".txt"}, func([]byte) bool { return true }, parseCSV},
}

// FormatNames lists the kinds of file import reads, for help and messages.
func FormatNames() string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// Parse reads the file's bytes into an inventory. An error is one sentence
// naming the file and the row or element at fault.
func Parse(file string, data []byte, opt Options) (*Inventory, error) {
	name := filepath.Base(file)
	if err := CheckSize(name, int64(len(data))); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	f, err := formatOf(name, data)
	if err != nil {
		return nil, err
	}
	if err := checkColumns(opt.Columns); err != nil {
		return nil, err
	}
	b := newBuilder(name, f.name)
	if err := f.parse(b, data, opt); err != nil {
		return nil, aboutFile(name, err)
	}
	if len(b.inv.Systems) == 0 {
		return nil, fmt.Errorf("%s holds no system to import; is it the %s file meant?", name, f.name)
	}
	return b.inv, nil
}

// CheckSize refuses a file of size bytes larger than any inventory, so a
// caller need not read it to find out.
func CheckSize(file string, size int64) error {
	if size > MaxFileBytes {
		return fmt.Errorf("%s is over %d MB; an inventory to import is smaller: export only the systems and interfaces", filepath.Base(file), MaxFileBytes>>20)
	}
	return nil
}

// formatOf is the kind of file by its extension, checked against its
// content; by its content when the extension says nothing.
func formatOf(name string, data []byte) (format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range formats {
		for _, e := range f.exts {
			if e != ext {
				continue
			}
			if !f.sniff(data) || (f.name == "CSV" && !isText(data)) {
				return format{}, fmt.Errorf("%s is not %s %s file; import reads %s", name, f.article, f.name, FormatNames())
			}
			return f, nil
		}
	}
	for _, f := range formats {
		if f.sniff(data) && (f.name != "CSV" || isText(data)) {
			return f, nil
		}
	}
	return format{}, fmt.Errorf("%s is none of the files import reads: %s", name, FormatNames())
}

// aboutFile names the file in a parser's error: the file is the subject of
// a predicate ("is not…", "has no…"), else the place where the rest is.
func aboutFile(name string, err error) error {
	for _, verb := range []string{"is ", "has ", "holds ", "nests ", "unpacks "} {
		if strings.HasPrefix(err.Error(), verb) {
			return fmt.Errorf("%s %w", name, err)
		}
	}
	return fmt.Errorf("%s: %w", name, err)
}

func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

func looksLikeXML(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte("<"))
}

func looksLikeJSON(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte("{"))
}

// isText reports whether data can be a spreadsheet saved as text.
func isText(data []byte) bool {
	return utf8.Valid(data) && !bytes.ContainsRune(data, 0) && len(bytes.TrimSpace(data)) > 0
}

// builder gathers an inventory's systems once each, by ref or by name.
type builder struct {
	inv    *Inventory
	byRef  map[string]int
	byName map[string]int
}

func newBuilder(file, format string) *builder {
	return &builder{inv: &Inventory{File: file, Format: format}, byRef: map[string]int{}, byName: map[string]int{}}
}

// system adds s, or returns the one the file already named with its ref or
// name: a system drawn twice is one system.
func (b *builder) system(s System) int {
	s.Name = cleanName(s.Name)
	if i, ok := b.byRef[s.Ref]; ok && s.Ref != "" {
		return i
	}
	if i, ok := b.byName[nameKey(s.Name)]; ok {
		// What a second mention says that the first did not, it adds.
		had := &b.inv.Systems[i]
		if s.Ref != "" {
			b.byRef[s.Ref] = i
			if had.Ref == "" {
				had.Ref = s.Ref
			}
		}
		if s.Kind != "" && (had.KindGuessed && !s.KindGuessed || had.Kind == model.SystemOther) {
			had.Kind, had.KindGuessed = s.Kind, s.KindGuessed
		}
		if had.Notes == "" {
			had.Notes = s.Notes
		}
		return i
	}
	if s.Kind == "" {
		s.Kind, s.KindGuessed = guessKind(s.Name), true
	}
	b.inv.Systems = append(b.inv.Systems, s)
	i := len(b.inv.Systems) - 1
	if s.Ref != "" {
		b.byRef[s.Ref] = i
	}
	b.byName[nameKey(s.Name)] = i
	return i
}

// lookup finds a system the file named, by ref or by name.
func (b *builder) lookup(refOrName string) (int, bool) {
	if i, ok := b.byRef[refOrName]; ok {
		return i, true
	}
	i, ok := b.byName[nameKey(refOrName)]
	return i, ok
}

func (b *builder) flow(f Flow) {
	f.Name = cleanName(f.Name)
	if f.Domain == "" {
		f.Domain, f.DomainGuessed = guessDomain(f.Name), true
	}
	b.inv.Flows = append(b.inv.Flows, f)
}

func (b *builder) leaveOut(format string, args ...any) {
	b.inv.LeftOut = append(b.inv.LeftOut, fmt.Sprintf(format, args...))
}

// cleanName is a name as one line of words.
func cleanName(s string) string { return strings.Join(strings.Fields(s), " ") }

// nameKey is how two names are the same: case and spacing aside.
func nameKey(s string) string { return strings.ToLower(cleanName(s)) }
