package pdf

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/archreview/archreview/internal/testtool"
)

// A page that asks for an image, a style sheet and a font from a server
// on this laptop still prints, and not one request reaches the server:
// the browser may reach no network, loopback included.
func TestPrintingReachesNoNetwork(t *testing.T) {
	testtool.Require(t, "chromium", "the pack is printed by a real browser")
	browser, err := FindBrowser()
	if err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.WriteHeader(http.StatusNotFound)
	}))
	defer srv.Close()
	page := `<!DOCTYPE html><html><head><link rel="stylesheet" href="` + srv.URL + `/pack.css">
<style>@font-face { font-family: f; src: url(` + srv.URL + `/f.woff2); } body { font-family: f; }</style></head>
<body><p>Harbour &amp; Pine</p><img src="` + srv.URL + `/logo.png"></body></html>`
	var out bytes.Buffer
	if err := Print(context.Background(), browser, []byte(page), &out); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
		t.Errorf("printed %q, not a PDF", out.Bytes()[:min(out.Len(), 12)])
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("%d requests reached %s while printing", n, srv.URL)
	}
}

// A browser that is not there is an error, and nothing is written.
func TestPrintingWithAMissingBrowserWritesNothing(t *testing.T) {
	var out bytes.Buffer
	err := Print(context.Background(), "/nonexistent/chromium", []byte("<p>x</p>"), &out)
	if err == nil || out.Len() != 0 {
		t.Errorf("%v and %d bytes; want an error and nothing", err, out.Len())
	}
	if errors.Is(err, ErrNoBrowser) {
		t.Errorf("a browser that fails to start is reported as none found: %v", err)
	}
}
