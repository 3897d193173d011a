package report

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archreview/archreview/internal/testtool"
	"github.com/archreview/archreview/model"
)

// officeParts are the parts of an Office Open XML package, by name.
func officeParts(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = data
	}
	return parts
}

// officeText is the XML of every part of a package, in name order, so a
// test can look for what the file holds as it would in a text format.
func officeText(t *testing.T, b []byte) []byte {
	t.Helper()
	parts := officeParts(t, b)
	names := make([]string, 0, len(parts))
	for name := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out bytes.Buffer
	for _, name := range names {
		out.WriteString("== " + name + "\n")
		out.Write(parts[name])
		out.WriteString("\n")
	}
	return out.Bytes()
}

// impressLibrary is a file of LibreOffice's Impress, which Debian packs
// apart from the rest (libreoffice-impress-nogui): without it the slides
// do not convert.
const impressLibrary = "/usr/lib/libreoffice/program/libslideshowlo.so"

// officePDFs are the demo's Word document and slides and LibreOffice's
// PDFs of them, made once for every test that reads them: the converter
// takes seconds.
var officePDFs struct {
	once             sync.Once
	docx, pptx       []byte
	docxPDF, pptxPDF []byte
	converted        string // what soffice said
	err              error
}

// convertedDemo converts the demo's DOCX and PPTX to PDF with LibreOffice
// headless, in one run, in a profile of its own (so parallel runs and any
// user can convert), and fails the test when either does not convert.
func convertedDemo(t *testing.T) (docx, pptx, docxPDF, pptxPDF []byte) {
	t.Helper()
	soffice := testtool.Require(t, "soffice", "the Word document and the slides are opened by LibreOffice to show they are valid")
	if runtime.GOOS == "linux" {
		testtool.Require(t, impressLibrary, "LibreOffice converts the slides with its Impress")
	}
	o := &officePDFs
	o.once.Do(func() { o.docx, o.pptx, o.docxPDF, o.pptxPDF, o.converted, o.err = convertDemo(soffice) })
	if o.err != nil {
		t.Fatalf("LibreOffice did not convert the demo's Word document and slides: %v\n%s", o.err, o.converted)
	}
	return o.docx, o.pptx, o.docxPDF, o.pptxPDF
}

func convertDemo(soffice string) (docx, pptx, docxPDF, pptxPDF []byte, said string, err error) {
	dir, err := os.MkdirTemp("", "archreview-office-")
	if err != nil {
		return
	}
	defer os.RemoveAll(dir)
	e := Export(model.Demo(testNow), ExportOptions{Now: testNow})
	files := map[string][]byte{}
	var paths []string
	for _, format := range []string{FormatDOCX, FormatPPTX} {
		var b bytes.Buffer
		if err = Write(&b, e, format); err != nil {
			return
		}
		files[format] = b.Bytes()
		p := filepath.Join(dir, "demo-"+format+"."+format)
		if err = os.WriteFile(p, b.Bytes(), 0o600); err != nil {
			return
		}
		paths = append(paths, p)
	}
	out := filepath.Join(dir, "pdf")
	// A converter that hangs (a profile locked by a crashed run) fails the
	// test rather than the whole run's timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", out}, paths...)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	raw, err := cmd.CombinedOutput()
	said = string(raw)
	if err != nil {
		return
	}
	if docxPDF, err = os.ReadFile(filepath.Join(out, "demo-docx.pdf")); err != nil {
		return
	}
	if pptxPDF, err = os.ReadFile(filepath.Join(out, "demo-pptx.pdf")); err != nil {
		return
	}
	return files[FormatDOCX], files[FormatPPTX], docxPDF, pptxPDF, said, nil
}
