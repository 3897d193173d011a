package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"archreview/model"
	"archreview/store/atomicfile"
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
// RescuePath), replacing an earlier rescue of the same run. When the
// database's folder is gone it is made again; when nothing can be written
// there the rescue goes to the home folder. It returns where the file is.
func (s *Store) WriteRescue(path string, doc *model.Document, now time.Time) (string, error) {
	c := *doc
	c.Schema = model.SchemaID
	c.ExportedAt = now.UTC().Truncate(time.Second).Format(time.RFC3339)
	write := func(w io.Writer) error { return model.WriteDocument(w, &c) }
	err := os.MkdirAll(filepath.Dir(path), 0o700)
	if err == nil {
		if err = atomicfile.WriteFunc(context.Background(), path, write); err == nil {
			return path, nil
		}
	}
	home, herr := os.UserHomeDir()
	if herr != nil {
		return "", fmt.Errorf("cannot write a rescue file: %w", err)
	}
	alt := filepath.Join(home, filepath.Base(path))
	if aerr := atomicfile.WriteFunc(context.Background(), alt, write); aerr != nil {
		return "", fmt.Errorf("cannot write a rescue file at %s or %s: %w", path, alt, errors.Join(err, aerr))
	}
	return alt, nil
}

// Protects reports, with a one-line error, whether path is one of the files
// the store's database lives in: the database itself (through any link), its
// lock, its compaction, its backups, its rescue files. An export must never
// be written over one of them.
func (s *Store) Protects(path string) error {
	target, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real
	} else if dir, err := filepath.EvalSymlinks(filepath.Dir(target)); err == nil {
		target = filepath.Join(dir, filepath.Base(target))
	}
	refuse := fmt.Errorf("%s is archreview's database or one of its files; export to another file", path)
	if fi, err := os.Stat(target); err == nil {
		for _, own := range []string{s.real, s.real + lockSuffix, s.real + compactSuffix} {
			if ofi, err := os.Stat(own); err == nil && os.SameFile(fi, ofi) {
				return refuse
			}
		}
	}
	if filepath.Dir(target) != filepath.Dir(s.real) {
		return nil
	}
	name, base := filepath.Base(target), filepath.Base(s.real)
	rest, ok := strings.CutPrefix(name, base)
	if !ok {
		return nil
	}
	switch {
	case rest == "", rest == lockSuffix, rest == compactSuffix,
		strings.HasPrefix(rest, rescueInfix),
		strings.HasPrefix(rest, ".v") && strings.HasSuffix(rest, ".bak"):
		return refuse
	}
	return nil
}
