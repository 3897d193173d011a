package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/pack"

	"github.com/adrg/xdg"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"
)

// packsDir is where the user's own question packs live.
func packsDir() string { return filepath.Join(xdg.ConfigHome, "archreview", "packs") }

// packs reads the built-in packs, the user's folder and the extra files
// given (--pack FILE, or the file being validated, which is read last and
// not a second time from the folder). A pack refused is skipped with its
// error in the library; a file of the folder that cannot be read is a
// notice; an extra file that cannot be read is an error.
func loadPacks(extra ...string) (lib *pack.Library, notices []string, err error) {
	var files []pack.File
	paths, _ := filepath.Glob(filepath.Join(packsDir(), "*.yaml"))
	slices.Sort(paths)
	for _, p := range paths {
		if slices.ContainsFunc(extra, func(x string) bool { return sameFile(x, p) }) {
			continue
		}
		f, err := readPack(p)
		if err != nil {
			notices = append(notices, err.Error())
			continue
		}
		files = append(files, f)
	}
	for _, p := range extra {
		f, err := readPack(p)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, f)
	}
	lib = pack.Load(files...)
	for _, e := range lib.Skipped {
		notices = append(notices, "skipped the question pack "+e.Error())
	}
	return lib, notices, nil
}

// readPack reads one pack file, never more than a pack may hold.
func readPack(path string) (pack.File, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return pack.File{}, fmt.Errorf("the question pack %s does not exist", path)
		}
		return pack.File{}, fmt.Errorf("cannot read the question pack %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return pack.File{}, fmt.Errorf("the question pack %s is not a file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, pack.MaxBytes+1))
	if err != nil {
		return pack.File{}, fmt.Errorf("cannot read the question pack %s: %w", path, err)
	}
	if len(data) > pack.MaxBytes {
		if fi, err := f.Stat(); err == nil {
			return pack.File{}, pack.SizeError(path, fi.Size())
		}
	}
	return pack.File{Name: path, Data: data}, nil
}

func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// warn writes notices to stderr, one line each.
func (a *app) warn(notices []string) {
	for _, n := range notices {
		fmt.Fprintln(a.errOut, "archreview: "+model.Printable(n, false))
	}
}

// choosePack finds the pack `new --pack` names: an id, or a pack file.
func (a *app) choosePack(arg string) (*pack.Pack, error) {
	isFile := strings.ContainsRune(arg, os.PathSeparator) || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml")
	if !isFile {
		lib, notices, err := loadPacks()
		if err != nil {
			return nil, err
		}
		a.warn(notices)
		if p := lib.Get(arg); p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("there is no question pack %q; archreview packs lists them", model.Printable(arg, false))
	}
	lib, notices, err := loadPacks(arg)
	if err != nil {
		return nil, err
	}
	if err := lib.SkippedFile(arg); err != nil {
		return nil, err
	}
	a.warn(notices)
	p := packFrom(lib, arg)
	if !strings.HasPrefix(p.From, packsDir()+string(os.PathSeparator)) {
		a.warn([]string{fmt.Sprintf("the session uses the pack %s from %s; copy the file into %s so the app finds it next time", p.ID, arg, packsDir())})
	}
	return p, nil
}

// packFrom is the pack read from the file of that name.
func packFrom(lib *pack.Library, name string) *pack.Pack {
	for _, p := range lib.Packs() {
		if p.From == name {
			return p
		}
	}
	return nil
}

// packEntry is one pack of `packs --json`.
type packEntry struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description"`
	Extends     string `json:"extends"`
	// From is "built in" or the file the pack was read from.
	From        string `json:"from"`
	BuiltIn     bool   `json:"built_in"`
	Questions   int    `json:"questions"`
	RiskPrompts int    `json:"risk_prompts"`
	Rules       int    `json:"rule_settings"`
	SHA256      string `json:"sha256"`
}

func (a *app) printPacks(lib *pack.Library, asJSON bool) error {
	if asJSON {
		entries := []packEntry{}
		for _, p := range lib.Packs() {
			q, r, s := p.Counts()
			entries = append(entries, packEntry{p.ID, p.Name, p.Version, p.Description, p.Extends, p.From, p.From == pack.BuiltIn, q, r, s, p.SHA256})
		}
		b, err := json.Marshal(entries, jsontext.WithIndent("  "))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.out, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tVERSION\tFROM")
	for _, p := range lib.Packs() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, model.Printable(p.Name, false), model.Printable(p.Version, false), model.Printable(p.From, false))
	}
	return tw.Flush()
}

func (a *app) packsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "packs",
		Short: "List the question packs: built in and in " + packsDir(),
		Long: `List the question packs this laptop has: id, name, version and where each
comes from. A pack is the guiding questions per step and per domain, the
risks suggested when one is added, and settings of the review's rules. The
built-in ones are listed first; your own are the *.yaml files in
` + packsDir() + ` ($XDG_CONFIG_HOME/archreview/packs).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, notices, err := loadPacks()
			if err != nil {
				return err
			}
			a.warn(notices)
			return a.printPacks(lib, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for other tools")
	cmd.AddCommand(&cobra.Command{
		Use:   "show ID",
		Short: "Print a question pack as a pack file, what it extends folded in",
		Args:  exactArgs(1, "name the pack to show by its id; archreview packs lists them"),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, notices, err := loadPacks()
			if err != nil {
				return err
			}
			a.warn(notices)
			p := lib.Get(args[0])
			if p == nil {
				return fmt.Errorf("there is no question pack %q; archreview packs lists them", model.Printable(args[0], false))
			}
			_, err = a.out.Write(pack.Marshal(p))
			return err
		},
	}, &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a question pack file, with what it extends",
		Args:  exactArgs(1, "give the pack file to check, e.g. archreview packs validate mine.yaml"),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, _, err := loadPacks(args[0])
			if err != nil {
				return err
			}
			if err := lib.SkippedFile(args[0]); err != nil {
				return err
			}
			p := packFrom(lib, args[0])
			q, r, s := p.Counts()
			narrowed := ""
			if n := p.Narrowed(); n > 0 {
				narrowed = fmt.Sprintf(" (%d of them asked of some flows only)", n)
			}
			fmt.Fprintf(a.out, "%s: the pack %s (%s, version %s) is valid: %d questions%s, %d risk prompts, %d rule settings.\n",
				model.Printable(args[0], false), p.ID, model.Printable(p.Name, false), model.Printable(p.Version, false), q, narrowed, r, s)
			return nil
		},
	})
	return cmd
}
