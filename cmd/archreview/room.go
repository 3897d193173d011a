package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/archreview/archreview/room"
	"github.com/archreview/archreview/tui"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"
)

func (a *app) roomCmd() *cobra.Command {
	var web, roomFile, sshAddr, authorized, follow string
	cmd := &cobra.Command{
		Use:   "room SESSION",
		Short: "Open the app on a session and serve it to the room as a live web view",
		Long: `Open the app on SESSION (an id or an unambiguous name) and serve a web view
that everyone in the room follows on their own screen: the facilitator's
current flow and step, the flows, the decisions asked, the risk register and
the map, each updated within a second of a change. The page shows what
presenter mode shows: no private notes, every credential redacted. Its
address carries a random token; without it there is nothing to see, and
nothing on it writes. The header shows the address, and w a QR code of it.

It listens on 127.0.0.1 on a free port unless --web names an address: give
the laptop's LAN address (or 0.0.0.0) for phones in the room. --room-file
writes the address and token as JSON (0600) for scripts, and removes the
file on exit.

--ssh ADDR serves the session over SSH as well, so a second facilitator
types with you: ssh -p PORT HOST gives each of them the app on this same
session, with their own screen, cursor, tab and undo, and every edit on
every screen within a second. A field one of you types in is held: the
other is told who is editing it. Only the keys in --authorized-keys (an
OpenSSH authorized_keys file; each key's comment is the name the others
see) may join and write; the keys in --follow-keys join read-only. Every
other key, and every password, is refused. The host key is made once
(ed25519) and kept 0600 beside the database. 127.0.0.1 unless ADDR names
another host.`,
		Args: exactArgs(1, "name the session to share, e.g. archreview room \"Spring replatform review\""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if sshAddr == "" && (authorized != "" || follow != "") {
				return badInput(errors.New("--authorized-keys and --follow-keys say who may join over SSH: give --ssh ADDR too, e.g. --ssh 127.0.0.1:2222"))
			}
			host, err := room.New(room.Options{Web: web, RoomFile: roomFile, SSH: sshAddr, AuthorizedKeys: authorized, FollowKeys: follow,
				HostKey: a.path() + ".ssh_host_ed25519_key"})
			if err != nil {
				return err
			}
			return a.runApp(args[0], host)
		},
	}
	cmd.Flags().StringVar(&web, "web", "", "the address the web view listens on (default 127.0.0.1 on a free port)")
	cmd.Flags().StringVar(&sshAddr, "ssh", "", "also serve the session over SSH on ADDR (HOST:PORT; 127.0.0.1 unless a host is given)")
	cmd.Flags().StringVar(&authorized, "authorized-keys", "", "the OpenSSH authorized_keys FILE of the keys that may join over SSH and write")
	cmd.Flags().StringVar(&follow, "follow-keys", "", "the OpenSSH authorized_keys FILE of the keys that may join over SSH read-only")
	cmd.Flags().StringVar(&roomFile, "room-file", "", "write the room's address and token to FILE as JSON (0600), removed on exit")
	return cmd
}

// runApp opens the app, on the session ref names if it is not "", and
// shares it through host at once if host is given; without one, w in a
// session starts a room on 127.0.0.1. While it runs, readers of the file
// are answered with what it saved (store.ServeReads).
func (a *app) runApp(ref string, host *room.Host) error {
	// Before anything is opened or written: with the output redirected, the
	// screen would go into the file and no key could reach the app, so it
	// would wait forever on a screen nobody sees.
	if !isTerminal(a.out) {
		return errNoTerminal
	}
	shareAtOpen := host != nil
	if host == nil {
		h, err := room.New(room.Options{})
		if err != nil {
			return err
		}
		host = h
	} else if err := host.Listen(); err != nil {
		return badInput(err)
	}
	defer host.Close()
	var extra []string
	if a.packFile != "" {
		extra = append(extra, a.packFile)
	}
	// A bad pack never stops the app from opening: it is skipped, and the
	// status line says which.
	packs, packNotices, err := loadPacks(extra...)
	if err != nil {
		return err
	}
	// A bad firm profile never stops the app either: its packs then have
	// no firm on the cover, and the status line says why.
	firm, err := loadFirm(firmProfile())
	if err != nil {
		packNotices = append(packNotices, err.Error()+"; the packs carry no firm")
		firm = nil
	}
	st, err := a.open()
	if err != nil {
		return err
	}
	var id string
	if ref != "" {
		info, err := st.Resolve(ref)
		if err != nil {
			st.Close()
			return err
		}
		id = info.ID
	}
	notices := append(st.Notices, packNotices...)
	reads, err := st.ServeReads()
	if err != nil {
		// The app works as before; only readers are refused meanwhile.
		notices = append(notices, fmt.Sprintf("list and export will wait for this app to close (%v)", err))
	}
	runErr := tui.Run(st, tui.Options{Version: thisBuild().Version, ExportDir: filepath.Join(xdg.UserDirs.Documents, "archreview"),
		Notices: notices, Packs: packs, Firm: firm, Printer: appPrinter(), Session: id, Share: host, ShareAtOpen: shareAtOpen})
	host.Close() // the room hears the end as soon as the last save is made
	reads.Stop()
	if err := st.Close(); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}
