//go:build unix

package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sshKey makes an ed25519 key pair named name in dir, the comment its
// holder's name, and returns the private key's path.
func sshKey(t *testing.T, dir, name, holder string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", holder, "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	return path
}

// sshArgs join the room's SSH address with key, trusting any host key.
func sshArgs(port, key string) []string {
	return []string{"-p", port, "-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-t", "127.0.0.1"}
}

// window opens another window in a's tmux server running command, left in
// the background so a keeps its window; the result drives the new one.
func (a *tuiApp) window(name, command string) *tuiApp {
	a.t.Helper()
	a.mustTmux("new-window", "-d", "-t", "app", "-n", name, command)
	w := *a
	w.target = "app:" + name
	return &w
}

// sshRoom starts archreview room on the fixture with --ssh on a free
// loopback port, Ana's key authorised, and returns the host, the room's
// port, the database and Ana's private key.
func sshRoom(t *testing.T) (host *tuiApp, port, db, ana string) {
	t.Helper()
	requireTool(t, "ssh", "a guest joins the room with the OpenSSH client")
	requireTool(t, "ssh-keygen", "the SSH test makes its keys with ssh-keygen")
	db = fixtureDB(t)
	dir := t.TempDir()
	ana = sshKey(t, dir, "ana", "Ana")
	pub, err := os.ReadFile(ana + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	auth := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(auth, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "room.json")
	host = startIn(t, "exec env ARCHREVIEW_THEME=dark "+shellQuote(binary)+" --db "+shellQuote(db)+" room 'Keystroke review' --ssh 127.0.0.1:0 --authorized-keys "+
		shellQuote(auth)+" --room-file "+shellQuote(file), 100, 30)
	rf := waitRoomFile(t, file)
	m := regexp.MustCompile(`^ssh -p (\d+) 127\.0\.0\.1$`).FindStringSubmatch(rf.SSH)
	if m == nil {
		t.Fatalf("the room file's ssh is %q, want ssh -p PORT 127.0.0.1", rf.SSH)
	}
	host.waitFor(rf.SSH, appWait)
	t.Cleanup(func() {
		if _, err := os.Stat(file); !os.IsNotExist(err) && !t.Failed() {
			t.Errorf("the room file is still there after the host closed: %v", err)
		}
	})
	return host, m[1], db, ana
}

// guestWindow joins the room at port with key in a window of host's tmux.
// Not exec'd: tmux may drop what a pane's program wrote just before it
// ended, and the guest's last line is what the tests read.
func guestWindow(host *tuiApp, port, key string) *tuiApp {
	var quoted []string
	for _, a := range sshArgs(port, key) {
		quoted = append(quoted, shellQuote(a))
	}
	return host.window("guest", "ssh "+strings.Join(quoted, " ")+"; sleep 10")
}

// A second facilitator joins over SSH with their own key: what they type
// is on the host's screen within a second; a key the host does not trust
// is refused; both typing into one field lose nothing, since the second
// is told who holds it; closing the host tells them the session ended.
func TestSecondFacilitatorOverSSH(t *testing.T) {
	host, port, db, ana := sshRoom(t)
	eve := sshKey(t, t.TempDir(), "eve", "Eve")
	if fi, err := os.Stat(db + ".ssh_host_ed25519_key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the host key beside the database: %v %v", fi, err)
	}

	// A key not in --authorized-keys is refused before any app starts.
	out, err := exec.Command("ssh", sshArgs(port, eve)...).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Fatalf("an unauthorised key was let in (%v): %s", err, out)
	}

	guest := guestWindow(host, port, ana)
	guest.waitFor("You share this session with the host", appWait)
	guest.sendKeys("Enter")
	guest.waitFor("[1 Source", appWait)
	host.sendKeys("Enter")
	host.waitFor("[1 Source", appWait)

	// What the guest types is on the host's screen within a second.
	guest.editField("Notes")
	guest.typeText("typed over ssh")
	start := time.Now()
	host.waitFor("typed over ssh", appWait)
	if took := time.Since(start); took > time.Second {
		t.Errorf("the host saw the guest's text after %s, want within a second", took.Round(time.Millisecond))
	}
	guest.sendKeys("Escape")
	guest.waitFor("enter edit", appWait)

	// Both in the same field: the host holds it, the guest is told so and
	// nothing either typed is lost.
	host.editField("Data quality")
	host.typeText("HOSTWORDS")
	host.waitFor("HOSTWORDS", appWait)
	guest.waitFor("HOSTWORDS", appWait)
	guest.moveTo("Data quality", true)
	guest.sendKeys("Enter")
	guest.waitFor("esc stop editing", appWait)
	guest.typeText("x")
	guest.waitFor("The host is editing this", appWait)
	host.typeText(" and more")
	host.sendKeys("Escape")
	host.waitFor("enter edit", appWait)
	guest.waitFor("HOSTWORDS and more", appWait)
	guest.editField("Data quality") // the cursor is on it still
	guest.typeText(" then GUESTWORDS")
	guest.sendKeys("Escape")
	screen := host.waitFor("HOSTWORDS and more then GUESTWORDS", appWait)
	if strings.Contains(screen, "HOSTWORDSx") || strings.Contains(screen, "morex") {
		t.Fatalf("the refused key reached the field:\n%s", screen)
	}

	// Closing the host saves, tells the guest and ends within a second.
	pid := host.pid()
	host.sendKeys("C-c")
	guest.waitFor("The session has ended.", appWait)
	waitGone(t, pid, time.Second, "ctrl+c with a guest over SSH")
	saved := mustRun(t, db, nil, "export", "Keystroke review", "--format", "json")
	for _, want := range []string{"typed over ssh", "HOSTWORDS and more then GUESTWORDS"} {
		if !strings.Contains(saved, want) {
			t.Errorf("the saved session lacks %q", want)
		}
	}
}

// A room whose SSH cannot start says why in one line and opens nothing:
// keys without --ssh, and a port another program has.
func TestSSHSetupRefusedInOneLine(t *testing.T) {
	requireTool(t, "ssh-keygen", "the SSH test makes its keys with ssh-keygen")
	db := fixtureDB(t)
	dir := t.TempDir()
	pub, err := os.ReadFile(sshKey(t, dir, "ana", "Ana") + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	auth := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(auth, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, db, nil, "room", "Keystroke review", "--authorized-keys", auth)
	oneLineError(t, "--authorized-keys without --ssh", stderr, code)
	if !strings.Contains(stderr, "give --ssh ADDR too") {
		t.Errorf("keys without --ssh: %q", stderr)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	// Not exec'd, so tmux keeps the line the app wrote as it ended.
	app := startIn(t, "env ARCHREVIEW_THEME=dark "+shellQuote(binary)+" --db "+shellQuote(db)+" room 'Keystroke review' --ssh "+addr+" --authorized-keys "+shellQuote(auth)+"; echo exit $?; sleep 10", 100, 30)
	screen := app.waitFor("exit 2", appWait)
	if !strings.Contains(screen, "archreview: "+addr+" is in use by another program; give --ssh another port") {
		t.Fatalf("a port in use:\n%s", screen)
	}
}

// SIGHUP and SIGTERM end a room with a guest as ctrl+c does: the guest is
// told, the host gone within a second.
func TestStopSignalsEndTheSSHGuests(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			host, port, _, ana := sshRoom(t)
			guest := guestWindow(host, port, ana)
			guest.waitFor("You share this session with the host", appWait)
			pid := host.pid()
			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			waitGone(t, pid, time.Second, sig.String()+" with a guest over SSH")
			guest.waitFor("The session has ended.", appWait)
		})
	}
}
