package review

import (
	"math/rand/v2"
	"testing"
)

// A fenwick's counts before each flow are the plain sums, through sets and
// flows added after the last.
func TestFenwickCountsBefore(t *testing.T) {
	for _, start := range []int{0, 1, 2, 7, 64, 100} {
		rng := rand.New(rand.NewPCG(uint64(start), 1))
		vals := make([]int, start)
		for i := range vals {
			vals[i] = rng.IntN(4)
		}
		f := newFenwick(append([]int(nil), vals...))
		for step := range 300 {
			if rng.IntN(3) == 0 || len(vals) == 0 {
				v := rng.IntN(4)
				vals = append(vals, v)
				f.push(v)
			} else {
				i, v := rng.IntN(len(vals)), rng.IntN(4)
				vals[i] = v
				f.set(i, v)
			}
			sum := 0
			for i, v := range vals {
				if got := f.before(i); got != sum {
					t.Fatalf("from %d flows, step %d: before(%d) = %d, want %d", start, step, i, got, sum)
				}
				if f.value(i) != v {
					t.Fatalf("from %d flows, step %d: value(%d) = %d, want %d", start, step, i, f.value(i), v)
				}
				sum += v
			}
			if f.total != sum {
				t.Fatalf("from %d flows, step %d: total %d, want %d", start, step, f.total, sum)
			}
		}
	}
}
