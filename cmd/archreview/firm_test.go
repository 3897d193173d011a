package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
)

var (
	testPNG = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 24)...)
	testSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>`)
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFirm(t *testing.T) {
	dir := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "brand.png")
	writeFile(t, filepath.Join(dir, "logo.svg"), testSVG)
	writeFile(t, filepath.Join(dir, "fake.png"), testSVG)
	writeFile(t, elsewhere, testPNG)
	cases := []struct {
		name, profile string // profile "" writes no file
		logoType      string
		err           string
	}{
		{"no profile", "", "", ""},
		{"a logo beside the profile", "name: Northwind Advisory\nlogo: logo.svg\naccent: '#1f4e79'\n", "image/svg+xml", ""},
		{"a logo elsewhere", "name: Northwind\nlogo: " + elsewhere + "\n", "image/png", ""},
		{"no logo", "name: Northwind\n", "", ""},
		{"a logo that is not there", "logo: missing.png\n", "", "names the logo " + filepath.Join(dir, "missing.png") + ", which does not exist"},
		{"a logo that is not what it says", "logo: fake.png\n", "", "is not a PNG image"},
		{"a colour that is not one", "accent: navy\n", "", `the firm profile ` + filepath.Join(dir, "firm.yaml") + `: accent "navy" is not a colour`},
		{"an unknown key", "name: N\nslogan: We fix it\n", "", "line 2: unknown key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "firm.yaml")
			os.Remove(path)
			if c.profile != "" {
				writeFile(t, path, []byte(c.profile))
			}
			f, err := loadFirm(path)
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("got %v, want %q", err, c.err)
			case c.err != "":
				return
			case c.profile == "" && f != nil:
				t.Fatalf("no profile gave %+v", f)
			case c.profile != "" && (f == nil || f.LogoType != c.logoType || (c.logoType != "") != (len(f.LogoData) > 0)):
				t.Fatalf("read %+v, want a logo of type %q", f, c.logoType)
			}
		})
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := loadFirm(filepath.Join(dir, "folder.yaml")); err == nil || !strings.Contains(err.Error(), "it is not a file") {
		t.Errorf("a folder for a profile: %v", err)
	}
}

// The formats with a cover read the firm profile, and a broken one stops
// them with one line naming it; the others never read it.
func TestExportReadsTheFirmProfileForACover(t *testing.T) {
	config, db := demoWithConfigHome(t)
	profile := filepath.Join(config, "archreview", "firm.yaml")
	writeFile(t, profile, []byte("name: Northwind\naccent: teal\n"))
	for _, format := range []string{"html", "markdown", "docx", "pptx"} {
		code, _, stderr := cli("--db", db, "export", "Demo", "--format", format)
		if code == 0 || !strings.HasPrefix(stderr, "archreview: the firm profile "+profile+": accent \"teal\"") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("--format %s with a broken profile: exit %d, %q", format, code, stderr)
		}
	}
	for _, format := range []string{"json", "csv"} {
		if code, _, stderr := cli("--db", db, "export", "Demo", "--format", format); code != 0 {
			t.Errorf("--format %s read the profile: exit %d, %s", format, code, stderr)
		}
	}
	writeFile(t, profile, []byte("name: Northwind\naccent: '#0f766e'\n"))
	if code, _, stderr := cli("--db", db, "export", "Demo", "--format", "html"); code != 0 {
		t.Errorf("--format html with a good profile: exit %d, %s", code, stderr)
	}
}

// demoWithConfigHome gives the test a config folder of its own (where the
// firm profile is read from) and a database holding the demo.
func demoWithConfigHome(t *testing.T) (config, db string) {
	t.Helper()
	t.Cleanup(xdg.Reload) // runs after XDG_CONFIG_HOME is restored
	config = t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	xdg.Reload()
	db = filepath.Join(t.TempDir(), "review.db")
	if code, _, stderr := cli("--db", db, "demo"); code != 0 {
		t.Fatal(stderr)
	}
	return config, db
}
