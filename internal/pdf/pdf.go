// Package pdf prints the HTML decision pack to a PDF through a Chromium or
// Google Chrome installed on the laptop, headless and offline. The pack
// carries its own page size, margins, header and footer in its print
// stylesheet; the browser adds none of its own (no date, no file address).
package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoBrowser is the one line said when no Chromium or Chrome is found:
// what to install, and how to get a PDF without one.
var ErrNoBrowser = errors.New("printing a PDF needs Chromium or Google Chrome; install one (apt-get install chromium, brew install --cask chromium) or export --format html and print it from a browser")

// browserNames are the names a Chromium or Google Chrome goes by on PATH,
// the open one first.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// macBundles are where macOS keeps the browsers' programs, inside their
// app bundles, which are not on PATH.
var macBundles = []string{
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
}

// FindBrowser is the path of the first Chromium or Chrome found on PATH
// (or, on macOS, in /Applications), or ErrNoBrowser.
func FindBrowser() (string, error) {
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	if runtime.GOOS == "darwin" {
		for _, path := range macBundles {
			if info, err := os.Stat(path); err == nil && !info.IsDir() {
				return path, nil
			}
		}
	}
	return "", ErrNoBrowser
}

// timeout bounds one print: a browser that hangs must not hold the
// command for ever. The demo prints in a few seconds, a 10,000-flow pack
// in well under this.
const timeout = 5 * time.Minute

// Print prints the HTML page to a PDF with the browser at path, writing
// the PDF to w only once the whole file is made. The page is opened from a
// file in a private folder, which goes afterwards with the browser's
// profile; the browser may reach no network (the pack is one
// self-contained file and asks for nothing).
func Print(ctx context.Context, browser string, html []byte, w io.Writer) error {
	pdf, err := printPage(ctx, browser, html)
	if err != nil {
		return err
	}
	// The private folder is gone before the PDF is written, so a reader
	// that goes away (a closed pipe ends the program) leaves nothing.
	_, err = w.Write(pdf)
	return err
}

// printPage writes the page into a private folder, prints it there and
// removes the folder with the browser's profile in it.
func printPage(ctx context.Context, browser string, html []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "archreview-print-")
	if err != nil {
		return nil, fmt.Errorf("the PDF was not printed: %w", err)
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "pack.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return nil, fmt.Errorf("the PDF was not printed: %w", err)
	}
	pdf, err := printFile(ctx, browser, dir, page)
	if err != nil {
		return nil, fmt.Errorf("%s could not print the pack: %w", filepath.Base(browser), err)
	}
	return pdf, nil
}

// printFile runs the browser headless with its profile and its temporary
// files in the private folder dir, opens the page and prints it as the
// pack's print stylesheet lays it out.
func printFile(ctx context.Context, browser, dir, page string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.DisableGPU,
		// No request leaves the laptop: every address goes to a proxy
		// that is not there, loopback ones included.
		chromedp.ProxyServer("127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
	)
	if os.Geteuid() == 0 {
		// Chromium will not start its sandbox as root (a container, CI).
		opts = append(opts, chromedp.NoSandbox)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	// Closed, not killed, so that it tidies up after itself; once the PDF
	// is made, a browser slow to close changes nothing. A browser that
	// never started has nothing to close (and closing it would wait).
	defer func() {
		if c := chromedp.FromContext(bctx); c != nil && c.Browser != nil {
			_ = chromedp.Cancel(bctx)
		}
	}()
	if err := chromedp.Do(bctx, chromedp.Navigate((&url.URL{Scheme: "file", Path: page}).String())); err != nil {
		return nil, err
	}
	return chromedp.Run(bctx, chromedp.PrintToPDF(
		chromedp.PDFPrintBackground(),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFOutlineAndTagged(),
	))
}
