package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/tickets"
	"github.com/archreview/archreview/store"

	"github.com/spf13/cobra"
)

// maxTrackerFile bounds the tracker file read whole: a Jira export of
// thousands of issues is a few megabytes.
const maxTrackerFile = 64 << 20

func (a *app) ticketsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tickets",
		Short: "Bring the tracker's tickets and their progress back into a session",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("say what to do with the tickets: archreview tickets import SESSION FILE")
		},
	}
	cmd.AddCommand(a.ticketsImportCmd())
	return cmd
}

func (a *app) ticketsImportCmd() *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import SESSION FILE",
		Short: "Set each risk's ticket and status from a Jira CSV export or gh issue list JSON",
		Long: `Read what the tracker says of the tickets the Jira CSV created and set each
risk's ticket and status. FILE (- reads standard input) is a Jira CSV export
(Issue key, Status, Status Category and Labels columns) or the output of
gh issue list --json number,url,title,state,labels. Tickets are matched to
risks by their ar-<risk id> label; a ticket's key (Jira) or URL (GitHub)
becomes the risk's ticket. Done or closed makes the risk mitigated (an
accepted risk stays accepted), in progress in-progress, to do or open open;
any other status is listed and the risk's status left as it was. A label
naming no risk of the session is an error, and then nothing is written.
Running it again on the same file changes nothing. --dry-run prints what
would change and writes nothing.`,
		Args: exactArgs(2, "give the session and the tracker's file, e.g. archreview tickets import \"Spring review\" jira.csv"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) == 1 { // the tracker's file
				return []cobra.Completion{"csv", "json"}, cobra.ShellCompDirectiveFilterFileExt
			}
			return a.completeSessions(cmd, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := displayName(args[1])
			data, err := readTrackerFile(args[1], cmd.InOrStdin())
			if err != nil {
				return badInput(err)
			}
			format, ts, err := tickets.Parse(name, data)
			if err != nil {
				return badInput(err)
			}
			apply := func(st *store.Store) error {
				info, err := st.Resolve(args[0])
				if err != nil {
					return err
				}
				doc, err := st.Load(info.ID)
				if err != nil {
					return err
				}
				res, err := tickets.Apply(doc, ts)
				if err != nil {
					return badInput(fmt.Errorf("%s: %w", name, err))
				}
				a.printTicketChanges(name, format, doc, res, dryRun)
				switch {
				case dryRun:
					fmt.Fprintln(a.out, "Dry run: nothing was written.")
					return nil
				case len(res.Changes) == 0:
					return nil
				}
				return st.Save(doc.Session.ID, ticketSave(doc, res, a.now()))
			}
			if dryRun {
				return a.readStore(apply)
			}
			return a.withStore(apply)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would change and write nothing")
	return cmd
}

// readTrackerFile reads the tracker's file whole; it is parsed before the
// database is opened, so a bad file is said before anything is locked.
func readTrackerFile(arg string, stdin io.Reader) ([]byte, error) {
	in, err := openImport(arg, stdin)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	data, err := io.ReadAll(io.LimitReader(in, maxTrackerFile+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", displayName(arg), err)
	}
	if len(data) > maxTrackerFile {
		return nil, fmt.Errorf("%s is over %d MB, more than a tracker's export of a review; export only the review's tickets", displayName(arg), maxTrackerFile>>20)
	}
	return data, nil
}

// ticketSave is the one save of what the tracker changed: the flows whose
// risks changed, the session's own risks when they did, and the session's
// time of change.
func ticketSave(doc *model.Document, res tickets.Result, now time.Time) store.Changes {
	doc.Session.UpdatedAt = now.UTC().Truncate(time.Second).Format(time.RFC3339)
	c := store.Changes{Session: &doc.Session}
	for _, fi := range res.Flows {
		c.Flows = append(c.Flows, doc.Flows[fi])
	}
	if res.SessionRisks {
		c.Decided = &doc.Decided
	}
	return c
}

// printTicketChanges prints a table of what the tracker's file changes, the
// statuses it did not know and the tickets it left alone.
func (a *app) printTicketChanges(name string, format tickets.Format, doc *model.Document, res tickets.Result, dryRun bool) {
	session := model.Printable(doc.Session.Name, false)
	if len(res.Changes) == 0 {
		fmt.Fprintf(a.out, "Nothing to change: %q already says what %s (%s) says.\n", session, name, format)
	} else {
		tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RISK\tTICKET\tSTATUS")
		for _, c := range res.Changes {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", cut(model.Printable(c.Title, false), 50), model.Printable(changeText(c.OldTicket, c.NewTicket, "none"), false), statusChange(c))
		}
		tw.Flush()
		verb := "changed"
		if dryRun {
			verb = "would change"
		}
		fmt.Fprintf(a.out, "%d %s of %q %s from %s (%s).\n", len(res.Changes), pluralWord(len(res.Changes), "risk", "risks"), session, verb, name, format)
	}
	for _, u := range res.Unknown {
		fmt.Fprintf(a.out, "Status not known, left as it was: %s %s %q.\n", u.Where, model.Printable(u.Key, false), model.Printable(u.Status, false))
	}
	if res.Unlabelled > 0 {
		fmt.Fprintf(a.out, "%d %s no ar- label and %s left alone.\n", res.Unlabelled,
			pluralWord(res.Unlabelled, "ticket carries", "tickets carry"), pluralWord(res.Unlabelled, "was", "were"))
	}
}

func statusChange(c tickets.Change) string {
	s := changeText(statusWord(c.OldStatus), statusWord(c.NewStatus), "")
	if c.Kept != "" {
		s += " (kept: " + c.Kept + ")"
	}
	return s
}

func statusWord(s model.RiskStatus) string {
	if s == "" {
		return string(model.RiskOpen)
	}
	return string(s)
}

// changeText is "old → new", or the value alone when it did not change.
func changeText(old, new, none string) string {
	if strings.TrimSpace(old) == "" {
		old = none
	}
	if old == new {
		return new
	}
	return old + " → " + new
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
