package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/tui"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func (a *app) manCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page, in roff: archreview man | man -l -",
		Long: `Print the manual page, in roff, made from the commands and their flags,
with the keys of the app and the environment variables it reads. Packages
install it as archreview(1); from a build, read it with
archreview man | man -l -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeMan(a.out, root, thisBuild())
		},
	}
}

// keyGroup is the keys of one place in the app, as its help line names
// them: every key.WithHelp of the tui package is in one of these (a test
// reads the package to hold it so).
type keyGroup struct {
	where string
	keys  [][2]string // key, what it does
}

var manKeys = []keyGroup{
	{"Everywhere", [][2]string{
		{"?", "help"}, {"esc", "back"}, {"ctrl+c", "save and quit"},
		{"↑/k", "up"}, {"↓/j", "down"}, {"pgup", "page up"}, {"pgdn", "page down"},
		{"g/home", "first"}, {"G/end", "last"},
		{"u", "undo"}, {"ctrl+r", "redo"}, {"p", "presenter mode"},
	}},
	{"The sessions list", [][2]string{
		{"enter", "open"}, {"n", "new session"}, {"/", "filter"}, {"D", "add demo"},
		{"x", "delete"}, {"q", "quit"},
	}},
	{"Asked before a delete", [][2]string{{"y", "yes, delete"}, {"n/esc", "no, keep it"}}},
	{"A session, on every tab", [][2]string{
		{"tab", "next tab"}, {"shift+tab", "previous tab"}, {"s", "summary"}, {"e", "export"},
		{"i", "session details"}, {"/", "search"}, {"C", "merge conflicts"}, {"w", "share with the room"},
	}},
	{"The flows tab", [][2]string{
		{"enter", "walk flow"}, {"a", "add flow"}, {"c", "copy flow"}, {"K/J", "move flow up/down"}, {"x", "delete"},
	}},
	{"The systems tab", [][2]string{{"enter", "edit"}, {"a", "add system"}, {"x", "delete"}, {"I", "import inventory"}}},
	{"An inventory import's preview", [][2]string{{"enter", "import"}, {"esc", "cancel"}}},
	{"The questions tab", [][2]string{{"enter", "edit"}, {"a", "add question"}, {"x", "delete"}, {"l", "link evidence"}}},
	{"The domains tab", [][2]string{{"enter", "decide"}, {"o", "park: who decides"}, {"x", "take back"}, {"l", "link evidence"}}},
	{"The register tab", [][2]string{
		{"a", "accept"}, {"m", "merge into a risk"}, {"d", "dismiss"}, {"r", "reopen"},
		{"n", "new session risk"}, {"enter", "edit risk"}, {"x", "delete risk"}, {"l", "link evidence"},
	}},
	{"The walkthrough of a flow", [][2]string{
		{"↑/k", "previous field"}, {"↓/j", "next field"}, {"enter", "edit"},
		{"←/[", "previous step"}, {"→/]", "next step"}, {"1-4", "go to step"},
		{"d", "step done"}, {"o", "open question"}, {"r", "add risk"}, {"x", "delete risk"},
		{"g", "more questions"}, {"i", "flow details"}, {"a", "add the next flow"}, {"l", "link evidence"},
	}},
	{"The links under an evidence form (tab past its last field)", [][2]string{
		{"x", "remove link"}, {"tab", "add a link"}, {"esc", "close"},
	}},
	{"Editing a field", [][2]string{
		{"enter", "done, next"}, {"alt+enter", "new line"}, {"tab", "next field"}, {"shift+tab", "previous field"},
		{"esc", "stop editing"}, {"esc", "cancel"}, {"↑", "previous choice"}, {"↓", "next choice"},
		{"space", "tick"}, {"backspace", "clear"},
	}},
	{"A form", [][2]string{{"enter", "edit"}, {"esc", "close"}}},
	{"Merge conflicts", [][2]string{
		{"enter", "resolve the conflicts"}, {"esc", "later"}, {"enter/esc", "go on to the session"},
		{"o", "keep ours"}, {"t", "keep theirs"}, {"b", "keep both"},
	}},
}

// manEnvironment is every environment variable archreview reads (a test
// reads the code to hold it so) and what it does.
var manEnvironment = [][2]string{
	{store.EnvDB, "The database file when --db is not given; by default $XDG_DATA_HOME/archreview/archreview.db."},
	{tui.EnvTheme, "light or dark: the app's palette, without asking the terminal what its background is."},
	{"NO_COLOR", "When set to anything, the app draws without colour; selection and focus are still marked by a glyph."},
	{"COLORFGBG", "Read, when ARCHREVIEW_THEME is not set, for whether the terminal's background is dark."},
	{"TERM", "Under screen or tmux the app does not ask the terminal for its background, and takes it as dark."},
	{"XDG_DATA_HOME", "Where the default database lives (~/.local/share on Linux, ~/Library/Application Support on macOS)."},
	{"XDG_CONFIG_HOME", "Where your own question packs live ($XDG_CONFIG_HOME/archreview/packs/*.yaml), and your firm's profile (archreview/firm.yaml)."},
	{"XDG_DOCUMENTS_DIR", "The folder the app offers for exports: archreview in it (~/Documents/archreview by default)."},
	{"ARCHREVIEW_CHECK_DB", "Set by archreview for the child process that first reads a database; never set it yourself."},
}

// writeMan writes the manual page of the command tree under root.
func writeMan(out io.Writer, root *cobra.Command, b build) error {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	m := &manWriter{w: bufio.NewWriter(out), paths: machinePaths()}
	p := m.line

	p(`.TH ARCHREVIEW 1 "%s" "archreview %s" "archreview manual"`, b.manDate(), m.text(b.Version))
	p(".SH NAME")
	p(`archreview \- %s`, m.text(root.Short))
	p(".SH SYNOPSIS")
	p(`.B archreview`)
	p(`[\fB\-\-db\fR \fIFILE\fR] [\fB\-\-pack\fR \fIFILE\fR]`)
	p(".br")
	p(`.B archreview`)
	p(`\fICOMMAND\fR [\fIARGUMENT\fR]... [\fIOPTION\fR]...`)
	p(".SH DESCRIPTION")
	m.paragraphs(root.Long)
	p(".SH OPTIONS")
	m.flags(root.NonInheritedFlags())
	m.item(`\fB\-h\fR, \fB\-\-help\fR`, "Help for archreview or any command.")
	m.item(`\fB\-v\fR, \fB\-\-version\fR`, "Print the version, commit and date of this build, as archreview version does.")
	p(".SH COMMANDS")
	for _, c := range manCommands(root) {
		p(`.SS "%s"`, strings.ReplaceAll(m.text(c.CommandPath()+strings.TrimPrefix(c.Use, c.Name())), `"`, `\(dq`))
		text := c.Long
		if text == "" || isCompletion(c) {
			text = c.Short // cobra's long help of its completion scripts is for --help
		}
		m.paragraphs(text)
		m.flags(c.NonInheritedFlags())
	}
	p(".SH KEYS")
	p("%s", m.text("The app is modal: while a field is being edited it takes every key, so typing an answer never fires a command. "+
		"The help line at the foot of every screen shows the keys that work there; ? shows them all."))
	for _, g := range manKeys {
		p(`.SS "%s"`, m.text(g.where))
		p(".PD 0") // one key a line, as on the help screen
		for _, k := range g.keys {
			p(".TP 12\n\\fB%s\\fR\n%s", m.text(k[0]), m.text(k[1]))
		}
		p(".PD")
	}
	p(".SH ENVIRONMENT")
	for _, e := range manEnvironment {
		m.item(`\fB`+m.text(e[0])+`\fR`, e[1])
	}
	p(".SH FILES")
	m.item(`\fI`+m.text("$XDG_DATA_HOME/archreview/archreview.db")+`\fR`,
		"The database: every session, saved as you type. Give another with --db or ARCHREVIEW_DB.")
	m.item(`\fI`+m.text("$XDG_CONFIG_HOME/archreview/packs/*.yaml")+`\fR`,
		"Your own question packs; archreview packs lists them beside the built-in ones.")
	m.item(`\fI`+m.text("$XDG_CONFIG_HOME/archreview/firm.yaml")+`\fR`,
		"Your firm's profile for the pack's cover: name, logo (a PNG or SVG file, relative to this folder or absolute) and accent (#rrggbb). Read by the HTML and Markdown exports; never fetched from the network.")
	p(".SH EXIT STATUS")
	p("%s", m.text("0 when the command did what it was asked; 1 when it failed, with one line on standard error saying why, "+
		"and when a merge leaves conflicts to resolve; 2 when merge was given files it cannot merge at all."))
	p(".SH SEE ALSO")
	p(`\fBarchreview \-\-help\fR, and \fBarchreview\fR \fICOMMAND\fR \fB\-\-help\fR for each command.`)
	return m.w.Flush()
}

// manCommands is every command under root, depth first in cobra's order:
// the hidden completion command too, which packages install the output of,
// but not help or cobra's own completion requests.
func manCommands(root *cobra.Command) []*cobra.Command {
	var all []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || strings.HasPrefix(sub.Name(), "__") {
				continue
			}
			all = append(all, sub)
			walk(sub)
		}
	}
	walk(root)
	return all
}

// isCompletion is whether c is the completion command or one of its shells.
func isCompletion(c *cobra.Command) bool {
	for ; c != nil && c.HasParent(); c = c.Parent() {
		if c.Name() == "completion" && !c.Parent().HasParent() {
			return true
		}
	}
	return false
}

// manWriter writes the lines of a manual page.
type manWriter struct {
	w     *bufio.Writer
	paths *strings.Replacer
}

// line writes one line of roff as it is.
func (m *manWriter) line(format string, args ...any) { fmt.Fprintf(m.w, format+"\n", args...) }

// item is a tagged paragraph: head (already roff) above text.
func (m *manWriter) item(head, text string) { m.line(".TP\n%s\n%s", head, m.text(text)) }

// flags writes a command's own flags, help and version left out (OPTIONS
// says them once).
func (m *manWriter) flags(fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Name == "version" || f.Hidden {
			return
		}
		name, usage := pflag.UnquoteUsage(f)
		head := `\fB\-\-` + m.text(f.Name) + `\fR`
		if f.Shorthand != "" {
			head = `\fB\-` + m.text(f.Shorthand) + `\fR, ` + head
		}
		if name != "" {
			head += ` \fI` + m.text(name) + `\fR`
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		m.item(head, usage)
	})
}

// paragraphs writes text whose paragraphs are split by blank lines.
func (m *manWriter) paragraphs(text string) {
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			m.line(".PP")
		}
		for _, l := range strings.Split(para, "\n") {
			m.line("%s", m.text(strings.TrimSpace(l)))
		}
	}
}

// text is s made safe to place on a line of a manual page, with the
// folders of whoever generated the page written as the variables they come
// from, so a packaged page says what holds on every machine.
func (m *manWriter) text(s string) string { return roff(m.paths.Replace(s)) }

// roff escapes text for a line of a manual page: a backslash and a hyphen
// escaped, a line that would start with a request guarded, and every
// character past ASCII written by its code point, which groff, mandoc and
// man-db read alike.
func roff(s string) string {
	var b strings.Builder
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		b.WriteString(`\&`)
	}
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 127:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// machinePaths turns this machine's database, packs folder and XDG folders
// back into the names a reader on any machine understands.
func machinePaths() *strings.Replacer {
	var pairs []string
	add := func(path, name string) {
		if path != "" && path != string(filepath.Separator) {
			pairs = append(pairs, path, name)
		}
	}
	// Longest first: a Replacer tries its pairs in order at each place.
	add(store.DefaultPath(), filepath.Join("$XDG_DATA_HOME", "archreview", "archreview.db"))
	add(packsDir(), filepath.Join("$XDG_CONFIG_HOME", "archreview", "packs"))
	add(xdg.DataHome, "$XDG_DATA_HOME")
	add(xdg.ConfigHome, "$XDG_CONFIG_HOME")
	if home, err := os.UserHomeDir(); err == nil {
		add(home, "~")
	}
	return strings.NewReplacer(pairs...)
}
