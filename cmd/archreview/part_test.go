package main

import (
	"archive/zip"
	"bytes"
	"image"
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/model/report"
)

// --part picks the figure of --format svg and png; a part the table does
// not have, or a part for a format that draws no figure, is a usage error
// (exit 2, one line) that writes nothing.
func TestExportPart(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	if code, _, stderr := cli("--db", db, "demo"); code != 0 {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--format", "png", "--part", "legend"}, `archreview: "legend" is not a part of the pack to draw; use map, target, heatmap or roadmap` + "\n"},
		{[]string{"--format", "svg", "--part", ""}, ""},
		{[]string{"--format", "html", "--part", "map"}, "archreview: --part names a figure for --format svg or png; --format html writes no single figure\n"},
	} {
		out := filepath.Join(dir, "refused.out")
		args := append([]string{"--db", db, "export", "Demo", "-o", out}, c.args...)
		code, _, stderr := cli(args...)
		if c.says == "" {
			if code != 0 {
				t.Errorf("%v: exit %d, %s", c.args, code, stderr)
			}
			os.Remove(out)
			continue
		}
		if code != 2 || stderr != c.says {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.says)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: a refused export wrote %s", c.args, out)
		}
	}
	pngs := map[string][]byte{}
	for _, part := range append([]string{""}, report.Parts...) {
		out := filepath.Join(dir, "figure-"+part+".png")
		args := []string{"--db", db, "export", "Demo", "--format", "png", "-o", out}
		if part != "" {
			args = append(args, "--part", part)
		}
		if code, _, stderr := cli(args...); code != 0 {
			t.Fatalf("--part %q: exit %d, %s", part, code, stderr)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		img, kind, err := image.Decode(bytes.NewReader(raw))
		if err != nil || kind != "png" || img.Bounds().Dx() < 600 {
			t.Fatalf("--part %q: the PNG does not open as a figure: %v (%s)", part, err, kind)
		}
		pngs[part] = raw
	}
	if !bytes.Equal(pngs[""], pngs[report.PartMap]) {
		t.Error("no --part drew another figure than --part map")
	}
	if bytes.Equal(pngs[report.PartMap], pngs[report.PartHeatMap]) {
		t.Error("--part heatmap drew the map")
	}
}

// Completion of --part offers every part with what it shows; export --help
// names them.
func TestPartCompletionAndHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "review.db")
	code, stdout, stderr := cli("--db", db, "__complete", "export", "Demo", "--format", "png", "--part", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	parts := report.PictureParts()
	if len(lines) != len(parts)+1 || lines[len(lines)-1] != ":4" {
		t.Fatalf("completion offered %q; want %d parts and no file names", stdout, len(parts))
	}
	_, help, _ := cli("--db", db, "export", "--help")
	flat := strings.Join(strings.Fields(help), " ")
	for i, p := range parts {
		if lines[i] != p.Name+"\t"+p.Description {
			t.Errorf("completion %d is %q, want %s with its description", i, lines[i], p.Name)
		}
		if !strings.Contains(flat, p.Name+" ("+p.Description+")") {
			t.Errorf("export --help does not name the part %s", p.Name)
		}
	}
}

// export --stable writes the same bytes twice for the Word document and
// the deck, and each opens as its kind of file.
func TestOfficeExportsAreStable(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	if code, _, stderr := cli("--db", db, "demo"); code != 0 {
		t.Fatal(stderr)
	}
	for _, format := range []string{report.FormatDOCX, report.FormatPPTX} {
		var runs [][]byte
		for i := range 2 {
			out := filepath.Join(dir, format+strconv.Itoa(i)+report.FormatExtension[format])
			if code, _, stderr := cli("--db", db, "export", "Demo", "--stable", "--format", format, "-o", out); code != 0 {
				t.Fatalf("--format %s: exit %d, %s", format, code, stderr)
			}
			raw, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); err != nil {
				t.Fatalf("--format %s wrote no zip: %v", format, err)
			}
			runs = append(runs, raw)
		}
		if !bytes.Equal(runs[0], runs[1]) {
			t.Errorf("--format %s --stable wrote other bytes the second time", format)
		}
	}
}

// The Word document and the deck carry the firm of the profile as their
// company.
func TestOfficeExportsCarryTheFirm(t *testing.T) {
	config, db := demoWithConfigHome(t)
	writeFile(t, filepath.Join(config, "archreview", "firm.yaml"), []byte("name: Northwind Consulting\naccent: '#0f766e'\n"))
	for _, format := range []string{report.FormatDOCX, report.FormatPPTX} {
		code, stdout, stderr := cli("--db", db, "export", "Demo", "--format", format)
		if code != 0 {
			t.Fatalf("--format %s: exit %d, %s", format, code, stderr)
		}
		z, err := zip.NewReader(strings.NewReader(stdout), int64(len(stdout)))
		if err != nil {
			t.Fatalf("--format %s wrote no zip: %v", format, err)
		}
		f, err := z.Open("docProps/app.xml")
		if err != nil {
			t.Fatal(err)
		}
		app, _ := io.ReadAll(f)
		f.Close()
		if !strings.Contains(string(app), "<Company>Northwind Consulting</Company>") {
			t.Errorf("--format %s names no company: %s", format, app)
		}
	}
}
