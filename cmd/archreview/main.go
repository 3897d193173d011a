// Command archreview runs a commerce integration architecture review: the
// walkthrough app with no arguments, and subcommands to create, list, export
// and import sessions. It only wires flags to the store, model and tui
// packages; the logic lives there.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/store"
	_ "github.com/archreview/archreview/tui/termquery" // initialised before Bubble Tea: see the package

	"github.com/spf13/cobra"
)

func main() {
	store.RunCheckerIfAsked()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit code. Errors reach the
// user as one line on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.Execute(); err != nil {
		// An error can quote a file's text; it reaches the terminal safe,
		// and with any credential in it redacted, as an export would.
		msg := model.Printable(firstLine(redactedLine(err.Error())), false)
		if strings.HasPrefix(msg, "unknown command") {
			msg += "; see archreview --help"
		}
		fmt.Fprintln(stderr, "archreview: "+msg)
		var exit *exitError
		if errors.As(err, &exit) {
			return exit.code
		}
		return 1
	}
	return 0
}

// maxErrorRunes keeps an error to one line a person reads: a message that
// quotes a long value is cut in its middle. Messages are written to stay
// near 200 characters; the bound leaves room for two long paths.
const maxErrorRunes = 300

// redactedLine is the first line of an error with its credentials
// redacted. Redaction comes before firstLine cuts a long message, so no
// secret is cut in two halves the shapes no longer see; a line longer than
// anyone reads is shortened first, so redacting it costs little.
func redactedLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	const keep = 16 << 10
	if len(s) > 2*keep {
		head, tail := keep, len(s)-keep
		for head > 0 && !utf8.RuneStart(s[head]) {
			head--
		}
		for tail < len(s) && !utf8.RuneStart(s[tail]) {
			tail++
		}
		s = s[:head] + " … " + s[tail:]
	}
	return redact.Message(s)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > maxErrorRunes {
		s = string(r[:maxErrorRunes*3/4]) + " … " + string(r[len(r)-maxErrorRunes/4+3:])
	}
	return s
}

type app struct {
	dbPath string
	// packFile is a question pack file the app offers beside the others.
	packFile string
	out      io.Writer
	errOut   io.Writer
	now      func() time.Time
}

func (a *app) path() string {
	if a.dbPath != "" {
		return a.dbPath
	}
	return store.DefaultPath()
}

func (a *app) open() (*store.Store, error) {
	st, err := a.report(store.Open(a.path()))
	if err == nil {
		st.SetSnapshotter(snapshotStored)
	}
	return st, err
}

// openReadOnly is for commands that only read: they never create or change
// the file.
func (a *app) openReadOnly() (*store.Store, error) { return a.report(store.OpenReadOnly(a.path())) }

func (a *app) report(st *store.Store, err error) (*store.Store, error) {
	if err != nil {
		return nil, err
	}
	for _, n := range st.Notices {
		fmt.Fprintln(a.errOut, "archreview: "+n)
	}
	return st, nil
}

// withStore opens the database for one command and always closes it.
func (a *app) withStore(fn func(st *store.Store) error) error {
	return a.with(a.open, fn)
}

// readStore is withStore for commands that only read.
func (a *app) readStore(fn func(st *store.Store) error) error {
	return a.with(a.openReadOnly, fn)
}

func (a *app) with(open func() (*store.Store, error), fn func(st *store.Store) error) error {
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	a := &app{out: stdout, errOut: stderr, now: time.Now}
	b := thisBuild()
	root := &cobra.Command{
		Use:   "archreview",
		Short: "Run a commerce integration architecture review and write its decision pack",
		Long: helpParagraph("archreview walks every integration flow of a commerce stack (orders, "+
			"inventory, catalog, price, customers) through four steps: source, contract, failure, owner. "+
			"Answers are saved as you type to one local file; the session and its decision pack export as "+
			formatList()+" (archreview export --help says what each holds).") + `

With no command it opens the app on the database.`,
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runTUI()
		},
		Version: b.Version,
	}
	root.SetVersionTemplate(b.String() + "\n")
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default $"+store.EnvDB+", else "+store.DefaultPath()+")")
	root.Flags().StringVar(&a.packFile, "pack", "", "a question pack file to offer beside the built-in ones and "+packsDir())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return fmt.Errorf("%v; see archreview --help", err)
	})
	root.CompletionOptions.HiddenDefaultCmd = true
	root.AddCommand(
		a.newCmd(), a.listCmd(), a.demoCmd(), a.exportCmd(), a.importCmd(), a.mergeCmd(), a.diffCmd(), a.packsCmd(), a.ticketsCmd(),
		a.inventoryCmd(), a.roomCmd(),
		&cobra.Command{
			Use:   "version",
			Short: "Print the version, commit and date of this build",
			Args:  cobra.NoArgs,
			Run: func(cmd *cobra.Command, args []string) {
				fmt.Fprintln(a.out, b)
			},
		},
		a.manCmd(root),
	)
	return root
}

// errNoTerminal is the bare command's refusal when its output is a file or
// a pipe: the app draws a screen and reads keys, which a file cannot show.
var errNoTerminal = badInput(errors.New("archreview needs a terminal; use list or export to write to a file or a pipe"))

func (a *app) runTUI() error { return a.runApp("", nil) }
