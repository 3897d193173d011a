package report

import (
	"math"
	"strconv"
	"strings"
)

// The shapes of the figures as polylines: a polygon's points, a circle,
// and path data with its curves flattened.

func parsePoints(s string) []pt {
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	var out []pt
	for i := 0; i+1 < len(f); i += 2 {
		out = append(out, pt{num0(f[i]), num0(f[i+1])})
	}
	return out
}

func circlePoints(cx, cy, r float64) []pt {
	out := make([]pt, 32)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(len(out))
		out[i] = pt{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return out
}

// curvePiece is about the longest straight piece of a flattened curve, in
// pixels: short enough to look round, and to keep the box of each piece
// of a long arrow small.
const curvePiece = 16.0

// curveSteps is how many straight pieces draw the Bézier curve with
// control points c at scale pixels a unit: by the length of its control
// polygon, which is at least the curve's.
func curveSteps(c []pt, scale float64) int {
	length := 0.0
	for k := 1; k < len(c); k++ {
		length += math.Hypot(c[k].x-c[k-1].x, c[k].y-c[k-1].y)
	}
	return min(max(int(math.Ceil(length*scale/curvePiece)), 2), 512)
}

// parsePath reads path data as polylines, curves flattened for drawing at
// scale pixels a unit, and where its last piece ends and from which way.
func parsePath(d string, scale float64) (polys [][]pt, closed bool, end tip) {
	toks := pathTokens(d)
	var cur, start pt
	var poly []pt
	cmd := byte(0)
	i := 0
	nums := func(n int) ([]float64, bool) {
		if i+n > len(toks) {
			return nil, false
		}
		out := make([]float64, n)
		for k := range n {
			v, err := strconv.ParseFloat(toks[i+k], 64)
			if err != nil {
				return nil, false
			}
			out[k] = v
		}
		i += n
		return out, true
	}
	flush := func() {
		if len(poly) > 1 {
			polys = append(polys, poly)
		}
		poly = nil
	}
	for i < len(toks) {
		if c := toks[i][0]; len(toks[i]) == 1 && strings.IndexByte("MmLlHhVvCcQqZz", c) >= 0 {
			cmd = c
			i++
		}
		rel := cmd >= 'a'
		off := func(p pt) pt {
			if rel {
				return pt{cur.x + p.x, cur.y + p.y}
			}
			return p
		}
		switch cmd | 0x20 {
		case 'm':
			v, ok := nums(2)
			if !ok {
				return polys, closed, end
			}
			flush()
			cur = off(pt{v[0], v[1]})
			start = cur
			poly = []pt{cur}
			if cmd == 'm' {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'l', 'h', 'v':
			n := 2
			if cmd|0x20 != 'l' {
				n = 1
			}
			v, ok := nums(n)
			if !ok {
				return polys, closed, end
			}
			p := cur
			switch cmd {
			case 'L':
				p = pt{v[0], v[1]}
			case 'l':
				p = pt{cur.x + v[0], cur.y + v[1]}
			case 'H':
				p.x = v[0]
			case 'h':
				p.x += v[0]
			case 'V':
				p.y = v[0]
			case 'v':
				p.y += v[0]
			}
			end = tip{at: p, from: cur, ok: true}
			cur = p
			poly = append(poly, p)
		case 'c', 'q':
			n := 6
			if cmd|0x20 == 'q' {
				n = 4
			}
			v, ok := nums(n)
			if !ok {
				return polys, closed, end
			}
			c := []pt{cur}
			for k := 0; k < n; k += 2 {
				c = append(c, off(pt{v[k], v[k+1]}))
			}
			steps := curveSteps(c, scale)
			for s := 1; s <= steps; s++ {
				poly = append(poly, bezier(c, float64(s)/float64(steps)))
			}
			end = tip{at: c[len(c)-1], from: c[len(c)-2], ok: true}
			if end.from == end.at {
				end.from = c[0]
			}
			cur = c[len(c)-1]
		case 'z':
			poly = append(poly, start)
			closed = true
			cur = start
			flush()
			poly = []pt{cur}
		default:
			i++ // a command not drawn here: its numbers are skipped
		}
	}
	flush()
	return polys, closed, end
}

// pathTokens splits path data into commands and numbers.
func pathTokens(d string) []string {
	var out []string
	var b strings.Builder
	emit := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for k := 0; k < len(d); k++ {
		c := d[k]
		switch {
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' && c != 'e':
			emit()
			out = append(out, string(c))
		case c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r':
			emit()
		case c == '-' && b.Len() > 0 && !strings.HasSuffix(b.String(), "e"):
			emit()
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	emit()
	return out
}

// bezier is the point at t of the curve with control points c.
func bezier(c []pt, t float64) pt {
	p := append([]pt(nil), c...)
	for n := len(p) - 1; n > 0; n-- {
		for k := range n {
			p[k] = pt{p[k].x + (p[k+1].x-p[k].x)*t, p[k].y + (p[k+1].y-p[k].y)*t}
		}
	}
	return p[0]
}
