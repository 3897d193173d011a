package report

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// Firm is the consultancy a pack comes from, as its profile
// ($XDG_CONFIG_HOME/archreview/firm.yaml) describes it: its name, its logo
// (a PNG or SVG file, embedded in the pack, never fetched) and its accent
// colour. The zero Firm is no profile: the pack is then unbranded.
type Firm struct {
	Name string `yaml:"name"`
	// Logo is the logo's path as the profile writes it; a relative path is
	// from the profile's folder.
	Logo string `yaml:"logo"`
	// Accent is a colour written #rrggbb.
	Accent string `yaml:"accent"`

	// LogoData and LogoType are the logo file's bytes and media type, as
	// the caller read them (ReadLogo).
	LogoData []byte `yaml:"-"`
	LogoType string `yaml:"-"`
}

// Limits on a firm profile and its logo: a few lines of text, and a logo
// small enough to embed in every pack.
const (
	MaxFirmBytes = 16 << 10
	MaxLogoBytes = 2 << 20
)

var accentShape = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// ParseFirm reads a firm profile. A profile is three plain keys; anything
// else (another key, a key twice, a list, anchors or tags, a colour that
// is not #rrggbb, a logo that is not a .png or .svg file) is refused with
// one sentence saying where and what is wrong.
func ParseFirm(data []byte) (f Firm, err error) {
	defer func() {
		// The YAML library must not take the app down on a file it trips on.
		if r := recover(); r != nil {
			f, err = Firm{}, errors.New("the file could not be read as YAML")
		}
	}()
	switch {
	case len(data) > MaxFirmBytes:
		return Firm{}, fmt.Errorf("the file is larger than %d KB; a firm profile is a name, a logo and a colour", MaxFirmBytes>>10)
	case !utf8.Valid(data):
		return Firm{}, errors.New("the file is not UTF-8 text")
	case len(bytes.TrimSpace(data)) == 0:
		return Firm{}, nil
	}
	for _, tk := range lexer.Tokenize(string(data)) {
		switch tk.Type {
		case token.AnchorType, token.AliasType, token.TagType, token.MergeKeyType:
			return Firm{}, fmt.Errorf("line %d: anchors, aliases, merge keys and tags are not used in a firm profile; write name, logo and accent out", tokenLine(tk))
		}
	}
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.DisallowUnknownField()); err != nil {
		return Firm{}, firmYAMLError(err)
	}
	f.Name, f.Logo, f.Accent = strings.TrimSpace(f.Name), strings.TrimSpace(f.Logo), strings.TrimSpace(f.Accent)
	if f.Accent != "" && !accentShape.MatchString(f.Accent) {
		return Firm{}, fmt.Errorf("accent %q is not a colour written #rrggbb, such as #1f4e79", f.Accent)
	}
	if f.Logo != "" && logoKind(f.Logo) == "" {
		return Firm{}, fmt.Errorf("logo %q is not a .png or .svg file", f.Logo)
	}
	return f, nil
}

func tokenLine(tk *token.Token) int {
	if tk == nil || tk.Position == nil {
		return 0
	}
	return tk.Position.Line
}

// firmYAMLError says in one sentence where the YAML library found the
// profile wrong.
func firmYAMLError(err error) error {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return errors.New("the file could not be read as YAML")
	}
	where := ""
	if n := tokenLine(ye.GetToken()); n > 0 {
		where = fmt.Sprintf("line %d: ", n)
	}
	var unknown *yaml.UnknownFieldError
	var typ *yaml.TypeError
	var node *yaml.UnexpectedNodeTypeError
	var dup *yaml.DuplicateKeyError
	switch {
	case errors.As(err, &unknown):
		return fmt.Errorf("%sunknown key %s; a firm profile has name, logo and accent", where, strings.TrimPrefix(unknown.Message, "unknown field "))
	case errors.As(err, &dup):
		return fmt.Errorf("%sa key is written twice", where)
	case errors.As(err, &typ), errors.As(err, &node):
		return fmt.Errorf("%sexpected text here, as in name: Northwind Advisory", where)
	}
	msg := strings.Join(strings.Fields(ye.GetMessage()), " ")
	if msg == "" {
		msg = "the file could not be read as YAML"
	}
	return fmt.Errorf("%s%s", where, msg)
}

// logoKind is the media type a logo's file name says it is, or "".
func logoKind(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	}
	return ""
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// ReadLogo checks that data, read from the profile's logo file, is what
// its name says (a PNG image, or SVG text) and within MaxLogoBytes, and
// keeps it on the firm for the pack to embed.
func (f *Firm) ReadLogo(data []byte) error {
	kind := logoKind(f.Logo)
	switch {
	case kind == "":
		return fmt.Errorf("logo %q is not a .png or .svg file", f.Logo)
	case len(data) > MaxLogoBytes:
		return fmt.Errorf("the logo %s is larger than %d MB", f.Logo, MaxLogoBytes>>20)
	case kind == "image/png" && !bytes.HasPrefix(data, pngSignature):
		return fmt.Errorf("the logo %s is not a PNG image", f.Logo)
	case kind == "image/svg+xml" && (!utf8.Valid(data) || !bytes.Contains(data, []byte("<svg"))):
		return fmt.Errorf("the logo %s is not an SVG image", f.Logo)
	}
	f.LogoData, f.LogoType = data, kind
	return nil
}
