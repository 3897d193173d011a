package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/inventory"
	"github.com/archreview/archreview/store"

	"github.com/spf13/cobra"
)

func (a *app) inventoryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "Start a session from what the client has: an application inventory or a landscape diagram",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("say what to do with the inventory: archreview inventory import SESSION FILE")
		},
	}
	var dryRun bool
	var sheet string
	var maps []string
	imp := &cobra.Command{
		Use:   "import SESSION FILE",
		Short: "Add the systems and flows of an inventory (" + inventory.FormatNames() + ") to a session",
		Long: helpParagraph("Add the systems and flows of a file the client already has to a session: a LeanIX Excel "+
			"export or a plain spreadsheet (xlsx or CSV: a systems sheet with name, kind or type and description; "+
			"a flows sheet with name, from, to, via, domain and pattern), a draw.io diagram (boxes are systems, "+
			"arrows flows, an arrow through a middleware box a flow via it) or a Structurizr workspace JSON "+
			"(software systems and containers are systems, relationships flows). Kinds and domains not in the file "+
			"are guessed from names and shown as guesses to confirm. Each system and flow keeps its id in the file "+
			"(ref), so importing the file again updates what it added and never adds it twice; a name the session "+
			"already has is matched, not added. Nothing is removed, and the room's answers are never overwritten.") + `

  archreview inventory import "Spring review" leanix-export.xlsx --dry-run
  archreview inventory import "Spring review" apps.csv --map "App Name=name" --map Owner=ignore`,
		Args: exactArgs(2, "give the session and the file, e.g. archreview inventory import \"Spring review\" landscape.drawio"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return a.completeSessions(cmd, args, toComplete)
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cols, err := inventory.ParseColumns(maps)
			if err != nil {
				return badInput(err)
			}
			inv, err := readInventory(args[1], inventory.Options{Sheet: sheet, Columns: cols})
			if err != nil {
				return badInput(err)
			}
			if dryRun {
				return a.readStore(func(st *store.Store) error { return a.importInventory(st, args[0], inv, true) })
			}
			return a.withStore(func(st *store.Store) error { return a.importInventory(st, args[0], inv, false) })
		},
	}
	imp.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be added, updated and left out, and write nothing")
	imp.Flags().StringVar(&sheet, "sheet", "", "read only this sheet of a workbook, or this page of a diagram")
	imp.Flags().StringArrayVar(&maps, "map", nil, "COLUMN=FIELD: read the column as one of "+inventory.FieldNames())
	cmd.AddCommand(imp)
	return cmd
}

// readInventory reads the file whole, refusing one over the size any
// inventory is before reading it.
func readInventory(path string, opt inventory.Options) (*inventory.Inventory, error) {
	f, err := openImport(path, nil)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, ok := f.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil {
			if err := inventory.CheckSize(path, fi.Size()); err != nil {
				return nil, err
			}
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, inventory.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return inventory.Parse(path, data, opt)
}

// importInventory imports inv into the session and says what it did, or,
// for a dry run, what it would do, writing nothing.
func (a *app) importInventory(st *store.Store, session string, inv *inventory.Inventory, dryRun bool) error {
	info, err := st.Resolve(session)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return badInput(err)
		}
		return err
	}
	doc, err := st.Load(info.ID)
	if err != nil {
		return err
	}
	after, o := inventory.Import(doc, inv, model.NewID)
	name := model.Printable(doc.Session.Name, false)
	switch {
	case dryRun:
		fmt.Fprintf(a.out, "Dry run of importing %s into %q: %s; nothing was written.\n", inv.File, name, o.Counts("to add", "to update"))
	case !o.Changes():
		fmt.Fprintf(a.out, "Nothing new in %s: %q already has its systems and flows.\n", inv.File, name)
	default:
		if p := model.Validate(after); len(p) > 0 {
			return fmt.Errorf("importing %s would leave %q invalid (%v); nothing was written", inv.File, name, p[0])
		}
		if err := st.Save(info.ID, inventoryChanges(doc, after, a.now())); err != nil {
			return err
		}
		fmt.Fprintf(a.out, "Imported %s into %q: %s.\n", inv.File, name, o.Counts("added", "updated"))
	}
	for _, l := range o.Lines() {
		fmt.Fprintln(a.out, model.Printable(l, false))
	}
	return nil
}

// inventoryChanges is the save of an import: the systems whole, the flows
// it added or changed, and the order when it added some.
func inventoryChanges(before, after *model.Document, now time.Time) store.Changes {
	s := after.Session
	s.UpdatedAt = now.UTC().Truncate(time.Second).Format(time.RFC3339)
	c := store.Changes{Session: &s, Systems: after.Systems}
	for i := range after.Flows {
		if i >= len(before.Flows) || !reflect.DeepEqual(before.Flows[i], after.Flows[i]) {
			c.Flows = append(c.Flows, after.Flows[i])
		}
	}
	if len(after.Flows) != len(before.Flows) {
		for _, f := range after.Flows {
			c.FlowOrder = append(c.FlowOrder, f.ID)
		}
	}
	return c
}
