package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/archreview/archreview/model/report"

	"github.com/adrg/xdg"
)

// firmProfile is where the consultancy's profile lives.
func firmProfile() string { return filepath.Join(xdg.ConfigHome, "archreview", "firm.yaml") }

// coverFormats are the exports with a cover, which carry the firm's name,
// logo and colour, and the workbook, the Word document and the deck,
// whose properties name the firm; the
// others do not read the profile, so a broken one never stops a JSON or
// CSV export.
var coverFormats = map[string]bool{report.FormatHTML: true, report.FormatPDF: true, report.FormatMarkdown: true, report.FormatXLSX: true,
	report.FormatDOCX: true, report.FormatPPTX: true}

// loadFirm reads the firm profile at path and the logo it names (a
// relative path is from the profile's folder). No profile is no firm: nil
// and no error. A profile or logo that cannot be used is an error naming
// the file and what is wrong with it.
func loadFirm(path string) (*report.Firm, error) {
	data, err := readAtMost(path, report.MaxFirmBytes)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("cannot read the firm profile %s: %w", path, err)
	}
	f, err := report.ParseFirm(data)
	if err != nil {
		return nil, fmt.Errorf("the firm profile %s: %w", path, err)
	}
	if f.Logo != "" {
		logo := f.Logo
		if !filepath.IsAbs(logo) {
			logo = filepath.Join(filepath.Dir(path), logo)
		}
		data, err := readAtMost(logo, report.MaxLogoBytes)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("the firm profile %s names the logo %s, which does not exist", path, logo)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read the logo %s the firm profile %s names: %w", logo, path, err)
		}
		if err := f.ReadLogo(data); err != nil {
			return nil, fmt.Errorf("the firm profile %s: %w", path, err)
		}
	}
	return &f, nil
}

// readAtMost reads a regular file, never more than limit bytes and one:
// enough for the reader to see it is too large.
func readAtMost(path string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, pe.Err // the caller names the file
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, errors.New("it is not a file")
	}
	return io.ReadAll(io.LimitReader(f, int64(limit)+1))
}
