package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/model/review"
)

// annexFormatList names the formats whose pack has an annex --annex can
// write apart: "html and markdown".
func annexFormatList() string { return review.JoinNames(report.AnnexFormats()) }

// annexSplit is the format the pack is written in and the one its annex
// is, for --annex FILE: without it, the format itself; a format whose pack
// has no annex, or an annex file that is the pack's own, is refused before
// any work.
func annexSplit(f report.Format, annex, output string) (pack, annexOnly report.Format, err error) {
	if annex == "" {
		return f, report.Format{}, nil
	}
	split, ok := report.SplitAnnex(f.Name, filepath.Base(annex))
	if !ok {
		return f, f, badInput(fmt.Errorf("--annex writes the annex of the %s pack; --format %s has none", annexFormatList(), f.Name))
	}
	if output != "" && output != "-" && filepath.Clean(output) == filepath.Clean(annex) {
		return f, f, badInput(errors.New("--annex names the file -o writes the pack to; give the annex a file of its own"))
	}
	pack, annexOnly = f, f
	pack.Write, annexOnly.Write = split.Pack, split.Annex
	return pack, annexOnly, nil
}
