package review

// fenwick holds a count for each flow and answers how many come before a
// flow in O(log n), so a Live finds where a flow's findings, gaps or
// coverage entries start without counting the flows before it.
type fenwick struct {
	vals  []int
	tree  []int // 1-based partial sums
	total int
}

func newFenwick(vals []int) fenwick {
	f := fenwick{vals: vals, tree: make([]int, len(vals)+1)}
	for i, v := range vals {
		f.total += v
		f.tree[i+1] += v
		if j := i + 1 + (i+1)&-(i+1); j <= len(vals) {
			f.tree[j] += f.tree[i+1]
		}
	}
	return f
}

// before is the sum of the counts of the flows before i.
func (f *fenwick) before(i int) int {
	sum := 0
	for ; i > 0; i -= i & -i {
		sum += f.tree[i]
	}
	return sum
}

func (f *fenwick) value(i int) int { return f.vals[i] }

// set changes flow i's count to v.
func (f *fenwick) set(i, v int) {
	delta := v - f.vals[i]
	if delta == 0 {
		return
	}
	f.vals[i], f.total = v, f.total+delta
	for j := i + 1; j < len(f.tree); j += j & -j {
		f.tree[j] += delta
	}
}

// push adds a flow after the last, with count v.
func (f *fenwick) push(v int) {
	i := len(f.vals) + 1 // its node, 1-based
	// Node i sums the counts of flows i-lowbit(i) to i-1 (0-based).
	f.tree = append(f.tree, v+f.before(i-1)-f.before(i-i&-i))
	f.vals = append(f.vals, v)
	f.total += v
}
