package store

import (
	"encoding/binary"
	"errors"
	"hash/crc32"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Every value of a session's bucket that holds the room's text (the session
// record, systems, open questions, decisions, flow order, and each flow
// under flows/) is stored as its JSON and a five-byte trailer:
//
//	the JSON
//	4 bytes    CRC-32 (IEEE), big-endian, of the value's path and its JSON
//	1 byte     sumFormat, the trailer's version
//
// bbolt checksums only its meta pages, so without this a flipped bit inside
// an answer that still decodes ("Race 17" read as "Rabe 17") would go
// unnoticed, and one that does not would hide the whole file. With it, a
// damaged value hides only its own session, by name. The path (session id,
// key, flow id) is in the sum, so a value read under a garbled key, or from
// a page that is not its own, fails as surely as a garbled one. Any CRC-32
// finds every burst of up to 32 flipped bits; the IEEE one runs in hardware
// on amd64 (carry-less multiply) and arm64 alike, and measured 15 GB/s here
// against 8.5 for CRC-32C: the flows of a 10,000-flow session (38 MB) are
// checked in about 3 ms of one core. The sum trails the JSON because the
// encoder's buffer nearly always has room for five more bytes, so sealing
// a flow adds no copy of it to an autosave (a header in front cost a second
// 4 KB allocation and a third more time to encode a flow).
//
// The derived index (progress, and each flow's byte of done bits under
// steps/) carries no sum: it holds no text, a garbled one can only misstate
// the list's progress, and the next save of the flow writes it again.
//
// Files of schema 3 and before have no sums; the schema 4 migration adds
// them (see sumValues). A value without a trailer in a file of schema 4 is
// damage, never taken for an old one: JSON never ends in the format byte.
const (
	sumFormat  byte = 1
	sumTrailer int  = 5
)

// errSum is a stored value that fails its checksum, is cut short or lacks
// its trailer: damaged in the file.
var errSum = errors.New("it fails its checksum")

// sep ends each part of a value's path in its sum, so that no two paths
// run together into the same bytes.
var sep = []byte{0}

// valueSum is the checksum of the JSON stored under the path: the session's
// id, the key in its bucket and, for a flow, the flow's id.
func valueSum(session, key, flow, payload []byte) uint32 {
	c := crc32.Update(0, crc32.IEEETable, session)
	c = crc32.Update(c, crc32.IEEETable, sep)
	c = crc32.Update(c, crc32.IEEETable, key)
	c = crc32.Update(c, crc32.IEEETable, sep)
	c = crc32.Update(c, crc32.IEEETable, flow)
	c = crc32.Update(c, crc32.IEEETable, sep)
	return crc32.Update(c, crc32.IEEETable, payload)
}

// sealJSON appends the trailer to JSON bound for the path; payload's spare
// capacity, when it has five bytes, takes it.
func sealJSON(session, key, flow, payload []byte) []byte {
	sum := valueSum(session, key, flow, payload)
	return append(payload, byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum), sumFormat)
}

// seal encodes v as the value stored under the path.
func seal(session, key, flow []byte, v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return sealJSON(session, key, flow, data), nil
}

// unseal returns the JSON of the value stored under the path once its sum
// checks. unsummed is set for a file of a schema before the sums, whose
// values are plain JSON: those are checked for being JSON, all they can be.
func unseal(session, key, flow, stored []byte, unsummed bool) ([]byte, error) {
	if unsummed {
		if !jsontext.Value(stored).IsValid() {
			return nil, errSum
		}
		return stored, nil
	}
	n := len(stored) - sumTrailer
	if n < 0 || stored[len(stored)-1] != sumFormat {
		return nil, errSum
	}
	payload := stored[:n:n] // capped: an append to it must not write over the sum
	if binary.BigEndian.Uint32(stored[n:]) != valueSum(session, key, flow, payload) {
		return nil, errSum
	}
	return payload, nil
}

// withoutSum is a stored value's JSON, its sum not checked (see unmarshal):
// never for what is listed, loaded or exported.
func withoutSum(stored []byte) []byte {
	if n := len(stored) - sumTrailer; n >= 0 && stored[len(stored)-1] == sumFormat {
		return stored[:n:n]
	}
	return stored
}
