package store

// The fault suite: a consultant's database file can be damaged by a full
// disk, a bad copy, a sync tool or a crash. Whatever the damage, opening it
// must end in a working store or a one-line refusal that leaves the file as
// it was, never in a panic, a hang or a trace that quotes client text.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// Every Open of an existing file re-executes this test binary to check it.
// Under -race each of those children would sleep a second on exit (the race
// runtime's atexit_sleep_ms), turning the fault suite's hundreds of opens into
// minutes; the checker has no goroutines left to report on when it exits.
func init() {
	if _, set := os.LookupEnv("GORACE"); !set {
		os.Setenv("GORACE", "atexit_sleep_ms=0")
	}
}

// soakRun reports whether the long runs were asked for (make soak).
func soakRun() bool { return os.Getenv("ARCHREVIEW_SOAK") != "" }

// soakSeed is the seed of a soak run: ARCHREVIEW_SOAK_SEED repeats a run
// whose figure line reported a failure.
func soakSeed() uint64 {
	if s, err := strconv.ParseUint(os.Getenv("ARCHREVIEW_SOAK_SEED"), 10, 64); err == nil {
		return s
	}
	return uint64(time.Now().UnixNano())
}

// faultMarker is in every answer of the synthetic sessions, so a refusal that
// quotes the file's text is caught.
const faultMarker = "fault-suite-answer"

// syntheticSession is the demo under a new id with longer answers, so the
// file has leaf, branch and overflow pages like a real day of workshops.
func syntheticSession(n int) *model.Document {
	d := model.DemoAnswers(testNow)
	d.Session.ID = model.NewIDAt(testNow, uint64(9000+n))
	d.Session.Name = fmt.Sprintf("Synthetic review %d", n)
	d.Session.Client = "Synthetic retailer (fictional)"
	for i := range d.Flows {
		f := &d.Flows[i]
		f.Source.Notes = strings.Repeat(fmt.Sprintf("%s %d/%d; ", faultMarker, n, i), 30)
		f.Contract.FieldMappings = strings.Repeat(fmt.Sprintf("sku -> item_no (%s %d)\n", faultMarker, i), 10*(i+1))
	}
	return d
}

// faultSeedDB returns the bytes of a real archreview database: the demo, a
// few synthetic sessions, and some saves on top so it also has free pages.
func faultSeedDB(t testing.TB) (data []byte, pageSize int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	for n := range 2 {
		doc := syntheticSession(n)
		if err := s.Create(doc); err != nil {
			t.Fatal(err)
		}
		f := doc.Flows[n]
		f.Owner.Notes = strings.Repeat(faultMarker+" edited; ", 20)
		if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}}); err != nil {
			t.Fatal(err)
		}
	}
	// Read while open: the file as it is mid-workshop or after a crash, with
	// free pages, before Close compacts them away.
	data, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	pageSize = int(binary.LittleEndian.Uint32(data[24:28])) // meta page 0: header, magic, version, page size
	if pageSize < 512 || len(data)%pageSize != 0 {
		t.Fatalf("seed database has page size %d and length %d", pageSize, len(data))
	}
	return data, pageSize
}

// highWater is the number of pages the newer meta page says are in use;
// the rest of the file is room to grow that no reader looks at.
func highWater(data []byte, pageSize int) int {
	meta := func(p int) (pgid, txid uint64) {
		m := data[p*pageSize+16:] // after the page header
		return binary.LittleEndian.Uint64(m[40:48]), binary.LittleEndian.Uint64(m[48:56])
	}
	p0, t0 := meta(0)
	p1, t1 := meta(1)
	if t1 > t0 {
		return int(p1)
	}
	return int(p0)
}

// foreignBoltDB is a bbolt file written by some other program.
func foreignBoltDB(t testing.TB) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(p, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		for i := range 200 {
			if err := b.Put([]byte(fmt.Sprintf("widget-%04d", i)), bytes.Repeat([]byte{byte(i)}, 100)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type faultCase struct {
	name string
	data []byte
}

// damager builds one damaged copy of the seed file.
type damager struct {
	seed     []byte
	pageSize int
	rng      *rand.Rand
}

func (d damager) copySeed() []byte { return append([]byte(nil), d.seed...) }

func (d damager) flip(n int, pastMeta bool) faultCase {
	b := d.copySeed()
	lo := 0
	if pastMeta {
		lo = 2 * d.pageSize
	}
	for range n {
		i := lo + d.rng.IntN(len(b)-lo)
		b[i] ^= byte(1 + d.rng.IntN(255))
	}
	where := "anywhere"
	if pastMeta {
		where = "past the meta pages"
	}
	return faultCase{fmt.Sprintf("%d bytes flipped %s", n, where), b}
}

func (d damager) zeroPage(p int) faultCase {
	b := d.copySeed()
	clear(b[p*d.pageSize : (p+1)*d.pageSize])
	return faultCase{fmt.Sprintf("page %d zeroed", p), b}
}

func (d damager) truncate(n int) faultCase {
	return faultCase{fmt.Sprintf("truncated to %d bytes", n), d.copySeed()[:n]}
}

func (d damager) garbage(n int) faultCase {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(d.rng.Uint32())
	}
	return faultCase{fmt.Sprintf("%d bytes of random garbage", n), b}
}

// random draws one damage of any kind.
func (d damager) random() faultCase {
	pages := len(d.seed) / d.pageSize
	switch d.rng.IntN(9) {
	case 0:
		return d.flip(1, false)
	case 1:
		return d.flip(8, false)
	case 2:
		return d.flip(64, false)
	case 3:
		return d.flip([]int{1, 8, 64}[d.rng.IntN(3)], true)
	case 4:
		return d.zeroPage(d.rng.IntN(pages))
	case 5:
		return d.truncate(1 + d.rng.IntN(len(d.seed)-1))
	case 6:
		return d.truncate(1 + d.rng.IntN(2*d.pageSize-1)) // inside the meta pages
	case 7:
		return d.truncate(d.pageSize * (1 + d.rng.IntN(pages-1))) // at a page boundary
	}
	return d.garbage(1 + d.rng.IntN(len(d.seed)))
}

// metaChecksumBroken flips a byte of the checksum of meta page p.
func (d damager) metaChecksumBroken(pages ...int) faultCase {
	b := d.copySeed()
	for _, p := range pages {
		b[p*d.pageSize+72] ^= 0x5A // page header 16 bytes, checksum at meta offset 56
	}
	return faultCase{fmt.Sprintf("meta checksum broken on pages %v", pages), b}
}

// keyRenamed flips the last byte of every occurrence of one of the store's
// own key names, as a single flipped byte in a key would: the file stays a
// consistent bbolt file, but a bucket the store relies on is gone.
func (d damager) keyRenamed(key string) faultCase {
	b := d.copySeed()
	word := func(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' }
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(key))
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(key)
		i = end
		if start > 0 && word(b[start-1]) || end < len(b) && word(b[end]) {
			continue // part of a longer word: "session" in "sessions"
		}
		b[end-1] ^= 0x01
	}
	return faultCase{fmt.Sprintf("key %q renamed", key), b}
}

// pageHeads calls fn with every page below the high-water mark whose header
// says it is that page and of the given type (0x01 branch, 0x02 leaf); free
// pages keep old headers, so some are stale, which does no harm here.
func (d damager) pageHeads(flags uint16, fn func(page int)) {
	for p := 2; p < highWater(d.seed, d.pageSize); p++ {
		base := p * d.pageSize
		if binary.LittleEndian.Uint64(d.seed[base:]) == uint64(p) && binary.LittleEndian.Uint16(d.seed[base+8:]) == flags {
			fn(p)
		}
	}
}

// leafElements calls fn with the file offset of each element of every leaf
// page and the element's key (element: flags, pos, ksize, vsize; 4 bytes each).
func (d damager) leafElements(fn func(elem int, key []byte)) {
	d.pageHeads(0x02, func(p int) {
		base := p * d.pageSize
		for i := range int(binary.LittleEndian.Uint16(d.seed[base+10:])) {
			elem := base + 16 + 16*i
			pos := int(binary.LittleEndian.Uint32(d.seed[elem+4:]))
			ksize := int(binary.LittleEndian.Uint32(d.seed[elem+8:]))
			if elem+pos+ksize > len(d.seed) {
				return
			}
			fn(elem, d.seed[elem+pos:elem+pos+ksize])
		}
	})
}

// lengthFaults garble lengths that bbolt's own check never reads: a value's
// length (then reading it runs off the file), the length of a small nested
// bucket such as a session's steps, and the overflow count of the last pages
// in use (then the first save frees pages that do not exist).
func (d damager) lengthFaults() []faultCase {
	var cases []faultCase
	garble := func(name string, at int, add uint32) {
		b := d.copySeed()
		binary.LittleEndian.PutUint32(b[at:], binary.LittleEndian.Uint32(b[at:])+add)
		cases = append(cases, faultCase{name, b})
	}
	values, steps := 0, 0
	d.leafElements(func(elem int, key []byte) {
		bucket := binary.LittleEndian.Uint32(d.seed[elem:])&0x01 != 0
		switch {
		case bucket && string(key) == string(bucketSteps) && steps < 3:
			steps++
			garble(fmt.Sprintf("steps bucket length garbled at %d", elem), elem+12, 0x00730000)
		case !bucket && values < 4 && elem%3 == 0:
			values++
			garble(fmt.Sprintf("value length garbled at %d", elem), elem+12, 0x00730000)
		}
	})
	var last []int
	d.pageHeads(0x02, func(p int) { last = append(last, p) })
	d.pageHeads(0x01, func(p int) { last = append(last, p) })
	slices.Sort(last)
	for _, p := range last[max(len(last)-3, 0):] {
		garble(fmt.Sprintf("overflow count garbled on page %d", p), p*d.pageSize+12, 48)
	}
	return cases
}

// fixedFaults are the damages every run tries.
func fixedFaults(t testing.TB, d damager, everyPage bool) []faultCase {
	both := d.copySeed()
	clear(both[:2*d.pageSize])
	cases := []faultCase{
		d.zeroPage(0),
		d.zeroPage(1),
		{"both meta pages zeroed", both},
		d.metaChecksumBroken(0),
		d.metaChecksumBroken(1),
		d.metaChecksumBroken(0, 1),
		d.truncate(d.pageSize / 2),
		d.truncate(d.pageSize),
		d.truncate(2 * d.pageSize),
		d.truncate(len(d.seed) - d.pageSize),
		{"empty file", nil},
		{"one byte", []byte{0}},
		{"another program's bbolt file", foreignBoltDB(t)},
		{"a text file", []byte("Workshop agenda\n1. orders\n2. stock\n")},
		d.garbage(len(d.seed)),
		d.garbage(3 * d.pageSize),
	}
	for _, k := range []string{"archreview", "sessions", "flows", "steps", "session", "systems", "questions", "flow_order", "schema"} {
		cases = append(cases, d.keyRenamed(k))
	}
	cases = append(cases, d.lengthFaults()...)
	if everyPage {
		for p := 2; p < highWater(d.seed, d.pageSize); p++ {
			cases = append(cases, d.zeroPage(p))
		}
	}
	return cases
}

// openTimeout is how long one Open may take before it counts as a hang; the
// child check gives up after checkTimeout, so only a real hang gets here.
const openTimeout = 20 * time.Second

type faultTally struct {
	mu                                          sync.Mutex
	tried, panics, hangs, changed, badMessages  int
	openedClean, refused, readOnlyOpened, wrote int
}

func (ft *faultTally) add(f func(*faultTally)) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	f(ft)
}

// TestDamagedDatabases opens damaged copies of a real database with Open and
// OpenReadOnly and holds every outcome to the bar in DESIGN §6.
func TestDamagedDatabases(t *testing.T) {
	seed, pageSize := faultSeedDB(t)
	runSeed, random := uint64(20260314), 40
	if soakRun() {
		runSeed, random = soakSeed(), 500
	}
	d := damager{seed: seed, pageSize: pageSize, rng: rand.New(rand.NewPCG(runSeed, runSeed^0x9e3779b97f4a7c15))}
	cases := fixedFaults(t, d, !soakRun())
	for range random {
		cases = append(cases, d.random())
	}

	// Said first as well, so a run that dies can be repeated.
	fmt.Printf("damaged files: seed=%d (ARCHREVIEW_SOAK_SEED repeats a soak run)\n", runSeed)
	var tally faultTally
	t.Run("cases", func(t *testing.T) {
		for i, c := range cases {
			t.Run(fmt.Sprintf("%03d %s", i, c.name), func(t *testing.T) {
				t.Parallel()
				tryDamagedFile(t, c, &tally)
			})
		}
	})
	// pages=in use/in the file; opened-clean and refused count Open, the
	// read-write open the app makes.
	fmt.Printf("soak: damaged files seed=%d pages=%d/%d tried=%d panics=%d hangs=%d changed=%d bad-messages=%d opened-clean=%d refused=%d read-only-opened=%d written-after-open=%d\n",
		runSeed, highWater(seed, pageSize), len(seed)/pageSize, tally.tried, tally.panics, tally.hangs, tally.changed, tally.badMessages,
		tally.openedClean, tally.refused, tally.readOnlyOpened, tally.wrote)
}

func tryDamagedFile(t *testing.T, c faultCase, tally *faultTally) {
	dir := t.TempDir()
	path := filepath.Join(dir, "review.db")
	if err := os.WriteFile(path, c.data, 0o600); err != nil {
		t.Fatal(err)
	}
	before := sha256.Sum256(c.data)
	tally.add(func(ft *faultTally) { ft.tried++ })

	for _, readOnly := range []bool{true, false} {
		mode := "Open"
		if readOnly {
			mode = "OpenReadOnly"
		}
		out := openDamaged(path, readOnly)
		switch {
		case out.hung:
			tally.add(func(ft *faultTally) { ft.hangs++ })
			t.Fatalf("%s hung for %v", mode, openTimeout)
		case out.panicked != "":
			tally.add(func(ft *faultTally) { ft.panics++ })
			t.Errorf("%s: panic: %s", mode, out.panicked)
		case out.err != nil:
			if problem := refusalProblem(out.err.Error(), path, c.data); problem != "" {
				tally.add(func(ft *faultTally) { ft.badMessages++ })
				t.Errorf("%s refusal %s: %q", mode, problem, out.err)
			}
			if got := readHash(t, path); got != before {
				tally.add(func(ft *faultTally) { ft.changed++ })
				t.Errorf("%s refused the file but changed it", mode)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%s refused the file but left files beside it: %v", mode, entries)
			}
			if !readOnly {
				tally.add(func(ft *faultTally) { ft.refused++ })
			}
		default:
			if readOnly {
				tally.add(func(ft *faultTally) { ft.readOnlyOpened++ })
			} else {
				tally.add(func(ft *faultTally) { ft.openedClean++ })
				if out.wrote {
					tally.add(func(ft *faultTally) { ft.wrote++ })
				}
			}
			// The seed is a file as a crashed writer left it, due a
			// compaction that a read-write open finishes: only a reader
			// must leave it byte for byte.
			if out.changedOnOpen && readOnly {
				tally.add(func(ft *faultTally) { ft.changed++ })
				t.Errorf("%s changed a file it accepted before anything was saved", mode)
			}
			for _, p := range out.usePanics {
				tally.add(func(ft *faultTally) { ft.panics++ })
				t.Errorf("%s opened it, then %s", mode, p)
			}
			before = readHash(t, path) // the writes after Open may change it
		}
	}
}

type damagedOutcome struct {
	err           error
	panicked      string
	hung          bool
	changedOnOpen bool
	wrote         bool
	usePanics     []string
}

// openDamaged opens the file and, when it opens, uses it as the app would:
// list, load every session, and (read-write) save to each and add one.
func openDamaged(path string, readOnly bool) damagedOutcome {
	done := make(chan damagedOutcome, 1)
	go func() {
		// A damaged page can make a read fault rather than panic; in this
		// goroutine that becomes a panic the suite counts, instead of a
		// crash that ends it without saying which file did it.
		debug.SetPanicOnFault(true)
		var out damagedOutcome
		defer func() {
			if r := recover(); r != nil {
				out.panicked = fmt.Sprint(r)
			}
			done <- out
		}()
		before, _ := os.ReadFile(path)
		opener := Open
		if readOnly {
			opener = OpenReadOnly
		}
		s, err := opener(path)
		if err != nil {
			out.err = err
			return
		}
		after, _ := os.ReadFile(path)
		out.changedOnOpen = !bytes.Equal(before, after)
		use := func(what string, fn func()) {
			defer func() {
				if r := recover(); r != nil {
					out.usePanics = append(out.usePanics, fmt.Sprintf("%s panicked: %v", what, r))
				}
			}()
			fn()
		}
		// Close compacts a file that was written to, reading every page.
		defer use("Close", func() { _ = s.Close() })
		var list []SessionInfo
		use("List", func() { list, _ = s.List() })
		for _, info := range list {
			var doc *model.Document
			use("Load", func() { doc, _ = s.Load(info.ID) })
			if doc == nil || readOnly {
				continue
			}
			use("Save", func() {
				c := Changes{Session: &doc.Session, Flows: doc.Flows[:min(1, len(doc.Flows))]}
				if s.Save(info.ID, c) == nil {
					out.wrote = true
				}
			})
		}
		if !readOnly {
			use("Create", func() {
				fresh := model.NewSessionDocument(model.Session{ID: model.NewIDAt(testNow, 77), Name: "Added after damage"}, testNow)
				if s.Create(fresh) == nil {
					out.wrote = true
				}
			})
		}
	}()
	select {
	case out := <-done:
		return out
	case <-time.After(openTimeout):
		return damagedOutcome{hung: true}
	}
}

func readHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

var (
	hexRun  = regexp.MustCompile(`(?i)\b(0x)?[0-9a-f]{8,}\b|\b([0-9a-f]{2} ){4,}`)
	ulidRun = regexp.MustCompile(`[0-9A-HJKMNP-TV-Z]{26}`)
)

// refusalProblem says what is wrong with a refusal's message, or "": it must
// be one line naming the file, and say nothing of the library's internals or
// the file's content.
func refusalProblem(msg, path string, file []byte) string {
	if strings.ContainsAny(msg, "\r\n") {
		return "is not one line"
	}
	if !strings.Contains(msg, path) {
		return "does not name the file"
	}
	lower := strings.ToLower(msg)
	for _, w := range []string{"panic", "goroutine", "runtime error", "index out of range", "nil pointer", "sigsegv", "sigbus", "unexpected fault", "invalid memory"} {
		if strings.Contains(lower, w) {
			return "mentions " + w
		}
	}
	rest := strings.ReplaceAll(msg, path, "")
	for _, r := range rest {
		if r < 0x20 || r > 0x7e {
			return fmt.Sprintf("holds the byte %U", r)
		}
	}
	if hexRun.MatchString(rest) {
		return "holds a hex dump"
	}
	if ulidRun.MatchString(rest) || strings.Contains(rest, faultMarker) {
		return "quotes an id or an answer from the file"
	}
	// Any 24 bytes of the message that also occur in the file are quoted
	// from it: no sentence of ours is in a workshop's answers.
	for i := 0; i+24 <= len(rest); i++ {
		if bytes.Contains(file, []byte(rest[i:i+24])) {
			return fmt.Sprintf("quotes the file (%q)", rest[i:i+24])
		}
	}
	return ""
}

// TestNewerSchemaRefusedByBothOpens extends TestRefusesNewerSchemaUntouched
// to the read-only open that list and export use.
func TestNewerSchemaRefusedByBothOpens(t *testing.T) {
	// A version too large for an int is still a newer one, not damage.
	for _, schema := range []string{"99", "999999999999999999999"} {
		t.Run(schema, func(t *testing.T) {
			s, path := openTemp(t)
			if err := s.Create(model.DemoAnswers(testNow)); err != nil {
				t.Fatal(err)
			}
			s.Close()
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte(schema)) }); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before := readHash(t, path)
			for _, readOnly := range []bool{false, true} {
				opener := Open
				if readOnly {
					opener = OpenReadOnly
				}
				_, err := opener(path)
				if !IsKind(err, KindNewer) || !strings.Contains(err.Error(), "schema "+schema) || !strings.Contains(err.Error(), path) {
					t.Fatalf("read-only %v: got %v, want a newer-schema refusal naming the file", readOnly, err)
				}
				if readHash(t, path) != before {
					t.Fatalf("read-only %v: the refused file was changed", readOnly)
				}
			}
		})
	}
}

// An older file opened read-only is refused without a byte written, with a
// sentence saying how to upgrade it.
func TestOlderSchemaReadOnlyIsRefusedUntouched(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	from := pretendNextSchema(t, func(tx *bolt.Tx) error { return nil })
	before := readHash(t, path)
	_, err := OpenReadOnly(path)
	if err == nil || !strings.Contains(err.Error(), "upgrade") || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v, want an upgrade-first refusal naming the file", err)
	}
	if readHash(t, path) != before {
		t.Fatal("a read-only open changed the file")
	}
	if _, err := os.Stat(fmt.Sprintf("%s.v%d.bak", path, from)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a read-only open wrote a backup: %v", err)
	}
}

// holdEnv asks the test binary, re-executed, to open a database, keep saving
// to it and never let go, as a writer does until its laptop dies.
const holdEnv = "ARCHREVIEW_TEST_HOLD_DB"

// TestHoldDatabaseHelper is the writer TestStaleLockAfterKill kills; run
// normally it does nothing.
func TestHoldDatabaseHelper(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("only runs as the child of TestStaleLockAfterKill")
	}
	s, err := Open(path)
	if err != nil {
		fmt.Printf("hold failed: %v\n", err)
		os.Exit(1)
	}
	doc := model.DemoAnswers(testNow)
	if err := s.Create(doc); err != nil {
		fmt.Printf("hold failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("holding")
	for i := 0; ; i++ {
		f := doc.Flows[i%len(doc.Flows)]
		f.Source.Notes = fmt.Sprintf("edit %d %s", i, strings.Repeat("typing ", i%200))
		if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session, Flows: []model.Flow{f}}); err != nil {
			fmt.Printf("hold failed: %v\n", err)
			os.Exit(1)
		}
	}
}

// A writer killed with kill -9 (a frozen laptop, a killed terminal) leaves no
// lock behind: the next archreview opens the file at once, and finds every
// committed answer.
func TestStaleLockAfterKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "review.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDatabaseHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		first := "the writer ended"
		for sc.Scan() {
			if l := sc.Text(); l == "holding" || strings.HasPrefix(l, "hold failed") {
				first = l
				break
			}
		}
		ready <- first
		_, _ = io.Copy(io.Discard, stdout) // never let the writer block on a full pipe
	}()
	select {
	case l := <-ready:
		if l != "holding" {
			t.Fatalf("the writer did not start: %s", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the writer did not start within 30s")
	}
	time.Sleep(200 * time.Millisecond) // let it be mid-save when it dies

	// While it lives, the file is in use: this proves the child held the lock.
	if _, err := Open(path); !IsKind(err, KindInUse) {
		t.Fatalf("open while the writer lives: %v, want in use", err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the writer did not die within 10s of kill -9")
	}

	start := time.Now()
	s, err := Open(path)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("open after the writer was killed: %v", err)
	}
	defer s.Close()
	if took > time.Second {
		t.Errorf("open after the writer was killed took %v, want under 1s", took)
	}
	t.Logf("open after kill -9 took %v", took)
	doc, err := s.Load(model.DemoSessionID)
	if err != nil {
		t.Fatalf("the killed writer's session cannot be loaded: %v", err)
	}
	if ps := model.Validate(doc); len(ps) > 0 {
		t.Fatalf("the killed writer's session no longer validates: %v", ps)
	}
}

// Deleting a session, or a flow, must take its text out of the file: bbolt
// leaves deleted values in free pages, where anyone with the file (a backup,
// a copy sent to IT) can read them.
func TestDeletedTextIsNotInTheFile(t *testing.T) {
	t.Run("session", func(t *testing.T) {
		s, path := openTemp(t)
		gone := syntheticSession(1)
		marker := "DELETED-SESSION-TEXT-41c7"
		gone.Session.Notes = marker
		gone.Flows[3].Failure.Risks[0].Fix = strings.Repeat(marker+" ", 40)
		keep := syntheticSession(2)
		for _, d := range []*model.Document{gone, keep} {
			if err := s.Create(d); err != nil {
				t.Fatal(err)
			}
		}
		requireInFile(t, path, marker, true)
		if err := s.DeleteSession(gone.Session.ID); err != nil {
			t.Fatal(err)
		}
		requireInFile(t, path, marker, false)
		if _, err := s.Load(keep.Session.ID); err != nil {
			t.Fatalf("the other session did not survive: %v", err)
		}
	})
	t.Run("flow", func(t *testing.T) {
		s, path := openTemp(t)
		doc := syntheticSession(3)
		marker := "DELETED-FLOW-TEXT-93be"
		victim := doc.Flows[2]
		victim.Name = "Flow to delete " + marker
		victim.Contract.Payload = strings.Repeat(marker+" payload ", 60)
		victim.Owner.PrivateNotes = marker
		doc.Flows[2] = victim
		if err := s.Create(doc); err != nil {
			t.Fatal(err)
		}
		// Saved a few times over, as autosave does while the room talks.
		for i := range 3 {
			victim.Source.Notes = fmt.Sprintf("%s typed %d", marker, i)
			if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{victim}}); err != nil {
				t.Fatal(err)
			}
		}
		requireInFile(t, path, marker, true)
		// The TUI deletes a flow by saving the new order with PruneFlows.
		var order []string
		for _, f := range doc.Flows {
			if f.ID != victim.ID {
				order = append(order, f.ID)
			}
		}
		if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session, FlowOrder: order, PruneFlows: true}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Load(doc.Session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(got.Flows, func(f model.Flow) bool { return f.ID == victim.ID }) {
			t.Fatal("the flow was not deleted")
		}
		requireInFile(t, path, marker, false)
	})
}

func requireInFile(t *testing.T, path, marker string, want bool) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.Contains(raw, []byte(marker)); got != want {
		if want {
			t.Fatalf("the marker is not in the file before deleting: the test proves nothing")
		}
		t.Fatalf("deleted text is still readable in %s (%d copies of the marker)", filepath.Base(path), bytes.Count(raw, []byte(marker)))
	}
}
