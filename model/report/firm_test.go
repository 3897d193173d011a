package report

import (
	"strings"
	"testing"
)

func TestParseFirm(t *testing.T) {
	cases := []struct {
		name, file string
		want       Firm
		err        string // "" when the profile is read
	}{
		{"a whole profile", "name: Northwind Advisory\nlogo: logo.svg\naccent: '#1F4E79'\n", Firm{Name: "Northwind Advisory", Logo: "logo.svg", Accent: "#1F4E79"}, ""},
		{"a name alone", "name:  Northwind  \n", Firm{Name: "Northwind"}, ""},
		{"a PNG logo by its full path", "logo: /home/me/brand/Logo.PNG\n", Firm{Logo: "/home/me/brand/Logo.PNG"}, ""},
		{"an empty file", "\n  \n", Firm{}, ""},
		{"comments only", "# the firm's profile\n", Firm{}, ""},
		{"an accent that is no colour", "accent: blue\n", Firm{}, `accent "blue" is not a colour written #rrggbb, such as #1f4e79`},
		{"an accent too short", "accent: '#12345'\n", Firm{}, `accent "#12345" is not a colour`},
		{"an accent unquoted, a comment to YAML", "accent: #1f4e79\n", Firm{}, ""},
		{"a logo of another kind", "logo: logo.jpg\n", Firm{}, `logo "logo.jpg" is not a .png or .svg file`},
		{"an unknown key", "name: Northwind\ncolour: red\n", Firm{}, "line 2: unknown key"},
		{"a key twice", "name: A\nname: B\n", Firm{}, "line 2:"},
		{"a list for the name", "name:\n  - A\n  - B\n", Firm{}, "expected text here"},
		{"an alias", "name: &n Northwind\nlogo: *n\n", Firm{}, "line 1: anchors, aliases, merge keys and tags are not used"},
		{"a tag", "name: !!str Northwind\n", Firm{}, "tags are not used"},
		{"not YAML", "name: [unclosed\n", Firm{}, "line 1"},
		{"not a mapping", "- name\n", Firm{}, ""},
		{"not UTF-8", "name: \xff\n", Firm{}, "the file is not UTF-8 text"},
		{"too large", "name: " + strings.Repeat("x", MaxFirmBytes) + "\n", Firm{}, "larger than 16 KB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseFirm([]byte(c.file))
			switch {
			case c.err == "" && c.name == "not a mapping":
				if err == nil {
					t.Fatal("a list was read as a profile")
				}
			case c.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("got %v, want %q", err, c.err)
			case c.err == "" && (got.Name != c.want.Name || got.Logo != c.want.Logo || got.Accent != c.want.Accent):
				t.Errorf("read %+v, want %+v", got, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("the error is more than one line: %q", err)
			}
		})
	}
}

func TestFirmReadsItsLogo(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...)
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`)
	cases := []struct {
		logo     string
		data     []byte
		wantType string
		err      string
	}{
		{"logo.png", png, "image/png", ""},
		{"brand/Logo.SVG", svg, "image/svg+xml", ""},
		{"logo.png", svg, "", "is not a PNG image"},
		{"logo.svg", png, "", "is not an SVG image"},
		{"logo.svg", []byte("<html>hello</html>"), "", "is not an SVG image"},
		{"logo.png", append(png, make([]byte, MaxLogoBytes)...), "", "larger than 2 MB"},
		{"logo.gif", png, "", "is not a .png or .svg file"},
	}
	for _, c := range cases {
		f := Firm{Logo: c.logo}
		err := f.ReadLogo(c.data)
		switch {
		case c.err == "" && (err != nil || f.LogoType != c.wantType || len(f.LogoData) != len(c.data)):
			t.Errorf("%s: %v, type %q", c.logo, err, f.LogoType)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || f.LogoData != nil):
			t.Errorf("%s: got %v (kept %d bytes), want %q", c.logo, err, len(f.LogoData), c.err)
		}
	}
}
