package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// The checks in this file are of bbolt's page format, not of archreview's
// buckets: they find damage that bbolt's own consistency check lets through,
// and Check runs them on every file before the app reads it.

// pageRunsFit reports whether every page in use ends before the end of the
// data. bbolt's check does not look past that mark, so a garbled overflow
// count on the last pages passes it, and the first save that frees the page
// puts pages that do not exist on the free list: bbolt then panics on every
// save. Below the mark each page is free or starts a run of pages in use.
func pageRunsFit(tx *bolt.Tx) bool {
	end := int(tx.Size() / int64(tx.DB().Info().PageSize))
	for id := 0; id < end; {
		p, err := tx.Page(id)
		if err != nil || p == nil {
			return false
		}
		if p.Type == "free" {
			id++
			continue
		}
		if p.OverflowCount < 0 || id+p.OverflowCount >= end {
			return false
		}
		id += p.OverflowCount + 1
	}
	return true
}

// keysAndValuesInFile reports whether every key and value of every bucket
// with pages of its own lies inside the file's data, and every nested bucket
// opens. bbolt's own check compares keys but never reads a value, so a
// garbled value length passes it; the app would then read past the file into
// other memory, and fault or panic, in List or Load. (A garbled length inside
// a small inline bucket cannot be seen from here; Store.view turns what it
// does into an error.) Nothing is decoded, so it stays quick.
func keysAndValuesInFile(tx *bolt.Tx) bool {
	start := tx.DB().Info().Data
	end := start + uintptr(tx.Size())
	inside := func(b []byte) bool {
		if len(b) == 0 {
			return true
		}
		first := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		return first >= start && first+uintptr(len(b)) <= end
	}
	stop := errors.New("outside the file")
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		// A small bucket lives inside its parent's value, and bbolt may read
		// it from a copy; its keys and values are checked as that value.
		inline := b.Root() == 0
		return b.ForEach(func(k, v []byte) error {
			if !inline && (!inside(k) || !inside(v)) {
				return stop
			}
			if v == nil {
				child := b.Bucket(k)
				if child == nil {
					return stop
				}
				return walk(child)
			}
			return nil
		})
	}
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if !inside(name) {
			return stop
		}
		return walk(b)
	}) == nil
}

// The layout of a bbolt page, as bbolt writes it on little-endian machines:
// a 16-byte header (id, flags, count, overflow), then count elements of 16
// bytes each whose keys and values follow.
const (
	pageHeader    = 16
	pageElement   = 16
	branchPage    = 0x01
	leafPage      = 0x02
	maxTreeHeight = 64
)

var errTree = errors.New("tree is inconsistent")

// treeSound walks every bucket's B+tree in the raw file and requires what
// bbolt keeps true after every commit but its own check does not look at:
// each branch key equals the first key of the page it points to, and no page
// is reached twice. A garbled branch key that still sorts in order passes
// bbolt's check, yet a save on top of it files records in the wrong page and
// loses answers; it is refused here instead. It reads a copy of the file, so
// it is plain bounds-checked Go and cannot fault.
func treeSound(tx *bolt.Tx, data []byte) bool {
	pageSize := tx.DB().Info().PageSize
	w := &treeWalk{data: data, pageSize: pageSize, seen: map[uint64]bool{}}
	var roots []uint64
	var collect func(b *bolt.Bucket)
	collect = func(b *bolt.Bucket) {
		if root := uint64(b.Root()); root != 0 {
			roots = append(roots, root)
		}
		_ = b.ForEachBucket(func(k []byte) error {
			if child := b.Bucket(k); child != nil {
				collect(child)
			}
			return nil
		})
	}
	_ = tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
		collect(b)
		return nil
	})
	for _, root := range roots {
		if _, err := w.page(root, 0); err != nil {
			return false
		}
	}
	return true
}

type treeWalk struct {
	data     []byte
	pageSize int
	seen     map[uint64]bool
}

// page checks the subtree under a page and returns its first key.
func (w *treeWalk) page(id uint64, depth int) ([]byte, error) {
	if depth > maxTreeHeight || w.seen[id] {
		return nil, errTree
	}
	w.seen[id] = true
	start := id * uint64(w.pageSize)
	if start+pageHeader > uint64(len(w.data)) {
		return nil, errTree
	}
	p := w.data[start:]
	flags := binary.LittleEndian.Uint16(p[8:10])
	count := int(binary.LittleEndian.Uint16(p[10:12]))
	overflow := uint64(binary.LittleEndian.Uint32(p[12:16]))
	end := start + (overflow+1)*uint64(w.pageSize)
	if binary.LittleEndian.Uint64(p[0:8]) != id || end > uint64(len(w.data)) {
		return nil, errTree
	}
	p = w.data[start:end]
	if count == 0 || pageHeader+count*pageElement > len(p) {
		if flags == leafPage && count == 0 {
			return nil, nil
		}
		return nil, errTree
	}
	elem := func(i int) []byte { return p[pageHeader+i*pageElement : pageHeader+(i+1)*pageElement] }
	// Keys are stored at an offset from their own element.
	key := func(i int, pos, ksize uint32) ([]byte, error) {
		from := uint64(pageHeader+i*pageElement) + uint64(pos)
		if from+uint64(ksize) > uint64(len(p)) {
			return nil, errTree
		}
		return p[from : from+uint64(ksize)], nil
	}
	switch flags {
	case leafPage:
		e := elem(0)
		return key(0, binary.LittleEndian.Uint32(e[4:8]), binary.LittleEndian.Uint32(e[8:12]))
	case branchPage:
		var first []byte
		for i := range count {
			e := elem(i)
			k, err := key(i, binary.LittleEndian.Uint32(e[0:4]), binary.LittleEndian.Uint32(e[4:8]))
			if err != nil {
				return nil, err
			}
			childFirst, err := w.page(binary.LittleEndian.Uint64(e[8:16]), depth+1)
			if err != nil || !bytes.Equal(k, childFirst) {
				return nil, errTree
			}
			if i == 0 {
				first = k
			}
		}
		return first, nil
	}
	return nil, errTree
}

// mapped is the file's data as bbolt maps it, valid while tx is open.
func mapped(tx *bolt.Tx) []byte {
	info := tx.DB().Info()
	if info.Data == 0 || tx.Size() <= 0 {
		return nil
	}
	// The map is not Go memory, so its address is kept as a number by bbolt.
	start := *(*unsafe.Pointer)(unsafe.Pointer(&info.Data))
	return unsafe.Slice((*byte)(start), tx.Size())
}

// releaseMapped lets go of the pages of the mapped file that a read has
// brought into the process's memory. Once a session is decoded its bytes
// are in the document; the pages stay in the system's file cache, and a
// later read maps them back in. Without this a 10,000-flow session counts
// its 58 MB file twice in the app's memory.
func releaseMapped(tx *bolt.Tx) {
	if m := mapped(tx); m != nil {
		dropPages(m)
	}
}
