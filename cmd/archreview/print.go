package main

import (
	"context"
	"io"
	"os/signal"
	"syscall"

	"github.com/archreview/archreview/internal/pdf"
	"github.com/archreview/archreview/model/report"

	"github.com/spf13/cobra"
)

// printerFor is the printer a printed format (pdf) needs: the Chromium or
// Chrome found on this laptop, looked for before the database is opened,
// so that a laptop without one hears what to install (exit 1: the command
// was right, the laptop lacks a program) and nothing is written. Other
// formats need none.
func printerFor(cmd *cobra.Command, f report.Format) (report.Printer, error) {
	if !f.Printed {
		return nil, nil
	}
	browser, err := pdf.FindBrowser()
	if err != nil {
		return nil, err
	}
	return func(w io.Writer, html []byte) error {
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		// A stop signal ends the browser too; the export's file is then
		// left as it was.
		ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
		defer stop()
		return pdf.Print(ctx, browser, html, w)
	}, nil
}

// appPrinter is the printer the app's export prints its PDF with: the
// browser found on this laptop, or nil when there is none (the export then
// writes every other file and says why the PDF is missing).
func appPrinter() report.Printer {
	browser, err := pdf.FindBrowser()
	if err != nil {
		return nil
	}
	return func(w io.Writer, html []byte) error {
		return pdf.Print(context.Background(), browser, html, w)
	}
}
