package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// An import holds in memory the document's own members; the summary, which
// archreview derives again and which is most of an export, is skipped as it
// is read. The largest session archreview makes (demo --flows 10000 --risks
// 50) exports about 1 GB, of which about 200 MB are the document's own.
const (
	// MaxDocumentBytes bounds the document's own members.
	MaxDocumentBytes = 256 << 20
	// MaxFileBytes bounds the whole file, summary included.
	MaxFileBytes = 2 << 30
)

// DecodeDocument reads a JSON document strictly: unknown or duplicate keys,
// trailing data, invalid UTF-8, wrong types and anything Validate refuses are
// errors naming what is wrong. An export's summary is derived, so it is
// skipped.
func DecodeDocument(data []byte) (*Document, error) {
	return DecodeDocumentFrom(bytes.NewReader(data))
}

// DecodeDocumentFrom is DecodeDocument reading from r as it goes, so that a
// large export's summary is never held in memory; a file past the limits is
// refused as soon as the limit is read.
func DecodeDocumentFrom(r io.Reader) (*Document, error) {
	// A byte-order mark is how some Windows editors start a UTF-8 file;
	// JSON readers may ignore it, and the published schema's readers do.
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	in := &limitedInput{r: br}
	file := documentFile{Summary: derived{in: in}}
	dec := jsontext.NewDecoder(in)
	err := json.UnmarshalDecode(dec, &file, json.RejectUnknownMembers(true), json.WithUnmarshalers(wholeNumbers))
	if err == nil {
		// One document per file: anything after it is an error.
		at := dec.InputOffset()
		if _, terr := dec.ReadToken(); terr != io.EOF {
			err = &jsontext.SyntacticError{ByteOffset: at, Err: errors.New("invalid character after top-level value")}
		}
	}
	switch {
	case in.err != nil:
		return nil, in.err
	case err != nil && !in.text:
		return nil, errors.New("the file is empty; expected an archreview JSON export")
	case err != nil:
		return nil, decodeError(err)
	}
	d := &file.Document
	UpgradeV1(d)
	if ps := Validate(d); len(ps) > 0 {
		return nil, ps
	}
	return d, nil
}

// wholeNumbers reads a whole number however JSON writes it (3, 3.0, 3e0),
// as JSON Schema's "integer" does, and refuses a fraction or a number too
// large for a count.
var wholeNumbers = json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *int) error {
	if dec.PeekKind() != '0' {
		return errors.ErrUnsupported // null and wrong kinds: the default says what is wrong
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	f, err := strconv.ParseFloat(tok.String(), 64)
	switch {
	case err != nil || math.Abs(f) > 1<<53:
		return errors.New("the number is too large")
	case f != math.Trunc(f):
		return errors.New("a fraction cannot go where a whole number is expected")
	}
	*v = int(f)
	return nil
})

// The limits as the decoder applies them; tests lower them.
var fileLimit, documentLimit int64 = MaxFileBytes, MaxDocumentBytes

// limitedInput reads an import, counting what the document's own members
// take apart from the skipped summary, and stops at either limit.
type limitedInput struct {
	r        io.Reader
	read     int64 // bytes read in all
	skipping bool  // the decoder is skipping the summary
	skipped  int64 // bytes read while it did
	text     bool  // something other than white space was read
	err      error // the limit passed, in words
}

func (l *limitedInput) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.text = l.text || len(bytes.TrimSpace(p[:n])) > 0
	l.read += int64(n)
	if l.skipping {
		l.skipped += int64(n)
	}
	switch {
	case l.read > fileLimit:
		l.err = fmt.Errorf("the file is larger than the %d MB limit for one session's export", fileLimit>>20)
	case l.read-l.skipped > documentLimit:
		l.err = fmt.Errorf("the session in the file is larger than the %d MB limit for one session (its summary aside)", documentLimit>>20)
	}
	if l.err != nil {
		return 0, l.err
	}
	return n, err
}

// documentFile is a document as a file may hold it: an export writes the
// summary model/review derives after the document's own members.
type documentFile struct {
	Document
	Summary derived `json:"summary"`
}

// derived is a member import skips, because archreview derives it again.
type derived struct{ in *limitedInput }

// UnmarshalJSONFrom skips the member without decoding or keeping it.
func (d *derived) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if d.in != nil {
		d.in.skipping = true
		defer func() { d.in.skipping = false }()
	}
	return dec.SkipValue()
}

// decodeError turns the JSON library's error into one sentence naming where
// in the file the problem is.
func decodeError(err error) error {
	var se *json.SemanticError
	if errors.As(err, &se) {
		where := pointerPath(string(se.JSONPointer))
		if where == "" {
			where = "the document"
		}
		switch {
		case se.Err != nil && strings.Contains(se.Err.Error(), "unknown object member"):
			return fmt.Errorf("%s: is not a field archreview knows", where)
		case se.JSONKind != 0 && se.GoType != nil:
			return fmt.Errorf("%s: a JSON %s cannot go where %s is expected", where, kindName(se.JSONKind), goTypeName(se.GoType.String()))
		}
		return fmt.Errorf("%s: %v", where, se.Err)
	}
	var syn *jsontext.SyntacticError
	if errors.As(err, &syn) {
		where := pointerPath(string(syn.JSONPointer))
		msg := syn.Err.Error()
		switch {
		case strings.Contains(msg, "duplicate"):
			return fmt.Errorf("%s: appears twice; each field may appear once", where)
		case strings.Contains(msg, "after top-level value"):
			return fmt.Errorf("unexpected data after the JSON document at byte %d", syn.ByteOffset)
		}
		if where != "" {
			return fmt.Errorf("not valid JSON at byte %d (%s): %s", syn.ByteOffset, where, msg)
		}
		return fmt.Errorf("not valid JSON at byte %d: %s", syn.ByteOffset, msg)
	}
	return fmt.Errorf("not a valid archreview export: %v", err)
}

// pointerPath writes a JSON pointer the way Validate writes paths:
// /flows/2/contract becomes flows[2].contract.
func pointerPath(ptr string) string {
	return Printable(shortPath(pointerPathRaw(ptr)), false)
}

// maxPathRunes keeps a path in a message readable: a deeply nested file
// would otherwise name a path of thousands of [0]s.
const maxPathRunes = 80

// shortPath keeps the start and the end of a long path.
func shortPath(p string) string {
	r := []rune(p)
	if len(r) <= maxPathRunes {
		return p
	}
	return string(r[:maxPathRunes/2]) + "…" + string(r[len(r)-maxPathRunes/2:])
}

func pointerPathRaw(ptr string) string {
	var b strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		b.WriteString(tok)
	}
	return b.String()
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "value"
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "int"):
		return "a whole number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "model."), strings.HasPrefix(t, "string"):
		if t == "model.documentFile" || t == "model.Document" || t == "model.Session" || t == "model.Flow" || t == "model.System" ||
			t == "model.Risk" || t == "model.OpenQuestion" || strings.HasSuffix(t, "Step") ||
			t == "model.DomainDecision" || t == "model.Triage" || t == "model.Conflict" || t == "model.PackRef" || t == "*model.PackRef" ||
			t == "model.Target" || t == "model.HistoryEntry" {
			return "an object"
		}
		return "text"
	}
	return t
}

// EncodeDocument writes the document as indented JSON ending in a newline.
// The same document always gives the same bytes.
func EncodeDocument(d *Document) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteDocument(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteDocument is EncodeDocument streaming to w.
func WriteDocument(w io.Writer, d *Document) error { return WriteJSON(w, d) }

// WriteJSON writes v as archreview writes every JSON file, the document and
// its export alike: indented by two spaces, map keys sorted, ending in a
// newline, so the same value always gives the same bytes.
func WriteJSON(w io.Writer, v any) error {
	if err := json.MarshalWrite(w, v, jsontext.WithIndent("  "), json.Deterministic(true)); err != nil {
		return err
	}
	_, err := w.Write([]byte{'\n'})
	return err
}

// ContentRevision names the content of d: RevisionPrefix and a SHA-256
// over its parts (RevisionHasher), with the envelope (schema, export time,
// provenance) left out, so two copies with the same content have the same
// revision wherever and whenever they were written. The caller decides
// which form it names; archreview names a session's shareable form
// (model/report's Shareable: private notes out, credentials redacted), the
// form every copy that leaves the laptop has.
func ContentRevision(d *Document) (string, error) {
	r, err := NewRevisionHasher(d)
	if err != nil {
		return "", err
	}
	for i := range d.Flows {
		sum, err := FlowSum(&d.Flows[i])
		if err != nil {
			return "", err
		}
		r.Flow(sum)
	}
	return r.Revision(), nil
}

// RevisionHasher builds a revision part by part: the session without its
// flows, then each flow's FlowSum in order. A revision is the SHA-256 of
// those parts' SHA-256s, so the database can name a stored session a flow
// at a time, and an export the session it holds, and both agree.
type RevisionHasher struct{ h hash.Hash }

// NewRevisionHasher starts a revision with the session's own part: d
// without its flows and its envelope.
func NewRevisionHasher(d *Document) (*RevisionHasher, error) {
	c := *d
	c.Schema, c.ExportedAt, c.Provenance, c.Flows = SchemaID, "", Provenance{}, nil
	part := sha256.New()
	if err := WriteDocument(part, &c); err != nil {
		return nil, err
	}
	r := &RevisionHasher{h: sha256.New()}
	r.h.Write(part.Sum(nil))
	return r, nil
}

// FlowSum is the SHA-256 of one flow's canonical JSON: its part of a
// revision.
func FlowSum(f *Flow) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	part := sha256.New()
	if err := WriteJSON(part, f); err != nil {
		return sum, err
	}
	copy(sum[:], part.Sum(nil))
	return sum, nil
}

// Flow adds the next flow's part.
func (r *RevisionHasher) Flow(sum [sha256.Size]byte) { r.h.Write(sum[:]) }

// Revision is the revision of the parts added.
func (r *RevisionHasher) Revision() string {
	return RevisionPrefix + hex.EncodeToString(r.h.Sum(nil))
}
