//go:build unix

package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// export --stable writes the same workbook twice, byte for byte: the file a
// consultant commits or diffs does not change unless the session does.
func TestStableWorkbook(t *testing.T) {
	db, id := demoDB(t)
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		out := filepath.Join(dir, "register"+string(rune('a'+i))+".xlsx")
		mustRun(t, db, nil, "export", id, "--format", "xlsx", "--stable", "-o", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("export --format xlsx --stable wrote two different workbooks of one session")
	}
}
