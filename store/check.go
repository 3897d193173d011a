package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/archreview/archreview/store/atomicfile"

	bolt "go.etcd.io/bbolt"
)

// checkEnv carries the path to check into the child process. A binary that
// calls RunCheckerIfAsked first thing in main (and a test binary that calls it
// in TestMain) becomes the checker when it is set.
const checkEnv = "ARCHREVIEW_CHECK_DB"

// RunCheckerIfAsked turns this process into the database checker when the
// parent asked for one, and exits; otherwise it returns at once. A damaged
// page can make bbolt fault or panic, so the first read of a file happens in a
// child whose crash is only a verdict.
func RunCheckerIfAsked() {
	path, ok := os.LookupEnv(checkEnv)
	if !ok {
		return
	}
	version, damaged, err := check(path)
	w := bufio.NewWriter(os.Stdout)
	if err != nil {
		var oe *OpenError
		if errors.As(err, &oe) {
			fmt.Fprintf(w, "verdict %s %d %s\n", oe.Kind, oe.Version, oneLine(oe.Detail))
		} else {
			fmt.Fprintf(w, "verdict %s 0 %s\n", KindDamaged, oneLine(err.Error()))
		}
	} else {
		// The ids come from the file: hex keeps a garbled one on its line.
		hexIDs := make([]string, len(damaged))
		for i, id := range damaged {
			hexIDs[i] = hex.EncodeToString([]byte(id))
		}
		fmt.Fprintf(w, "verdict ok %d %s\n", version, strings.Join(hexIDs, ","))
	}
	w.Flush()
	os.Exit(0)
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// Check opens the file read-only, confirms it is an archreview database of a
// schema this build can read, and runs bbolt's consistency check. It never
// writes to the file. It runs in the child process; call checkInChild instead.
func Check(path string) (version int, err error) {
	version, _, err = check(path)
	return version, err
}

// check is Check that also lists the sessions that cannot be read (see
// damagedSessions): those hide themselves, not the file.
func check(path string) (version int, damaged []string, err error) {
	// The file's size is read through the very file bbolt opened and
	// locked: read by path, it could be a newer file that a compaction
	// renamed into place meanwhile.
	var file *os.File
	open := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout, OpenFile: open})
	if err != nil {
		return 0, nil, classifyOpenError(path, err)
	}
	defer db.Close()
	fi, err := file.Stat()
	if err != nil {
		return 0, nil, &OpenError{Path: path, Kind: KindDamaged, Detail: "it cannot be read"}
	}
	err = db.View(func(tx *bolt.Tx) error {
		// The tree walk reads the map of the very file bbolt opened and
		// locked, no further than the file's end (a truncated file's data
		// would end past it), so it cannot fault; a copy would double the
		// check's memory.
		sound := func() bool {
			var problems []string
			for e := range tx.Check() {
				problems = append(problems, e.Error())
			}
			raw := mapped(tx)
			raw = raw[:min(int64(len(raw)), fi.Size())]
			return len(problems) == 0 && pageRunsFit(tx) && keysAndValuesInFile(tx) && treeSound(tx, raw)
		}
		damagedStructure := &OpenError{Path: path, Kind: KindDamaged, Detail: "its internal structure is inconsistent"}
		meta := tx.Bucket(bucketMeta)
		if meta == nil || string(meta.Get(keyApp)) != appMarker {
			// Pages garbled throughout can take the marker with them: that
			// file is damaged, not another program's.
			if !sound() {
				return damagedStructure
			}
			return &OpenError{Path: path, Kind: KindNotDatabase}
		}
		schema := string(meta.Get(keySchema))
		v, convErr := strconv.Atoi(schema)
		if convErr != nil && atomicfile.IsDigits(schema) && schema[0] != '0' {
			// Too large for an int is still a version number: a newer one.
			return &OpenError{Path: path, Kind: KindNewer, Detail: oneLine(schema)}
		}
		if convErr != nil || v < 1 {
			return &OpenError{Path: path, Kind: KindDamaged, Detail: "its schema version is unreadable"}
		}
		version = v
		if v > CurrentSchema() {
			return &OpenError{Path: path, Kind: KindNewer, Version: v}
		}
		if !sound() {
			return damagedStructure
		}
		if err := checkRecords(tx); err != nil {
			return err
		}
		damaged = damagedSessions(tx, v < summedSchema)
		return nil
	})
	if err != nil {
		var oe *OpenError
		switch {
		case !errors.As(err, &oe):
			err = &OpenError{Path: path, Kind: KindDamaged, Detail: "part of it cannot be read"}
		case oe.Path == "":
			oe.Path = path // checkRecords does not know it
		}
		return version, nil, err
	}
	return version, damaged, nil
}

// checkRecords confirms the file has its list of sessions. What is inside a
// session is that session's own: a record or an answer that fails its
// checksum or does not decode, or a session missing its flows, hides that
// session alone, which List marks damaged and Load refuses by name, while
// the file and its other sessions open. bbolt's check and the tree walk
// above have bounded every page, key and value, which is what could crash a
// reader; values are not decoded here, so a cold start stays quick however
// large the sessions.
func checkRecords(tx *bolt.Tx) error {
	if tx.Bucket(bucketSessions) == nil {
		return &OpenError{Kind: KindDamaged, Detail: "its list of sessions is missing"}
	}
	return nil
}

// childChecks counts the checks run, for tests of when one is skipped.
var childChecks atomic.Int64

// checkInChild runs Check in a fresh copy of this executable and reads its
// verdict. A crash, a hang or silence all mean the file cannot be trusted.
func checkInChild(path string) (version int, damaged []string, err error) {
	childChecks.Add(1)
	exe, err := os.Executable()
	if err != nil {
		return 0, nil, fmt.Errorf("cannot find the archreview program to check %s: %w", path, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), checkEnv+"="+path)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = nil // a panic's trace may quote client text: never shown
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return 0, nil, &OpenError{Path: path, Kind: KindDamaged, Detail: "checking it took too long"}
	}
	for line := range strings.SplitSeq(out.String(), "\n") {
		rest, ok := strings.CutPrefix(line, "verdict ")
		if !ok {
			continue
		}
		fields := strings.SplitN(rest, " ", 3)
		if fields[0] == "ok" && len(fields) >= 2 {
			v, _ := strconv.Atoi(fields[1])
			if len(fields) == 3 && fields[2] != "" {
				for h := range strings.SplitSeq(fields[2], ",") {
					if id, err := hex.DecodeString(h); err == nil {
						damaged = append(damaged, string(id))
					}
				}
			}
			return v, damaged, nil
		}
		if len(fields) < 2 {
			break
		}
		v, _ := strconv.Atoi(fields[1])
		detail := ""
		if len(fields) == 3 {
			detail = fields[2]
		}
		return v, nil, &OpenError{Path: path, Kind: Kind(fields[0]), Version: v, Detail: detail}
	}
	if runErr != nil {
		return 0, nil, &OpenError{Path: path, Kind: KindDamaged, Detail: "reading it fails"}
	}
	return 0, nil, fmt.Errorf("could not check %s: the checker gave no verdict (a test binary must call store.RunCheckerIfAsked in TestMain)", path)
}
