//go:build unix

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// releaseTarget is one system and architecture a release builds for, with
// the environment its build sets.
type releaseTarget struct {
	goos, goarch string
	env          []string
}

func (r releaseTarget) String() string { return r.goos + "/" + r.goarch }

// releaseTargets reads the builds of the release configuration: every goos
// with every goarch, less the pairs a build ignores. A build must name its
// systems and architectures, or the release's would be defaults this test
// cannot see.
func releaseTargets(config []byte) ([]releaseTarget, error) {
	var cfg struct {
		Builds []struct {
			ID     string   `yaml:"id"`
			Goos   []string `yaml:"goos"`
			Goarch []string `yaml:"goarch"`
			Env    []string `yaml:"env"`
			Ignore []struct {
				Goos   string `yaml:"goos"`
				Goarch string `yaml:"goarch"`
			} `yaml:"ignore"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(config, &cfg); err != nil {
		return nil, err
	}
	if len(cfg.Builds) == 0 {
		return nil, fmt.Errorf("it has no builds")
	}
	var targets []releaseTarget
	for _, b := range cfg.Builds {
		if len(b.Goos) == 0 || len(b.Goarch) == 0 {
			return nil, fmt.Errorf("build %q does not list both goos and goarch", b.ID)
		}
		for _, goos := range b.Goos {
			for _, goarch := range b.Goarch {
				ignored := false
				for _, i := range b.Ignore {
					ignored = ignored || (i.Goos == "" || i.Goos == goos) && (i.Goarch == "" || i.Goarch == goarch)
				}
				t := releaseTarget{goos, goarch, b.Env}
				if !ignored && !slices.ContainsFunc(targets, func(o releaseTarget) bool { return o.String() == t.String() }) {
					targets = append(targets, t)
				}
			}
		}
	}
	return targets, nil
}

func TestReleaseTargetsAreRead(t *testing.T) {
	cases := []struct {
		name, config string
		want         []string
		wantErr      string
	}{
		{"every pair", "builds:\n  - id: a\n    goos: [linux, windows]\n    goarch: [amd64, arm64]\n",
			[]string{"linux/amd64", "linux/arm64", "windows/amd64", "windows/arm64"}, ""},
		{"ignored pairs left out", "builds:\n  - id: a\n    goos: [linux, darwin]\n    goarch: [amd64, arm64]\n    ignore:\n      - goos: darwin\n        goarch: amd64\n",
			[]string{"linux/amd64", "linux/arm64", "darwin/arm64"}, ""},
		{"a pair in two builds once", "builds:\n  - id: a\n    goos: [linux]\n    goarch: [amd64]\n  - id: b\n    goos: [linux]\n    goarch: [amd64]\n",
			[]string{"linux/amd64"}, ""},
		{"defaults are not guessed", "builds:\n  - id: a\n    goos: [linux]\n", nil, `build "a" does not list both goos and goarch`},
		{"no builds", "project_name: x\n", nil, "it has no builds"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			targets, err := releaseTargets([]byte(c.config))
			if c.wantErr != "" {
				if err == nil || err.Error() != c.wantErr {
					t.Fatalf("got %v, want the error %q", err, c.wantErr)
				}
				return
			}
			var got []string
			for _, tg := range targets {
				got = append(got, tg.String())
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Fatalf("got %v, %v; want %v", got, err, c.want)
			}
		})
	}
}

// quickTargets are the release targets `make test` builds: the Mac and the
// Windows most users have. The other pairs differ from these or from the
// machine's own only in architecture, which seldom changes what builds;
// `make soak` builds every one.
var quickTargets = []string{"darwin/arm64", "windows/amd64"}

// The release builds archreview for every system and architecture in
// .goreleaser.yaml, but the tests run on one. A call that exists on Linux
// alone (a stat field, an ioctl, flock) builds here and breaks the release
// elsewhere: each target's go vet, which compiles every package and its
// tests as the target has them, finds it. The targets run one after the
// other and keep what they compile in the build cache: the first run costs
// half a minute or so a target, later ones a second.
func TestEveryReleaseTargetBuilds(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(root, ".goreleaser.yaml")
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	targets, err := releaseTargets(data)
	if err != nil {
		t.Fatalf("cannot read the release targets from %s: %v", config, err)
	}
	if !soakMode() {
		var quick []releaseTarget
		for _, name := range quickTargets {
			i := slices.IndexFunc(targets, func(r releaseTarget) bool { return r.String() == name })
			if i < 0 {
				t.Fatalf("%s is no longer a release target in %s; change quickTargets to one that is", name, config)
			}
			quick = append(quick, targets[i])
		}
		targets = quick
	}
	for _, target := range targets {
		t.Run(target.String(), func(t *testing.T) {
			vet := exec.CommandContext(t.Context(), "go", "vet", "./...")
			vet.Dir = root
			vet.Env = append(os.Environ(), target.env...)
			vet.Env = append(vet.Env, "GOOS="+target.goos, "GOARCH="+target.goarch)
			if out, err := vet.CombinedOutput(); err != nil {
				t.Fatalf("the release for %s does not build: GOOS=%s GOARCH=%s %s go vet ./... says %v:\n%s",
					target, target.goos, target.goarch, strings.Join(target.env, " "), err, out)
			}
		})
	}
}
