package review

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
)

// A Fingerprint is what archreview keeps of an earlier revision of a
// session to merge from: the document's JSON tree with every value replaced
// by a short hash of it. A three-way merge only asks of its base whether a
// value is the one each side has now, and a hash answers that, so the base
// holds none of the room's text: text typed over or erased since, and the
// private notes, leave no readable copy in the database through it.
// Records keep the member that names them (an id, a domain's name, a
// triaged finding's key), so lists still merge record by record.
type Fingerprint struct{ tree any }

// fingerprintHashBytes is how much of each value's SHA-256 is kept: 72
// bits, so two different values read as the same with odds of 1 in 10^21,
// at 12 characters a value.
const fingerprintHashBytes = 9

// hashMark starts every hashed value, which no JSON text of a value does
// here: the tree's own strings are hashes.
const hashMark = "#"

// A fingerprint is stored as gzip-compressed lines of JSON: the session
// without its flows, then one line a flow in order, so the database can
// take one a flow at a time and never hold the whole session's tree.

// HeadFingerprint is the first line of a fingerprint: d (its shareable
// form) without its flows and envelope.
func HeadFingerprint(d *model.Document) ([]byte, error) {
	c := *d
	c.Flows = nil
	tree, err := toTree(&c)
	if err != nil {
		return nil, err
	}
	dropEnvelope(tree)
	delete(tree.(map[string]any), "flows")
	return json.Marshal((&hasher{}).tree("", tree), json.Deterministic(true))
}

// FlowFingerprint is one flow's line of a fingerprint.
func FlowFingerprint(f *model.Flow) ([]byte, error) {
	raw, err := json.Marshal(f, json.Deterministic(true))
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	return json.Marshal((&hasher{}).tree("flows[]", tree), json.Deterministic(true))
}

// FingerprintWriter writes a fingerprint's lines, compressed.
type FingerprintWriter struct{ z *gzip.Writer }

// NewFingerprintWriter starts a fingerprint written to w.
func NewFingerprintWriter(w io.Writer) *FingerprintWriter {
	z, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // a valid level never fails
	return &FingerprintWriter{z: z}
}

// Line writes the head's line, then each flow's.
func (f *FingerprintWriter) Line(b []byte) error {
	if _, err := f.z.Write(b); err != nil {
		return err
	}
	_, err := f.z.Write([]byte{'\n'})
	return err
}

// Close ends the fingerprint.
func (f *FingerprintWriter) Close() error { return f.z.Close() }

// EncodeFingerprint is the stored fingerprint of d, which should be the
// session's shareable form (model/report's Shareable), the form its copies
// have.
func EncodeFingerprint(d *model.Document) ([]byte, error) {
	var b bytes.Buffer
	w := NewFingerprintWriter(&b)
	head, err := HeadFingerprint(d)
	if err != nil {
		return nil, err
	}
	if err := w.Line(head); err != nil {
		return nil, err
	}
	for i := range d.Flows {
		line, err := FlowFingerprint(&d.Flows[i])
		if err != nil {
			return nil, err
		}
		if err := w.Line(line); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ParseFingerprint reads a stored fingerprint.
func ParseFingerprint(data []byte) (Fingerprint, error) {
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return Fingerprint{}, err
	}
	lines := bufio.NewScanner(io.LimitReader(z, model.MaxDocumentBytes+1))
	lines.Buffer(make([]byte, 64<<10), model.MaxDocumentBytes)
	var head map[string]any
	flows := []any{}
	for first := true; lines.Scan(); first = false {
		var v any
		if err := json.Unmarshal(lines.Bytes(), &v); err != nil {
			return Fingerprint{}, err
		}
		if first {
			m, ok := v.(map[string]any)
			if !ok {
				return Fingerprint{}, errors.New("the fingerprint is not a document's")
			}
			head = m
			continue
		}
		flows = append(flows, v)
	}
	if err := lines.Err(); err != nil {
		return Fingerprint{}, err
	}
	if head == nil {
		return Fingerprint{}, errors.New("the fingerprint is empty")
	}
	head["flows"] = flows
	return Fingerprint{tree: head}, nil
}

// hasher turns values into their hashes, remembering each scalar's, since
// a merge hashes the same values again at every level it compares.
type hasher struct{ memo map[string]string }

func (h *hasher) scalar(v any) string {
	b, err := json.Marshal(v, json.Deterministic(true))
	if err != nil {
		return hashMark
	}
	if s, ok := h.memo[string(b)]; ok {
		return s
	}
	sum := sha256.Sum256(b)
	s := hashMark + base64.RawURLEncoding.EncodeToString(sum[:fingerprintHashBytes])
	if h.memo == nil {
		h.memo = map[string]string{}
	}
	h.memo[string(b)] = s
	return s
}

// tree is the fingerprint of v found at shape: objects and lists keep their
// shape, a record keeps the member that names it, every other value is
// hashed.
func (h *hasher) tree(shape string, v any) any {
	switch x := v.(type) {
	case nil:
		return nil // a member that is not there, on both sides alike
	case map[string]any:
		key := recordKey(shape)
		out := make(map[string]any, len(x))
		for k, e := range x {
			if k == key {
				out[k] = e
				continue
			}
			out[k] = h.tree(join(shape, k), e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = h.tree(shape+"[]", e)
		}
		return out
	}
	return h.scalar(v)
}

// recordKey is the member naming a record at shape ("flows[]" → "id"), or
// "" where shape is not a record of a keyed list.
func recordKey(shape string) string {
	list, ok := cutSuffix(shape, "[]")
	if !ok {
		return ""
	}
	return keyedLists[list]
}

func cutSuffix(s, suffix string) (string, bool) {
	if len(s) < len(suffix) || s[len(s)-len(suffix):] != suffix {
		return s, false
	}
	return s[:len(s)-len(suffix)], true
}

// envelope are the members that say where a copy comes from, not what the
// room said: a merge sets them itself.
var envelope = []string{"revision", "base_revision", "ancestors"}

func dropEnvelope(tree any) {
	if m, ok := tree.(map[string]any); ok {
		for _, k := range envelope {
			delete(m, k)
		}
	}
}
