package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildFrom(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	stamped := func(version string, settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "archreview", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	vcs := stamped("v0.0.0-20260314093000-0123456789ab", "vcs", "git", "vcs.revision", sha, "vcs.time", "2026-03-14T09:30:00Z", "vcs.modified", "false")
	cases := []struct {
		name                string
		ldV, ldC, ldD       string
		info                *debug.BuildInfo
		want                build
		short, dateInString string
	}{
		{"the linker's word wins", "v1.2.0", sha, "2026-03-01T08:00:00Z", vcs,
			build{Version: "v1.2.0", Commit: sha, Date: "2026-03-01T08:00:00Z"}, "0123456789ab", "2026-03-01T08:00:00Z"},
		{"go install of a tagged module", "", "", "", stamped("v1.3.0", "vcs.revision", sha, "vcs.time", "2026-03-14T09:30:00Z"),
			build{Version: "v1.3.0", Commit: sha, Date: "2026-03-14T09:30:00Z"}, "0123456789ab", "2026-03-14T09:30:00Z"},
		{"go build in a checkout", "", "", "", vcs,
			build{Version: "v0.0.0-20260314093000-0123456789ab", Commit: sha, Date: "2026-03-14T09:30:00Z"}, "0123456789ab", "2026-03-14T09:30:00Z"},
		{"a tree with changes", "", "", "", stamped("(devel)", "vcs.revision", sha, "vcs.time", "2026-03-14T09:30:00Z", "vcs.modified", "true"),
			build{Version: "dev", Commit: sha, Date: "2026-03-14T09:30:00Z", Modified: true}, "0123456789ab+modified", "2026-03-14T09:30:00Z"},
		{"a date in another zone reads in UTC", "", "", "", stamped("(devel)", "vcs.revision", "abc", "vcs.time", "2026-03-14T10:30:00+01:00"),
			build{Version: "dev", Commit: "abc", Date: "2026-03-14T09:30:00Z"}, "abc", "2026-03-14T09:30:00Z"},
		{"only a version from the linker", "v2.0.0", "", "", vcs,
			build{Version: "v2.0.0", Commit: sha, Date: "2026-03-14T09:30:00Z"}, "0123456789ab", "2026-03-14T09:30:00Z"},
		{"a build with nothing stamped", "", "", "", stamped("(devel)"),
			build{Version: "dev"}, "unknown", "date unknown"},
		{"no build information at all", "", "", "", nil,
			build{Version: "dev"}, "unknown", "date unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := buildFrom(c.ldV, c.ldC, c.ldD, c.info)
			if got != c.want {
				t.Fatalf("buildFrom = %+v, want %+v", got, c.want)
			}
			if s := got.shortCommit(); s != c.short {
				t.Errorf("shortCommit = %q, want %q", s, c.short)
			}
			line := got.String()
			for _, want := range []string{"archreview " + c.want.Version + " ", "commit " + c.short, c.dateInString} {
				if !strings.Contains(line, want) {
					t.Errorf("version line %q does not say %q", line, want)
				}
			}
		})
	}
}

// `archreview version` and `archreview --version` print the same one line.
func TestVersionCommandAndFlagAgree(t *testing.T) {
	var lines []string
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 {
			t.Fatalf("archreview %s exited %d: %s", args[0], code, errOut.String())
		}
		lines = append(lines, out.String())
	}
	want := thisBuild().String() + "\n"
	for i, l := range lines {
		if l != want {
			t.Errorf("line %d = %q, want %q", i, l, want)
		}
	}
}
