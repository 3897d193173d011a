package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// The check in a child process reads every page of the file, so its cost
// grows with the sessions in it: 30 ms at 10,000 flows, more than a bare
// program takes to draw its first frame. Most starts open a file that the
// last archreview to hold it left sound and nobody has touched since, and
// for those the check is skipped: after a clean check, and after a writer
// closes the file, the store notes the file as it is (device, inode, size,
// change and modification times to the nanosecond, and a hash of the meta
// pages, which every commit rewrites). Any write to the file by anyone, a
// copy put over it (cp) or in its place (mv), changes that note, and the
// next open checks the file in full again. The notes live in the user's
// cache folder, never beside the database, and losing them only costs a
// check.

// verifiedNote is where the note of the file at real is kept.
func verifiedNote(real string) (string, bool) {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return "", false
	}
	sum := sha256.Sum256([]byte(real))
	return filepath.Join(dir, "archreview", "verified", hex.EncodeToString(sum[:16])), true
}

// fileIdentity describes the file as it is now, or "" when it cannot.
func fileIdentity(real string) string {
	f, err := os.Open(real)
	if err != nil {
		return ""
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return ""
	}
	stamp, ok := fileStamp(f, fi)
	if !ok {
		return ""
	}
	// The two meta pages: their page size is in the first one.
	head := make([]byte, 2*maxPageSize)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	pageSize := 4096
	if len(head) >= metaHeader+12 {
		if ps := int(binary.LittleEndian.Uint32(head[metaHeader+8:])); ps >= 512 && ps <= maxPageSize {
			pageSize = ps
		}
	}
	head = head[:min(len(head), 2*pageSize)]
	sum := sha256.Sum256(head)
	return fmt.Sprintf("archreview-verified 1 %s %x %d", stamp, sum[:16], CurrentSchema())
}

// maxPageSize bounds the page size read from a file that may be damaged.
const maxPageSize = 64 << 10

// verifiedBefore reports whether the file is as the store last noted it,
// sound and at the current schema.
func verifiedBefore(real string) bool {
	note, ok := verifiedNote(real)
	if !ok {
		return false
	}
	want, err := os.ReadFile(note)
	if err != nil {
		return false
	}
	id := fileIdentity(real)
	return id != "" && string(want) == id
}

// noteVerified records the file as it is now as sound. Failing to is not
// an error: the next open then checks the file in full.
func noteVerified(real string) {
	note, ok := verifiedNote(real)
	if !ok {
		return
	}
	id := fileIdentity(real)
	if id == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(note), 0o700); err != nil {
		return
	}
	tmp := note + ".tmp" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, []byte(id), 0o600); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, note); err != nil {
		os.Remove(tmp)
	}
}
