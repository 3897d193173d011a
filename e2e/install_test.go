//go:build linux

package e2e

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// versionLine is what archreview --version prints:
// archreview VERSION (commit SHORT, date DATE; …).
var versionLine = regexp.MustCompile(`^archreview (\S+) \(commit ([0-9a-f]{12})(\+modified)?, date (\S+); `)

// checkout is the commit the module's folder is at and that commit's date
// in UTC, as git says.
func checkout(t *testing.T, root string) (commit, date string) {
	t.Helper()
	git := requireTool(t, "git", "the build is checked against the commit it was made from")
	out, err := exec.Command(git, "-C", root, "log", "-1", "--format=%H %cI").Output()
	if err != nil {
		t.Fatalf("the module at %s is not a git checkout with a commit (%v); these tests check what a build of one says", root, err)
	}
	commit, iso, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	at, err := time.Parse(time.RFC3339, iso)
	if err != nil {
		t.Fatalf("git gave the commit date %q: %v", iso, err)
	}
	return commit, at.UTC().Format(time.RFC3339)
}

// checkVersion runs bin --version and checks it names the commit and its
// date, and a version other than dev.
func checkVersion(t *testing.T, bin, commit, date string) string {
	t.Helper()
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", bin, err, out)
	}
	m := versionLine.FindStringSubmatch(string(out))
	if m == nil || strings.Count(string(out), "\n") != 1 {
		t.Fatalf("%s --version printed %q, want one line: archreview VERSION (commit SHORT, date DATE; …)", bin, out)
	}
	if m[1] == "dev" || !strings.HasPrefix(m[1], "v") {
		t.Errorf("--version says the version %q, want a tag or a pseudo-version", m[1])
	}
	if m[2] != commit[:12] {
		t.Errorf("--version says commit %s, the checkout is at %s", m[2], commit)
	}
	if m[4] != date {
		t.Errorf("--version says date %s, the commit's is %s", m[4], date)
	}
	return m[1]
}

// `go install ./cmd/archreview` into an empty GOBIN gives a binary that
// says its version, commit and date, read from what Go stamps in it. Go
// stamps only a checkout whose .git is a folder (not a git worktree's
// file), so the test builds a copy of the tree committed and tagged in a
// repository of its own.
func TestGoInstallSaysVersionCommitAndDate(t *testing.T) {
	t.Parallel()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	git := requireTool(t, "git", "the tree is built from a git checkout, as go install builds it")
	src := copyTree(t, git, root)
	const when = "2026-03-14T09:30:00Z"
	gitIn := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(git, append([]string{"-C", src, "-c", "user.name=archreview test", "-c", "user.email=test@archreview.invalid", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+when, "GIT_AUTHOR_DATE="+when)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	gitIn("init", "-q")
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "the tree under test")
	gitIn("tag", "v0.9.0")
	commit := gitIn("rev-parse", "HEAD")

	gobin := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, "go", "install", "./cmd/archreview")
	install.Dir = src
	// GOFLAGS may turn VCS stamping off (-buildvcs=false); the last word wins.
	install.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -buildvcs=true"))
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install ./cmd/archreview: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(gobin)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "archreview" {
		t.Fatalf("GOBIN holds %v, want archreview alone", entries)
	}
	if v := checkVersion(t, filepath.Join(gobin, "archreview"), commit, when); v != "v0.9.0" {
		t.Errorf("a build of the commit tagged v0.9.0 says the version %s", v)
	}
}

// copyTree copies the files of the checkout at root that git would keep
// (committed, or new and not ignored) into a new folder.
func copyTree(t *testing.T, git, root string) string {
	t.Helper()
	out, err := exec.Command(git, "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files in %s: %v", root, err)
	}
	dst := filepath.Join(t.TempDir(), "archreview")
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		from := filepath.Join(root, name)
		fi, err := os.Lstat(from)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the work tree, not yet in git
		}
		if err != nil {
			t.Fatal(err)
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// `make dist` builds a .deb and a Linux archive with checksums.txt; the
// .deb installs (dpkg -i as root, unpacked into a folder otherwise), and
// from it archreview --version, man archreview and bash completion work.
func TestDistPackageInstallsAndWorks(t *testing.T) {
	t.Parallel()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	commit, date := checkout(t, root)
	makeBin := requireTool(t, "make", "make dist builds the package")
	dist := filepath.Join(t.TempDir(), "dist")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, makeBin, "--no-print-directory", "-C", root, "dist", "DIST="+dist)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make dist: %v\n%s", err, out)
	}

	debs, _ := filepath.Glob(filepath.Join(dist, "*.deb"))
	archives, _ := filepath.Glob(filepath.Join(dist, "*_linux_*.tar.gz"))
	if len(debs) != 1 || len(archives) != 1 {
		t.Fatalf("dist holds %d .deb and %d archives, want one of each", len(debs), len(archives))
	}
	checkSums(t, dist, append(debs, archives...))

	prefix, installed := installDeb(t, debs[0])
	bin := filepath.Join(prefix, "usr", "bin", "archreview")
	version := checkVersion(t, bin, commit, date)
	if !strings.Contains(filepath.Base(archives[0]), "_"+strings.TrimPrefix(version, "v")+"_linux_") {
		t.Errorf("the archive %s is not named after the version %s", filepath.Base(archives[0]), version)
	}
	checkMan(t, prefix, installed)
	checkBashCompletion(t, bin, filepath.Join(prefix, "usr", "share", "bash-completion", "completions", "archreview"))
	for _, f := range []string{"usr/share/zsh/vendor-completions/_archreview", "usr/share/fish/vendor_completions.d/archreview.fish"} {
		if fi, err := os.Stat(filepath.Join(prefix, f)); err != nil || fi.Size() == 0 {
			t.Errorf("the package has no /%s: %v", f, err)
		}
	}
	checkArchive(t, archives[0], sha256File(t, bin))
}

// checkSums reads checksums.txt: one "HASH  NAME" line per file built,
// each hash that file's.
func checkSums(t *testing.T, dist string, built []string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("checksums.txt line %q is not HASH  NAME", line)
		}
		listed = append(listed, name)
		if got := sha256File(t, filepath.Join(dist, name)); got != sum {
			t.Errorf("checksums.txt says %s for %s, the file's is %s", sum, name, got)
		}
	}
	var want []string
	for _, f := range built {
		want = append(want, filepath.Base(f))
	}
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("checksums.txt lists %v, dist built %v", listed, want)
	}
}

// installDeb installs the package with dpkg -i when the test runs as root
// on a machine where archreview is not installed already (and removes it
// when the test ends), else unpacks it into a folder. It returns the root
// the package's files are under.
func installDeb(t *testing.T, deb string) (prefix string, installed bool) {
	t.Helper()
	dpkgDeb := requireTool(t, "dpkg-deb", "the package is unpacked and checked")
	if os.Geteuid() == 0 {
		if dpkg, err := exec.LookPath("dpkg"); err == nil && exec.Command("dpkg-query", "-W", "archreview").Run() != nil {
			if out, err := exec.Command(dpkg, "-i", deb).CombinedOutput(); err != nil {
				t.Fatalf("dpkg -i %s: %v\n%s", filepath.Base(deb), err, out)
			}
			t.Cleanup(func() {
				if out, err := exec.Command(dpkg, "--purge", "archreview").CombinedOutput(); err != nil {
					t.Errorf("dpkg --purge archreview: %v\n%s", err, out)
				}
			})
			return "/", true
		}
		t.Log("archreview is installed on this machine already: the package is unpacked into a folder instead of installed over it")
	}
	dir := t.TempDir()
	if out, err := exec.Command(dpkgDeb, "-x", deb, dir).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	return dir, false
}

// checkMan finds the package's manual page as man does, by name, and reads
// it.
func checkMan(t *testing.T, prefix string, installed bool) {
	t.Helper()
	man := requireTool(t, "man", "the packaged manual page is read with man archreview")
	env := append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=100", "LANG=C.UTF-8")
	if !installed {
		env = append(env, "MANPATH="+filepath.Join(prefix, "usr", "share", "man"))
	}
	where := exec.Command(man, "-w", "archreview")
	where.Env = env
	out, err := where.CombinedOutput()
	want := filepath.Join(prefix, "usr", "share", "man", "man1", "archreview.1.gz")
	if err != nil || strings.TrimSpace(string(out)) != want {
		t.Fatalf("man -w archreview = %q (%v), want the package's %s", out, err, want)
	}
	read := exec.Command(man, "archreview")
	read.Env = env
	out, err = read.CombinedOutput()
	if err != nil {
		t.Fatalf("man archreview: %v\n%s", err, out)
	}
	for _, s := range []string{"NAME", "archreview - Run a commerce", "COMMANDS", "archreview export SESSION", "KEYS", "ENVIRONMENT", "ARCHREVIEW_DB"} {
		if !strings.Contains(string(out), s) {
			t.Errorf("man archreview shows no %q", s)
		}
	}
}

// checkBashCompletion loads the packaged completion into bash and asks it
// to complete a command and a flag, as pressing tab does.
func checkBashCompletion(t *testing.T, bin, script string) {
	t.Helper()
	bash := requireTool(t, "bash", "the packaged bash completion is loaded into bash")
	// The completion needs bash-completion's helpers, as in a user's shell.
	helpers := requireTool(t, "/usr/share/bash-completion/bash_completion", "the packaged bash completion runs on its helpers")
	complete := func(line string) []string {
		t.Helper()
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, shellQuote(w))
		}
		prog := `source ` + shellQuote(helpers) + `
source ` + shellQuote(script) + `
COMP_WORDS=(` + strings.Join(quoted, " ") + `)
COMP_CWORD=` + strconv.Itoa(len(words)-1) + `
COMP_LINE=` + shellQuote(line) + `
COMP_POINT=${#COMP_LINE}
__start_archreview
printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
		cmd.Env = append(cleanEnv(t), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash completion of %q: %v\n%s", line, err, out)
		}
		return strings.Fields(string(out))
	}
	if got := complete("archreview exp"); !slices.Contains(got, "export") {
		t.Errorf("tab after \"archreview exp\" offers %v, want export", got)
	}
	if got := complete("archreview export --for"); !slices.Contains(got, "--format") {
		t.Errorf("tab after \"archreview export --for\" offers %v, want --format", got)
	}
}

// checkArchive reads the Linux archive: the same binary as the package,
// the README, the manual page and the completions.
func checkArchive(t *testing.T, archive, binSum string) {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(z)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(h.Name, "./")
		if h.Typeflag != tar.TypeReg {
			continue
		}
		names = append(names, name)
		if name == "archreview" {
			tmp := filepath.Join(t.TempDir(), "archreview")
			out, err := os.Create(tmp)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(out, tr); err != nil {
				t.Fatal(err)
			}
			out.Close()
			if got := sha256File(t, tmp); got != binSum {
				t.Errorf("the archive's binary is not the package's")
			}
		}
	}
	slices.Sort(names)
	want := []string{"README.md", "archreview", "completions/archreview.bash", "completions/archreview.fish", "completions/archreview.zsh", "manpages/archreview.1.gz"}
	if !slices.Equal(names, want) {
		t.Errorf("the archive holds %v, want %v", names, want)
	}
}
