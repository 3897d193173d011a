package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/store/atomicfile"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"
)

func (a *app) newCmd() *cobra.Command {
	var client, facilitator, packArg, from string
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Create a session and print its id",
		Long: `Create a session and print its id. With --from SESSION it is a follow-up
review of that session: its systems, flows, answers, domain decisions, risks
(with their status and ticket), triage, question pack and unanswered open
questions carry over, every step starts not done, and the pack says what
changed since.`,
		Args: exactArgs(1, "give the session a name, e.g. archreview new \"Spring replatform review\""),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := strings.TrimSpace(args[0])
			if name == "" {
				return errors.New("the session name is empty; give it a name")
			}
			var pack *model.PackRef
			if packArg != "" {
				p, err := a.choosePack(packArg)
				if err != nil {
					return err
				}
				ref := p.Ref()
				pack = &ref
			}
			if cmd.Flags().Changed("from") {
				return a.createFollowUp(name, from, client, facilitator, pack)
			}
			now := a.now().UTC()
			doc := model.NewSessionDocument(model.Session{
				ID: model.NewID(), Name: name, Client: client, Facilitator: facilitator,
			}, now)
			doc.Pack = pack
			return a.withStore(func(st *store.Store) error {
				if err := st.Create(doc); err != nil {
					return err
				}
				fmt.Fprintln(a.out, doc.Session.ID)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&client, "client", "", "the client's name")
	cmd.Flags().StringVar(&facilitator, "facilitator", "", "who runs the session")
	cmd.Flags().StringVar(&packArg, "pack", "", "the question pack: an id (archreview packs lists them) or a pack file")
	cmd.Flags().StringVar(&from, "from", "", "start a follow-up review of SESSION (an id or name)")
	return cmd
}

// listEntry is one line of `list --json`.
type listEntry struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Client      string `json:"client"`
	Facilitator string `json:"facilitator"`
	Date        string `json:"date"`
	Flows       int    `json:"flows"`
	StepsDone   int    `json:"steps_done"`
	StepsTotal  int    `json:"steps_total"`
	Progress    int    `json:"progress_percent"`
	// Damaged is true for a session that cannot be read; its name and
	// the rest are then what could still be read, and may be empty.
	Damaged bool `json:"damaged"`
}

func (a *app) listCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List sessions: id, name, client, date, progress",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.freshDefault() {
				// Nothing has been saved yet on this machine: that is an
				// empty list, not an error, and nothing is created.
				return a.printSessions(nil, asJSON)
			}
			return a.readStore(func(st *store.Store) error {
				sessions, err := st.List()
				if err != nil {
					return err
				}
				return a.printSessions(sessions, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for other tools")
	return cmd
}

// freshDefault reports whether the database is the default one and does not
// exist yet: a new user's first command.
func (a *app) freshDefault() bool {
	if a.dbPath != "" || os.Getenv(store.EnvDB) != "" {
		return false
	}
	_, err := os.Stat(a.path())
	return errors.Is(err, os.ErrNotExist)
}

func (a *app) printSessions(sessions []store.SessionInfo, asJSON bool) error {
	if asJSON {
		entries := make([]listEntry, len(sessions))
		for i, s := range sessions {
			entries[i] = listEntry{s.ID, s.Name, s.Client, s.Facilitator, s.Date, s.Flows, s.StepsDone, s.StepsTotal, percent(s.StepsDone, s.StepsTotal), s.Damaged != nil}
		}
		defer a.reportDamaged(sessions)
		b, err := json.Marshal(entries, jsontext.WithIndent("  "))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.out, "%s\n", b)
		return err
	}
	if len(sessions) == 0 {
		fmt.Fprintln(a.out, "No sessions yet. Create one with archreview new NAME, or try archreview demo.")
		return nil
	}
	nameW, clientW := listColumns(sessions, terminalWidth(a.out))
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCLIENT\tDATE\tSTEPS\tFLOWS")
	for _, s := range sessions {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", model.Printable(s.ID, false),
			cut(model.Printable(listName(s), false), nameW), cut(model.Printable(s.Client, false), clientW), model.Printable(s.Date, false),
			stepsText(s), flowsText(s))
	}
	defer a.reportDamaged(sessions)
	return tw.Flush()
}

// reportDamaged says on stderr, one line each, which sessions cannot be
// read and what to do; the list itself shows them marked.
func (a *app) reportDamaged(sessions []store.SessionInfo) {
	for _, s := range sessions {
		if s.Damaged != nil {
			fmt.Fprintln(a.errOut, "archreview: "+model.Printable(s.Damaged.Error(), false))
		}
	}
}

// listName is the name column: a damaged session's name may not read.
func listName(s store.SessionInfo) string {
	if s.Damaged != nil && s.Name == "" {
		return "(name unreadable)"
	}
	return s.Name
}

// flowsText is the flows column, empty for a session that cannot be read.
func flowsText(s store.SessionInfo) string {
	if s.Damaged != nil {
		return "-"
	}
	return fmt.Sprint(s.Flows)
}

// terminalWidth is the width of the terminal w writes to, or 0 when it is
// not a terminal (a pipe keeps every byte, however long).
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return width
}

// listColumns shares what a terminal of width leaves, after the id, date,
// steps and flows columns, between the names and the clients, so a row
// never wraps; 0 means no limit.
func listColumns(sessions []store.SessionInfo, width int) (nameW, clientW int) {
	if width <= 0 {
		return 0, 0
	}
	const gaps = 5 * 2
	longest := func(get func(store.SessionInfo) string, header string) int {
		n := len(header)
		for _, s := range sessions {
			n = max(n, ansi.StringWidth(model.Printable(get(s), false)))
		}
		return n
	}
	fixed := longest(func(s store.SessionInfo) string { return s.ID }, "ID") +
		longest(func(s store.SessionInfo) string { return s.Date }, "DATE") +
		longest(stepsText, "STEPS") +
		longest(flowsText, "FLOWS") + gaps
	names := longest(listName, "NAME")
	clients := longest(func(s store.SessionInfo) string { return s.Client }, "CLIENT")
	room := width - 1 - fixed
	if names+clients <= room {
		return 0, 0
	}
	clientW = max(min(clients, room*2/5), len("CLIENT"))
	nameW = max(room-clientW, len("NAME"))
	return nameW, clientW
}

// stepsText is a session's progress: steps done of the steps there are, or
// that it cannot be read.
func stepsText(s store.SessionInfo) string {
	if s.Damaged != nil {
		return "DAMAGED"
	}
	return fmt.Sprintf("%d/%d", s.StepsDone, s.StepsTotal)
}

// cut fits text to width cells, marking a cut; 0 keeps it whole.
func cut(s string, width int) string {
	if width <= 0 {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// completeSessions offers the sessions' ids, with their names, to shell
// completion; it only reads the database.
func (a *app) completeSessions(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 || a.freshDefault() {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	_ = a.readStore(func(st *store.Store) error {
		list, err := st.List()
		for _, s := range list {
			out = append(out, cobra.CompletionWithDesc(s.ID, model.Printable(s.Name, false)))
		}
		return err
	})
	return out, cobra.ShellCompDirectiveNoFileComp
}

func percent(done, total int) int {
	if total == 0 {
		return 0
	}
	return done * 100 / total
}

func (a *app) demoCmd() *cobra.Command {
	var flows, risks int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Create a realistic sample session to try the app on",
		Long: `Create the sample review of a fictional outdoor retailer, once. With
--flows N it creates instead a synthetic session of N flows, to try the app
at the scale of a large integration program.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if flows < 0 || flows > 10000 || risks < 0 || risks > 50 {
				return errors.New("--flows takes 1 to 10000 and --risks 0 to 50")
			}
			return a.withStore(func(st *store.Store) error {
				doc := model.Demo(a.now())
				if flows > 0 {
					doc = model.Generate(flows, risks, 1)
				}
				err := st.Create(doc)
				var exists *store.ExistsError
				switch {
				case errors.As(err, &exists):
					fmt.Fprintf(cmd.ErrOrStderr(), "That session is already in %s.\n", st.Path())
				case err != nil:
					return err
				}
				fmt.Fprintln(a.out, doc.Session.ID)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&flows, "flows", 0, "create a synthetic session of N flows instead of the sample")
	cmd.Flags().IntVar(&risks, "risks", 5, "risks per flow in a synthetic session")
	return cmd
}

func (a *app) exportCmd() *cobra.Command {
	var format, output, annex, part string
	var private, stable, all bool
	cmd := &cobra.Command{
		Use:   "export SESSION",
		Short: "Write a session and its decision pack in " + formatSummary(),
		Long: `Write a session and its decision pack. SESSION is an id or an unambiguous
name. --format is one of these (` + report.FormatJSON + ` when it is not given):

` + formatHelp() + `
` + partHelp() + `

Credentials typed into answers are replaced by [redacted]; private
facilitator notes are left out unless --include-private is given.

The ` + annexFormatList() + ` packs end with an annex for the review team: the
findings the room has not triaged, the dismissed ones and every flow's
answers. --annex FILE writes that annex to FILE instead, and the pack
(to -o or standard output) leaves it out and names FILE in its contents.

With --all -o DIR (and no SESSION) every session that still reads is
written into DIR as its own JSON export, named from the session's name and
id (race-17-01J….archreview.json; the folder is created 0700, each file
0600); the paths go to standard output. A damaged session is named on
standard error and skipped, and the command then exits 1. It only reads the
database, so it also works on a damaged or read-only file.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if all {
				return nil // exportAll refuses a SESSION with --all in words of its own
			}
			return exactArgs(1, "name the session to export by its id or name; archreview list shows them")(cmd, args)
		},
		ValidArgsFunction: a.completeSessions,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := exportFormat(format)
			if err != nil {
				return err
			}
			if err := checkPart(f, part, cmd.Flags().Changed("part")); err != nil {
				return err
			}
			if all {
				if annex != "" {
					return badInput(errors.New("--annex writes one pack's annex; it does not go with --all"))
				}
				return a.exportAll(cmd, args, exportAllFlags{format: f, dir: output, private: private, stable: stable})
			}
			packFormat, annexFormat, err := annexSplit(f, annex, output)
			if err != nil {
				return err
			}
			defer debug.SetMemoryLimit(exportMemoryLimit())
			if (output == "" || output == "-") && f.Binary && isTerminal(a.out) {
				return fmt.Errorf("the %s export is not text; write it to a file with -o FILE%s", f.Name, f.Extension)
			}
			if output != "" && output != "-" {
				// Checked before the database is opened, so the refusal is
				// the same whether or not an archreview has it open.
				if err := store.Protected(output, a.path(), "the export"); err != nil {
					return err
				}
			}
			if annex != "" {
				if err := store.Protected(annex, a.path(), "the annex"); err != nil {
					return err
				}
			}
			printer, err := printerFor(cmd, f)
			if err != nil {
				return err
			}
			// The cover's firm profile is the user's own file: read before
			// the database, so a broken one is said first.
			var firm *report.Firm
			if coverFormats[f.Name] {
				if firm, err = loadFirm(firmProfile()); err != nil {
					return err
				}
			}
			// An export only reads: it works on a read-only copy of the
			// database and leaves every byte of it as it was.
			return a.readStore(func(st *store.Store) error {
				info, err := st.Resolve(args[0])
				if err != nil {
					return err
				}
				doc, err := st.Load(info.ID)
				if err != nil {
					return err
				}
				// The summary applies the session's pack's rule settings.
				rules, err := a.sessionRules(doc.Pack)
				if err != nil {
					return err
				}
				opts := report.ExportOptions{IncludePrivate: private, Now: a.now(), Rules: rules, Firm: firm, Printer: printer, Part: part}
				if opts.Previous, err = previousReview(st, doc); err != nil {
					return err
				}
				if stable {
					opts.Now = stableTime(doc)
				}
				exp := report.ExportOwned(doc, opts)
				if annex != "" {
					if err := a.writeExport(cmd, exp, annexFormat, annex); err != nil {
						return err
					}
				}
				return a.writeExport(cmd, exp, packFormat, output)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", report.FormatJSON, "the export's format: "+strings.Join(report.Formats, ", "))
	_ = cmd.RegisterFlagCompletionFunc("format", completeFormats) // only fails for a flag not defined just above
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (created 0600) instead of standard output")
	cmd.Flags().BoolVar(&private, "include-private", false, "include the facilitator's private notes")
	cmd.Flags().BoolVar(&stable, "stable", false, "the same bytes for the same content: the session's last change as the export time")
	cmd.Flags().StringVar(&part, "part", "", "the figure --format svg or png draws: "+strings.Join(report.Parts, ", ")+" (default "+report.Parts[0]+")")
	_ = cmd.RegisterFlagCompletionFunc("part", completeParts) // only fails for a flag not defined just above
	cmd.Flags().BoolVar(&all, "all", false, "write every session that still reads as its own JSON file into the folder -o DIR")
	cmd.Flags().StringVar(&annex, "annex", "", "write the pack's annex (findings for the review team, every flow's answers) to `FILE`, not at the pack's end ("+
		annexFormatList()+")")
	_ = cmd.MarkFlagFilename("annex", "html", "htm", "md") // only fails for a flag not defined just above
	return cmd
}

// exportMemory is the soft memory limit of an export. Left to itself the
// collector lets the heap grow to twice what is live before it runs, so a
// 10,000-flow export (about 100 MB live: the session and its summary) would
// peak past 200 MB; under the limit it collects as often as it must to stay
// within the 150 MB an export may take, its text pages included. 128 MiB
// peaks at 133-140 MB; under 120 MiB the collector ran so often that the
// HTML pack took half as long again, and 136 MiB came within 1 MB of the
// budget. A session whose live data outgrows the limit is slower, not
// stopped: the collector then takes at most half the CPU and the heap
// grows past the limit.
const exportMemory = 128 << 20

// exportMemoryLimit sets the export's memory limit, or keeps a lower one set
// by GOMEMLIMIT, and returns the limit to restore.
func exportMemoryLimit() int64 {
	prev := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(prev, exportMemory))
	return prev
}

// writeExport writes an export in one format to standard output, made safe
// for a terminal, or to a file, atomically; the caller has refused a file
// that is a database (store.Protected).
func (a *app) writeExport(cmd *cobra.Command, exp *report.Exported, format report.Format, output string) error {
	if output == "" || output == "-" {
		if isTerminal(a.out) {
			// Read on screen, an export's text could carry escape
			// sequences; a pipe or -o keeps every byte.
			var b bytes.Buffer
			if err := format.Write(&b, exp); err != nil {
				return err
			}
			_, err := io.WriteString(a.out, model.Printable(b.String(), true))
			return err
		}
		w := bufio.NewWriterSize(a.out, 1<<16)
		if err := format.Write(w, exp); err != nil {
			return err
		}
		return w.Flush()
	}
	// A stop signal ends the write cleanly: the temp file goes and the
	// target stays as it was.
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return atomicfile.WriteFunc(ctx, output, func(w io.Writer) error {
		return format.Write(w, exp)
	})
}

func (a *app) importCmd() *cobra.Command {
	var replace, merge bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Add a session from a JSON export (- reads standard input)",
		Args:  exactArgs(1, "give the JSON export to import, e.g. archreview import review.json"),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := openImport(args[0], cmd.InOrStdin())
			if err != nil {
				return err
			}
			doc, err := model.DecodeDocumentFrom(bufio.NewReaderSize(in, 1<<20))
			in.Close()
			if err != nil {
				return fmt.Errorf("%s was not imported: %w", displayName(args[0]), err)
			}
			if replace && merge {
				return badInput(errors.New("--replace and --merge cannot both be given: replace the session, or merge the file into it"))
			}
			return a.withStore(func(st *store.Store) error {
				if merge {
					return a.importMerged(st, doc, displayName(args[0]))
				}
				seen, err := importedRevision(doc)
				if err != nil {
					return err
				}
				if err := st.Import(doc, replace, seen); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Imported %q (%s) into %s.\n", model.Printable(doc.Session.Name, false), doc.Session.ID, st.Path())
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "replace a session with the same id instead of refusing")
	cmd.Flags().BoolVar(&merge, "merge", false, "merge the file into the session with the same id")
	return cmd
}

// isTerminal reports whether w is a terminal, where text must be made safe
// before it is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

func displayName(arg string) string {
	if arg == "-" {
		return "standard input"
	}
	return filepath.Base(arg)
}

// openImport opens an import for reading as it is decoded; the decoder
// holds no more than the size limits.
func openImport(arg string, stdin io.Reader) (io.ReadCloser, error) {
	if arg == "-" {
		return io.NopCloser(stdin), nil
	}
	f, err := os.Open(arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", arg)
		}
		return nil, fmt.Errorf("cannot read %s: %w", arg, err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is a folder; give a JSON export file", arg)
	}
	return f, nil
}

// exactArgs is cobra.ExactArgs with a message that says what to type.
func exactArgs(n int, hint string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return errors.New(hint)
		}
		return nil
	}
}
