package model

import (
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a fresh id: a ULID, unique and sortable by creation time.
func NewID() string { return ulid.Make().String() }

// NewIDAt returns an id for the given time with fixed entropy n, for data that
// must have the same ids every time it is built (the demo, tests).
func NewIDAt(t time.Time, n uint64) string {
	var entropy [10]byte
	for i := 0; i < 8; i++ {
		entropy[9-i] = byte(n >> (8 * i))
	}
	id, err := ulid.New(ulid.Timestamp(t), fixedReader(entropy[:]))
	if err != nil {
		panic(err) // unreachable: the reader always fills the buffer
	}
	return id.String()
}

type fixedReader []byte

func (r fixedReader) Read(p []byte) (int, error) { return copy(p, r), nil }
