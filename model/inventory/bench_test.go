package inventory

import (
	"fmt"
	"strings"
	"testing"
)

// landscapeCSV is a flows sheet of n flows between n/2 systems, as a large
// programme's inventory is.
func landscapeCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("ID,Name,From,To,Domain\n")
	for i := range n {
		fmt.Fprintf(&b, "f%d,Flow %d,System %d,System %d,order\n", i, i, i%(n/2), (i+1)%(n/2))
	}
	return []byte(b.String())
}

// BenchmarkImport imports 2,000 flows into a session that already holds
// them (the re-import every session does), beside the floor of copying
// that session, which every import does first.
func BenchmarkImport(b *testing.B) {
	inv, err := Parse("big.csv", landscapeCSV(2000), Options{})
	if err != nil {
		b.Fatal(err)
	}
	doc, _ := Import(session(), inv, counter())
	b.Run("floor-clone", func(b *testing.B) {
		for range b.N {
			_ = doc.Clone()
		}
	})
	b.Run("reimport", func(b *testing.B) {
		for range b.N {
			if _, o := Import(doc, inv, counter()); o.Changes() {
				b.Fatal("a re-import changed the session")
			}
		}
	})
}
