package report

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// cellShape is one register cell as a browser laid it out: its width, how
// many lines its text takes and how many words it has.
type cellShape struct {
	Label string  `json:"label"`
	Text  string  `json:"text"`
	Width float64 `json:"width"`
	Lines int     `json:"lines"`
	Words int     `json:"words"`
}

// measureCells measures the cells a selector picks as the page lays them
// out; a line is a run of the text's boxes within a few pixels of one top,
// and a word what a line may break between (blanks and hyphens).
const measureCells = `(sel) => [...document.querySelectorAll(sel)].map(td => {
  const r = document.createRange(); r.selectNodeContents(td);
  const tops = [...r.getClientRects()].filter(b => b.width > 0).map(b => b.top).sort((a, b) => a - b);
  let lines = 0, last = -1e9;
  for (const t of tops) { if (t - last > 4) { lines++; last = t; } }
  const text = td.textContent.trim();
  return {label: td.dataset.label || '', text: text.slice(0, 60), width: td.getBoundingClientRect().width,
    lines: lines, words: text ? text.split(/[\s\-‐–]+/).length : 0};
})`

// cellsAt opens the pack in headless Chromium at a window width and
// measures the cells each selector picks.
func cellsAt(t *testing.T, page []byte, width int64, selectors ...string) [][]cellShape {
	t.Helper()
	chrome := mustTool(t, "chromium")
	file := filepath.Join(t.TempDir(), "pack.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	err := chromedp.Do(bctx, chromedp.EmulateViewport(width, 812), chromedp.Navigate((&url.URL{Scheme: "file", Path: file}).String()))
	out := make([][]cellShape, len(selectors))
	for i, sel := range selectors {
		if err != nil {
			break
		}
		out[i], err = chromedp.Run(bctx, chromedp.Evaluate[[]cellShape]("("+measureCells+")("+strconv.Quote(sel)+")"))
	}
	if err != nil {
		t.Fatalf("Chromium could not open and measure the pack: %v", err)
	}
	return out
}

// On a phone, 375 pixels wide, the register reads as cards: every cell is
// at least 120 pixels wide, labelled with its column's name, and no cell's
// text takes more lines than it has words (a word broken over lines); no
// cell of any other table breaks a word either.
func TestRegisterReadsAsCardsOnAPhone(t *testing.T) {
	e := Export(costedDocument(), ExportOptions{Now: testNow})
	measured := cellsAt(t, written(t, WriteHTML, e), 375, "table.register tbody td", "table:not(.register) td, table:not(.register) th")
	cells := measured[0]
	if want := len(e.Summary.Risks) * len(registerColumns[1:]); len(cells) < want {
		t.Fatalf("the browser measured %d register cells, want at least %d", len(cells), want)
	}
	narrowest := cells[0].Width
	for _, c := range cells {
		narrowest = min(narrowest, c.Width)
		if c.Label == "" {
			t.Errorf("a register cell has no column name to show: %q", c.Text)
		}
		if c.Width < 120 {
			t.Errorf("the %s cell %q is %.0f px wide at 375 px", c.Label, c.Text, c.Width)
		}
		if c.Lines > max(1, c.Words) {
			t.Errorf("the %s cell %q takes %d lines for %d words: a word is broken", c.Label, c.Text, c.Lines, c.Words)
		}
	}
	t.Logf("narrowest register cell at 375 px: %.0f px", narrowest)
	broken := 0
	for _, c := range measured[1] {
		if c.Lines > max(1, c.Words) {
			broken++
			if broken <= 5 {
				t.Errorf("a table cell %q takes %d lines for %d words at 375 px: a word is broken", c.Text, c.Lines, c.Words)
			}
		}
	}
	if len(measured[1]) < 100 {
		t.Errorf("the browser measured %d cells of the other tables; the test reads too little", len(measured[1]))
	}
}
