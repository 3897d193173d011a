package tui

import (
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// qrLines draws text as a QR code in half blocks, two modules a character
// cell, dark on light with a quiet zone round it, so a phone reads it off a
// dark or a light terminal alike; nil when text cannot be encoded.
func qrLines(text string) []string {
	qr, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionLow))
	if err != nil {
		return nil
	}
	var m bitmapWriter
	if err := qr.Save(&m); err != nil {
		return nil
	}
	return halfBlocks(m.bits, 2)
}

// bitmapWriter keeps the matrix the QR library hands its writers.
type bitmapWriter struct{ bits [][]bool }

func (w *bitmapWriter) Write(mat qrcode.Matrix) error {
	w.bits = mat.Bitmap()
	return nil
}

func (w *bitmapWriter) Close() error { return nil }

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
