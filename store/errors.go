package store

import (
	"errors"
	"fmt"
	"os"

	"github.com/archreview/archreview/model"

	berrors "go.etcd.io/bbolt/errors"
)

// Kind names why a database file was refused.
type Kind string

const (
	KindInUse       Kind = "in-use"
	KindNotDatabase Kind = "not-database"
	KindEmpty       Kind = "empty"
	KindDamaged     Kind = "damaged"
	KindNewer       Kind = "newer"
	KindPermission  Kind = "permission"
)

// OpenError is a database file archreview refused to open, with the reason in
// one sentence a consultant can act on. The file is left as it was.
type OpenError struct {
	Path    string
	Kind    Kind
	Version int // the file's schema version, for KindNewer
	// Detail says in plain words what the check found, for KindDamaged; it
	// never quotes the file's content or the library's internals.
	Detail string
}

func (e *OpenError) Error() string {
	switch e.Kind {
	case KindInUse:
		return fmt.Sprintf("%s is open in another archreview; close it and try again", e.Path)
	case KindNotDatabase:
		return fmt.Sprintf("%s is not an archreview database, or its header is damaged; check the path given with --db or ARCHREVIEW_DB", e.Path)
	case KindEmpty:
		return fmt.Sprintf("%s is an empty file, not an archreview database; check the path or remove the file", e.Path)
	case KindNewer:
		version := fmt.Sprint(e.Version)
		if e.Version == 0 && e.Detail != "" {
			version = e.Detail // beyond an int
			if len(version) > 24 {
				version = version[:24] + "…"
			}
		}
		return fmt.Sprintf("%s was written by a newer archreview (schema %s, this one reads up to %d); update archreview to open it", e.Path, version, CurrentSchema())
	case KindPermission:
		return fmt.Sprintf("%s cannot be opened: permission denied", e.Path)
	}
	if e.Detail != "" {
		return fmt.Sprintf("%s is damaged (%s) and was left as it was; restore it from a copy or an export", e.Path, e.Detail)
	}
	return fmt.Sprintf("%s is damaged and was left as it was; restore it from a copy or an export", e.Path)
}

// IsKind reports whether err is an OpenError of the kind.
func IsKind(err error, k Kind) bool {
	var oe *OpenError
	return errors.As(err, &oe) && oe.Kind == k
}

// classifyOpenError says, as an OpenError, why bbolt would not open a file.
func classifyOpenError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &OpenError{Path: path, Kind: KindInUse}
	case errors.Is(err, berrors.ErrInvalid):
		return &OpenError{Path: path, Kind: KindNotDatabase}
	case errors.Is(err, berrors.ErrVersionMismatch):
		return &OpenError{Path: path, Kind: KindDamaged, Detail: "its header names an unknown format version"}
	case errors.Is(err, berrors.ErrChecksum):
		return &OpenError{Path: path, Kind: KindDamaged, Detail: "its header fails its checksum"}
	case errors.Is(err, os.ErrPermission):
		return &OpenError{Path: path, Kind: KindPermission}
	}
	return &OpenError{Path: path, Kind: KindDamaged, Detail: "it cannot be opened"}
}

// ErrNotFound is what every "no such session" error Is, whatever its words.
var ErrNotFound = errors.New("no such session")

// notFound says which session is missing in a sentence of its own.
type notFound struct{ msg string }

func (e notFound) Error() string        { return e.msg }
func (e notFound) Is(target error) bool { return target == ErrNotFound }

func notFoundf(format string, args ...any) error { return notFound{fmt.Sprintf(format, args...)} }

// DamagedError is a session that cannot be read: a stored value of it fails
// its checksum or does not decode, or a part of it is missing. The file's
// other sessions read as ever.
type DamagedError struct {
	ID string // the session's id, as its bucket is named
	// Name is the session's name from its record, or from its merge base
	// when the record is what is damaged; "" when neither reads.
	Name string
	Part string // what cannot be read: "its record", "one of its flows"…
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("session %s is damaged and cannot be read (the damage is in %s); archreview export --all -o DIR saves the others", e.Label(), e.Part)
}

// Label names the session as a person knows it: "Race 17 (01J…)", or its id
// alone when its name cannot be read. A garbled id is not repeated.
func (e *DamagedError) Label() string {
	switch valid := model.ValidID(e.ID); {
	case e.Name == "" && valid:
		return e.ID
	case e.Name == "":
		return "with an unreadable id"
	case valid:
		return e.Name + " (" + e.ID + ")"
	}
	return e.Name + " (its id unreadable)"
}

// ExistsError is returned when a session with the same id is already stored.
type ExistsError struct {
	ID, Name string
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("session %q (%s) is already in this database; delete it first or import with --replace", e.Name, e.ID)
}
