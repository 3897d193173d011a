package report

import (
	"io"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
)

// cleanWriter passes text on without what a browser or a terminal would act
// on rather than show: control characters (line breaks and tabs stay) and
// the invisible direction overrides, with bytes that are not UTF-8 made
// U+FFFD. The HTML pack goes through it, so no answer needs cleaning one by
// one; a character cut between two writes is held until the next.
type cleanWriter struct {
	w       io.Writer
	pending []byte
	out     []byte
}

func (c *cleanWriter) Write(p []byte) (int, error) {
	data := p
	if len(c.pending) > 0 {
		data = append(c.pending, p...)
		c.pending = nil
	}
	c.out = c.out[:0]
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(data[i:]) { // the rest of the character comes with the next write
				c.pending = append(c.pending, data[i:]...)
				break
			}
			c.out = utf8.AppendRune(c.out, utf8.RuneError)
			i++
			continue
		}
		if r == '\n' || r == '\t' || !model.IsTerminalControl(r) {
			c.out = append(c.out, data[i:i+size]...)
		}
		i += size
	}
	if _, err := c.w.Write(c.out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes what is left of a character cut at the end, as U+FFFD.
func (c *cleanWriter) Close() error {
	if len(c.pending) == 0 {
		return nil
	}
	c.pending = nil
	_, err := c.w.Write([]byte(string(utf8.RuneError)))
	return err
}
