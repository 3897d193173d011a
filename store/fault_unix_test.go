//go:build unix

package store

import (
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// An older file is upgraded in place after a backup that holds the client's
// answers, so the backup must be as private as the database whatever the
// umask, and even when an old backup with loose permissions is in the way.
func TestMigrationBackupIsPrivate(t *testing.T) {
	cases := []struct {
		name       string
		umask      int
		staleMode  os.FileMode // 0: no earlier backup
		wantNotice bool
	}{
		{"umask 022", 0o022, 0, false},
		{"umask 000", 0o000, 0, false},
		{"stale world-readable backup", 0o022, 0o644, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, path := openTemp(t)
			if err := s.Create(model.DemoAnswers(testNow)); err != nil {
				t.Fatal(err)
			}
			s.Close()
			backup := fmt.Sprintf("%s.v%d.bak", path, CurrentSchema())
			if c.staleMode != 0 {
				if err := os.WriteFile(backup, []byte("an earlier, interrupted upgrade"), c.staleMode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(backup, c.staleMode); err != nil {
					t.Fatal(err)
				}
			}
			old := syscall.Umask(c.umask)
			defer syscall.Umask(old)
			from := pretendNextSchema(t, func(tx *bolt.Tx) error { return nil })

			s2, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			fi, err := os.Stat(backup)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("backup mode %04o, want 0600", fi.Mode().Perm())
			}
			if v, err := Check(backup); err != nil || v != from {
				t.Errorf("backup is not the schema-%d database: version %d, %v", from, v, err)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
				t.Errorf("database mode %04o after upgrading, want 0600", fi.Mode().Perm())
			}
		})
	}
}
