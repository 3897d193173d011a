package tui

import (
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// qrLines draws text as a QR code in half blocks, two modules a character
// cell, dark on light with a quiet zone round it, so a phone reads it off a
// dark or a light terminal alike; nil when text cannot be encoded. The QR
// library is skip2/go-qrcode (MIT, its Reed-Solomon coder included and
// no other dependency).
func qrLines(text string) []string {
	qr, err := qrcode.New(text, qrcode.Low)
	if err != nil {
		return nil
	}
	qr.DisableBorder = true // halfBlocks draws the quiet zone itself
	return halfBlocks(qr.Bitmap(), 2)
}

// halfBlocks draws a bitmap (true: dark) with a quiet zone of quiet
// modules, each character cell two rows of it: the upper half block is the
// top module, the cell's background the bottom one. Leaving either to the
// terminal's own colours would invert the code on a dark background, so
// both are drawn explicitly in ANSI black and bright white, which every
// terminal has; NO_COLOR does not strip them, as this is a picture to be
// scanned, not a style.
func halfBlocks(bits [][]bool, quiet int) []string {
	n := len(bits)
	if n == 0 {
		return nil
	}
	size := n + 2*quiet
	dark := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return y >= 0 && y < n && x >= 0 && x < len(bits[y]) && bits[y][x]
	}
	const (
		white            = "\x1b[97m"
		blackBG, whiteBG = "\x1b[40m", "\x1b[107m"
		reset            = "\x1b[0m"
	)
	var out []string
	for y := 0; y < size; y += 2 {
		var b strings.Builder
		for x := 0; x < size; x++ {
			top, bottom := dark(x, y), y+1 < size && dark(x, y+1)
			fg := "\x1b[30m"
			if !top {
				fg = white
			}
			bg := blackBG
			if !bottom {
				bg = whiteBG
			}
			b.WriteString(fg + bg + "▀")
		}
		b.WriteString(reset)
		out = append(out, b.String())
	}
	return out
}
