package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/pack"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/store/atomicfile"

	"github.com/spf13/cobra"
)

// exportAllFlags are the export command's options that --all reads.
type exportAllFlags struct {
	format          report.Format
	dir             string
	private, stable bool
}

// exportAll is `archreview export --all -o DIR`: every session that still
// reads is written to DIR as its own JSON export, the one `export SESSION`
// writes, so the sessions of a file with a damaged one (or of any file)
// can be imported elsewhere. It only reads the database, never writing a
// byte to it, so it works on a damaged file and on a read-only one; it
// names on stderr each session it could not read and then exits 1.
func (a *app) exportAll(cmd *cobra.Command, args []string, f exportAllFlags) error {
	switch {
	case len(args) > 0:
		return errors.New("export --all writes every session; give no SESSION with it")
	case f.format.Name != report.FormatJSON:
		return errors.New("export --all writes JSON exports only; leave out --format, or export one session at a time in another format")
	case f.dir == "" || f.dir == "-":
		return errors.New("export --all writes one file per session; name their folder with -o DIR")
	}
	defer debug.SetMemoryLimit(exportMemoryLimit())
	return a.readStore(func(st *store.Store) error {
		list, err := st.List()
		if err != nil {
			return err
		}
		// The packs are read once, and a pack that cannot be read is
		// reported once, not once a session.
		packs, notices, err := loadPacks()
		if err != nil {
			return err
		}
		a.warn(notices)
		if err := os.MkdirAll(f.dir, 0o700); err != nil {
			return fmt.Errorf("cannot create the folder %s: %w", f.dir, err)
		}
		// A stop signal ends the write under way cleanly (its temp file
		// goes) and stops there; the files already written stay.
		ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
		defer stop()
		unread := 0
		for _, info := range list {
			path, err := a.exportSessionFile(ctx, st, packs, info, f)
			var damaged *store.DamagedError
			switch {
			case ctx.Err() != nil:
				return fmt.Errorf("export --all stopped; the files printed above are written, in %s", f.dir)
			case errors.As(err, &damaged):
				unread++
				fmt.Fprintf(a.errOut, "archreview: session %s is damaged and cannot be read; it was not exported\n", model.Printable(damaged.Label(), false))
			case err != nil:
				return err
			default:
				fmt.Fprintln(a.out, path)
			}
		}
		if unread > 0 {
			return &exitError{code: 1, err: fmt.Errorf("%d of %d sessions written to %s; the %d named above could not be read",
				len(list)-unread, len(list), f.dir, unread)}
		}
		return nil
	})
}

// exportSessionFile writes one session's JSON export into the folder and
// returns its path; a session that cannot be read is a *store.DamagedError.
func (a *app) exportSessionFile(ctx context.Context, st *store.Store, packs *pack.Library, info store.SessionInfo, f exportAllFlags) (string, error) {
	if info.Damaged != nil {
		return "", info.Damaged
	}
	doc, err := st.Load(info.ID)
	if err != nil {
		return "", err
	}
	// The summary applies the session's pack's rule settings.
	p, notice := packs.ForSession(doc.Pack)
	if notice != "" {
		a.warn([]string{notice})
	}
	opts := report.ExportOptions{IncludePrivate: f.private, Now: a.now(), Rules: p.Rules}
	// Made as export SESSION makes it, though the JSON carries no changes
	// since the previous review.
	if opts.Previous, err = previousReview(st, doc); err != nil {
		return "", err
	}
	if f.stable {
		opts.Now = stableTime(doc)
	}
	path := filepath.Join(f.dir, exportFileName(doc.Session))
	if err := st.Protects(path); err != nil {
		return "", err
	}
	exp := report.ExportOwned(doc, opts)
	err = atomicfile.WriteFunc(ctx, path, func(w io.Writer) error {
		return report.Write(w, exp, report.FormatJSON)
	})
	return path, err
}

// exportFileName is the file of one session in export --all's folder: its
// name made safe for any file system, then its id, so two sessions of one
// name never share a file: race-17-01J….archreview.json.
func exportFileName(s model.Session) string {
	id := s.ID
	if !model.ValidID(id) {
		id = report.FileStem(id)
	}
	return report.FileStem(s.Name) + "-" + id + ".archreview.json"
}
