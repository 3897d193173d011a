// Package testtool finds the programs archreview's tests run (tmux, a
// browser, Graphviz, pandoc, …) and fails a test that needs a missing one
// with one message, the same in every package: the program, why the test
// needs it, and the command that installs it here. The programs and their
// packages are the Makefile's TOOLS, which `make tools` installs, so the
// message and `make tools` never disagree.
package testtool

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Require is the path of the program name, or fails the test naming it,
// why the test needs it and how to install it. A test never skips for a
// missing program, so a green run means the whole suite ran.
// A name that is an absolute path is a file a package installs (a script
// other programs read), which has to exist.
func Require(t testing.TB, name, why string) string {
	t.Helper()
	if filepath.IsAbs(name) {
		if _, err := os.Stat(name); err == nil {
			return name
		}
	} else if p, err := exec.LookPath(name); err == nil {
		return p
	}
	t.Fatal(Missing(name, why))
	return ""
}

// Missing is the message for a program that is not installed.
func Missing(name, why string) string {
	tools, err := makefileTools()
	if err != nil {
		return fmt.Sprintf("%s is not installed, and %s; %v", name, why, err)
	}
	return message(tools, name, why, thisHost())
}

// Tool is one entry of the Makefile's TOOLS: a program (or the path of a
// file), and the Debian package and Homebrew formula that have it ("" when
// there is none: the tool is needed on Linux only).
type Tool struct {
	Name, Debian, Brew string
	// Cask says Homebrew installs it with --cask.
	Cask bool
}

// host is what decides the install command: the system, and whether it
// has apt-get or Homebrew, and whether the user is root.
type host struct {
	goos      string
	apt, brew bool
	root      bool
}

func thisHost() host {
	_, aptErr := exec.LookPath("apt-get")
	_, brewErr := exec.LookPath("brew")
	return host{goos: runtime.GOOS, apt: aptErr == nil, brew: brewErr == nil, root: os.Geteuid() == 0}
}

func message(tools []Tool, name, why string, h host) string {
	i := slices.IndexFunc(tools, func(t Tool) bool { return t.Name == name })
	if i < 0 {
		return fmt.Sprintf("%s is not installed, and %s; it is not in the Makefile's TOOLS either, so add it there with its Debian package and Homebrew formula", name, why)
	}
	return fmt.Sprintf("%s is not installed, and %s. Run make tools, or install it yourself: %s", name, why, install(tools[i], h))
}

// install is the command that installs the tool on the host.
func install(t Tool, h host) string {
	switch {
	case h.apt && t.Debian != "":
		cmd := "apt-get install -y " + t.Debian
		if !h.root {
			cmd = "sudo " + cmd
		}
		return cmd
	case (h.brew || h.goos == "darwin") && t.Brew != "":
		if t.Cask {
			return "brew install --cask " + t.Brew
		}
		return "brew install " + t.Brew
	}
	var from []string
	if t.Debian != "" {
		from = append(from, "the Debian package "+t.Debian)
	}
	if t.Brew != "" {
		from = append(from, "the Homebrew formula "+t.Brew)
	}
	return "install " + strings.Join(from, " or ") + " with your system's package manager"
}

// makefileTools reads TOOLS and BREW_CASKS from the Makefile at the root of
// the module.
func makefileTools() ([]Tool, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, errors.New("no go.mod above the test's folder, so no Makefile says how to install it")
		}
		dir = parent
	}
	raw, err := os.ReadFile(filepath.Join(dir, "Makefile"))
	if err != nil {
		return nil, fmt.Errorf("the Makefile that says how to install it cannot be read: %w", err)
	}
	return parseTools(string(raw))
}

// parseTools reads the TOOLS list (program:debian:brew, "-" for none) and
// BREW_CASKS of a Makefile.
func parseTools(makefile string) ([]Tool, error) {
	vars := makeVars(makefile)
	casks := strings.Fields(vars["BREW_CASKS"])
	var tools []Tool
	for _, entry := range strings.Fields(vars["TOOLS"]) {
		parts := strings.Split(entry, ":")
		if len(parts) != 3 || parts[0] == "" {
			return nil, fmt.Errorf("the Makefile's TOOLS entry %q is not program:debian-package:homebrew-formula", entry)
		}
		t := Tool{Name: parts[0], Debian: none(parts[1]), Brew: none(parts[2])}
		if t.Debian == "" && t.Brew == "" {
			return nil, fmt.Errorf("the Makefile's TOOLS entry %q names no package that has it", entry)
		}
		t.Cask = t.Brew != "" && slices.Contains(casks, t.Brew)
		tools = append(tools, t)
	}
	if len(tools) == 0 {
		return nil, errors.New("the Makefile has no TOOLS list")
	}
	return tools, nil
}

func none(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// makeVars is the simple `NAME := value` assignments of a Makefile, with
// their continuation lines joined.
func makeVars(makefile string) map[string]string {
	vars := map[string]string{}
	lines := strings.Split(makefile, "\n")
	for i := 0; i < len(lines); i++ {
		name, value, ok := strings.Cut(lines[i], ":=")
		if !ok || strings.ContainsAny(name, "\t$#") {
			continue
		}
		for strings.HasSuffix(value, `\`) && i+1 < len(lines) {
			i++
			value = strings.TrimSuffix(value, `\`) + " " + lines[i]
		}
		vars[strings.TrimSpace(name)] = strings.TrimSpace(value)
	}
	return vars
}
