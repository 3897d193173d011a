package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store/atomicfile"
)

// A rescue file holds an open session when its database can no longer take
// it: swapped, deleted, written over, or wedged. It is the session's JSON
// document with every byte the room typed (private notes included, nothing
// redacted), 0600, and `archreview import --replace` reads it back.

// rescueInfix names rescue files: review.db.rescue-20261201T213605Z.json.
const rescueInfix = ".rescue-"

// RescuePath is where a rescue file written at now goes: beside the database.
func (s *Store) RescuePath(now time.Time) string {
	return s.real + rescueInfix + now.UTC().Format("20060102T150405Z") + ".json"
}

// WriteRescue writes the session to the rescue file at path (from
// RescuePath), replacing an earlier rescue of the same run but never a
// database or another of its files (see Protected). When the database's
// folder is gone it is made again; when nothing can be written there the
// rescue goes to the home folder. It returns where the file is.
func (s *Store) WriteRescue(path string, doc *model.Document, now time.Time) (string, error) {
	c := *doc
	c.Schema = model.SchemaID
	c.ExportedAt = now.UTC().Truncate(time.Second).Format(time.RFC3339)
	write := func(w io.Writer) error { return model.WriteDocument(w, &c) }
	writeAt := func(p string) error {
		if err := protected(p, s.real, "the rescue", rescueFile); err != nil {
			return err
		}
		return atomicfile.WriteFunc(context.Background(), p, write)
	}
	err := os.MkdirAll(filepath.Dir(path), 0o700)
	if err == nil {
		if err = writeAt(path); err == nil {
			return path, nil
		}
	}
	home, herr := os.UserHomeDir()
	if herr != nil {
		return "", fmt.Errorf("cannot write a rescue file: %w", err)
	}
	alt := filepath.Join(home, filepath.Base(path))
	if aerr := writeAt(alt); aerr != nil {
		return "", fmt.Errorf("cannot write a rescue file at %s or %s: %w", path, alt, errors.Join(err, aerr))
	}
	return alt, nil
}
