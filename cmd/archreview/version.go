package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"
)

// version, commit and date are set by the Makefile and by release builds:
//
//	-ldflags "-X main.version=v1.2.0 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// A binary built by `go install` or `go build` leaves them empty and reads
// the same facts from the build information Go stamps in it.
var (
	version string
	commit  string
	date    string
)

// build is what a binary knows of its own making.
type build struct {
	Version string // a tag, a pseudo-version, or "dev"
	Commit  string // the full commit hash, or ""
	Date    string // when that commit was made, RFC 3339 in UTC, or ""
	// Modified says the tree had uncommitted changes when it was built.
	Modified bool
}

// thisBuild is the running binary's build.
func thisBuild() build {
	info, _ := debug.ReadBuildInfo()
	return buildFrom(version, commit, date, info)
}

// buildFrom prefers what the linker was told and fills what it was not
// told from Go's build information: the main module's version, and the
// vcs.revision, vcs.time and vcs.modified settings.
func buildFrom(ldVersion, ldCommit, ldDate string, info *debug.BuildInfo) build {
	b := build{Version: ldVersion, Commit: ldCommit, Date: ldDate}
	if info != nil {
		var revision, at string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				if b.Commit == "" {
					b.Modified = s.Value == "true"
				}
			}
		}
		if b.Version == "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		if b.Commit == "" {
			b.Commit = revision
		}
		if b.Date == "" {
			b.Date = at
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if t, err := time.Parse(time.RFC3339, b.Date); err == nil {
		b.Date = t.UTC().Format(time.RFC3339)
	}
	return b
}

// shortCommit is the commit as people quote it: 12 hex digits, and
// "+modified" when the tree had changes.
func (b build) shortCommit() string {
	c := b.Commit
	if c == "" {
		return "unknown"
	}
	if len(c) > 12 {
		c = c[:12]
	}
	if b.Modified {
		c += "+modified"
	}
	return c
}

// String is the one line `archreview version` and `--version` print.
func (b build) String() string {
	d := b.Date
	if d == "" {
		d = "unknown"
	}
	return fmt.Sprintf("archreview %s (commit %s, date %s; export schema %s, database schema %d)",
		b.Version, b.shortCommit(), d, model.SchemaID, store.CurrentSchema())
}

// manDate is the date a manual page carries: the day of the commit, so the
// page built twice from one commit is the same.
func (b build) manDate() string {
	d, _, _ := strings.Cut(b.Date, "T")
	return d
}
