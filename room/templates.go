package room

import (
	_ "embed"
	"html/template"
)

// The page and its parts are html/template files: every text from the
// session is escaped where it lands; the map is the one part passed as
// markup, drawn by the report package, which escapes its own text.

//go:embed page.html
var pageHTML string

//go:embed parts.html
var partsHTML string

type pageData struct {
	Nonce string
	Parts map[string]string
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"part": func(parts map[string]string, name string) template.HTML { return template.HTML(parts[name]) },
}).Parse(pageHTML))
