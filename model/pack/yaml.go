package pack

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/archreview/archreview/model"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// A pack file as YAML spells it. Every value that a later check may refuse
// keeps where it was written, so the refusal can say FILE:LINE:COL.

type fileYAML struct {
	ID          text            `yaml:"id"`
	Name        text            `yaml:"name"`
	Version     text            `yaml:"version"`
	Description text            `yaml:"description"`
	AppliesTo   []text          `yaml:"applies_to"`
	Extends     text            `yaml:"extends"`
	Steps       keyed[stepYAML] `yaml:"steps"`
	Rules       keyed[ruleYAML] `yaml:"rules"`
}

type stepYAML struct {
	Replace   flag                  `yaml:"replace"`
	Questions []questionYAML        `yaml:"questions"`
	Domains   keyed[[]questionYAML] `yaml:"domains"`
	Risks     []riskYAML            `yaml:"risks"`
}

// questionYAML is a guiding question: its text alone, as packs have always
// written it, or text: and applies_to: for one asked of some flows only.
type questionYAML struct {
	Text      text        `yaml:"text"`
	AppliesTo appliesYAML `yaml:"applies_to"`
	at        pos
	mapping   bool
}

type appliesYAML struct {
	Kinds    textList `yaml:"kinds"`
	Patterns textList `yaml:"patterns"`
	Domains  textList `yaml:"domains"`
	at       pos
	set      bool
}

// textList is a list of texts that keeps where it was written, so an empty
// one can be refused there.
type textList struct {
	items []text
	at    pos
	set   bool
}

type riskYAML struct {
	Title      text  `yaml:"title"`
	Impact     score `yaml:"impact"`
	Likelihood score `yaml:"likelihood"`
	at         pos
}

type ruleYAML struct {
	Disabled   flag  `yaml:"disabled"`
	Impact     score `yaml:"impact"`
	Likelihood score `yaml:"likelihood"`
}

// pos is a place in the file, 1-based; the zero pos reads as 1:1.
type pos struct{ line, col int }

func posOf(n ast.Node) pos {
	// A mapping starts where its first key is written.
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 {
			return posOf(m.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return posOf(m.Key)
	case *ast.DocumentNode:
		if m.Start != nil && m.Start.Position != nil {
			return pos{m.Start.Position.Line, m.Start.Position.Column}
		}
	}
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return pos{}
	}
	p := n.GetToken().Position
	return pos{p.Line, p.Column}
}

// text is a scalar read as it was written: `version: 1.0` stays "1.0".
type text struct {
	value string
	at    pos
	set   bool
}

func (t *text) UnmarshalYAML(n ast.Node) error {
	t.at, t.set = posOf(n), true
	switch n := n.(type) {
	case *ast.StringNode:
		t.value = n.Value
	case *ast.LiteralNode:
		if n.Value != nil {
			t.value = n.Value.Value
		}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		t.value = n.GetToken().Value
	case *ast.NullNode:
		t.set = false
	default:
		return errorAt(t.at, "expected text here, not %s", nodeWords(n.Type()))
	}
	return nil
}

// score is an impact or a likelihood: a whole number from 1 to 5.
type score struct {
	n   int
	at  pos
	set bool
}

func (s *score) UnmarshalYAML(n ast.Node) error {
	s.at = posOf(n)
	if _, null := n.(*ast.NullNode); null {
		return nil
	}
	i, ok := n.(*ast.IntegerNode)
	v, isInt := intValue(i, ok)
	if !isInt || v < 1 || v > 5 {
		return errorAt(s.at, "expected a score from 1 to 5 here, not %s", shown(n))
	}
	s.n, s.set = v, true
	return nil
}

func intValue(n *ast.IntegerNode, ok bool) (int, bool) {
	if !ok {
		return 0, false
	}
	switch v := n.Value.(type) {
	case int64:
		return int(v), v >= -1<<31 && v < 1<<31
	case uint64:
		return int(v), v < 1<<31
	}
	return 0, false
}

// flag is true or false.
type flag struct {
	on bool
	at pos
}

func (f *flag) UnmarshalYAML(n ast.Node) error {
	f.at = posOf(n)
	switch n := n.(type) {
	case *ast.BoolNode:
		f.on = n.Value
	case *ast.NullNode:
	default:
		return errorAt(f.at, "expected true or false here, not %s", shown(n))
	}
	return nil
}

// keyed is a mapping whose keys the pack names (steps, domains, rules),
// kept in the order written and with where each key is.
type keyed[T any] []entry[T]

type entry[T any] struct {
	key   string
	at    pos
	value T
}

func (k *keyed[T]) UnmarshalYAML(n ast.Node) error {
	switch n := n.(type) {
	case *ast.NullNode:
		return nil
	case *ast.MappingNode:
		for _, mv := range n.Values {
			if err := k.add(mv); err != nil {
				return err
			}
		}
		return nil
	case *ast.MappingValueNode:
		return k.add(n)
	}
	return errorAt(posOf(n), "expected names and what each holds here (name: …), not %s", nodeWords(n.Type()))
}

func (k *keyed[T]) add(mv *ast.MappingValueNode) error {
	at := posOf(mv.Key)
	name, ok := mv.Key.(*ast.StringNode)
	if !ok {
		return errorAt(at, "expected a name here, not %s", shown(mv.Key))
	}
	var v T
	if err := yaml.NodeToValue(mv.Value, &v, yaml.DisallowUnknownField()); err != nil {
		return err
	}
	*k = append(*k, entry[T]{key: name.Value, at: at, value: v})
	return nil
}

func (r *riskYAML) UnmarshalYAML(n ast.Node) error {
	type plain riskYAML // without this method, so the decoder reads it
	var p plain
	if err := yaml.NodeToValue(n, &p, yaml.DisallowUnknownField()); err != nil {
		return err
	}
	*r = riskYAML(p)
	r.at = posOf(n)
	return nil
}

func (q *questionYAML) UnmarshalYAML(n ast.Node) error {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
	default:
		*q = questionYAML{at: posOf(n)}
		return q.Text.UnmarshalYAML(n)
	}
	type plain questionYAML // without this method, so the decoder reads it
	var p plain
	if err := yaml.NodeToValue(n, &p, yaml.DisallowUnknownField()); err != nil {
		return unknownKeyIn(err, "in a question; write the question as text, or as text: with applies_to:")
	}
	*q = questionYAML(p)
	q.at, q.mapping = posOf(n), true
	return nil
}

func (a *appliesYAML) UnmarshalYAML(n ast.Node) error {
	type plain appliesYAML
	var p plain
	if _, null := n.(*ast.NullNode); !null {
		if err := yaml.NodeToValue(n, &p, yaml.DisallowUnknownField()); err != nil {
			return unknownKeyIn(err, "in applies_to; it names kinds, patterns and domains")
		}
	}
	*a = appliesYAML(p)
	a.at, a.set = posOf(n), true
	return nil
}

func (l *textList) UnmarshalYAML(n ast.Node) error {
	l.at, l.set = posOf(n), true
	if _, null := n.(*ast.NullNode); null {
		return nil
	}
	return yaml.NodeToValue(n, &l.items, yaml.DisallowUnknownField())
}

// unknownKeyIn says where an unknown key was found and what belongs there;
// any other error passes as it is.
func unknownKeyIn(err error, where string) error {
	var ours *Error
	var unknown *yaml.UnknownFieldError
	if errors.As(err, &ours) || !errors.As(err, &unknown) {
		return err
	}
	e := yamlError(err)
	e.Msg += " " + where
	return e
}

// decodeYAML reads one pack file's YAML, refusing what a pack never holds:
// more than one document, anchors, aliases, merge keys and tags (a pack is
// plain data, and an alias could make a small file expand without bound).
func decodeYAML(data []byte) (f fileYAML, err error) {
	defer func() {
		// The YAML library must not take the app down on a file it trips on.
		if r := recover(); r != nil {
			err = errorAt(pos{}, "the file could not be read as YAML")
		}
	}()
	if i := invalidUTF8(data); i >= 0 {
		return f, errorAt(lineCol(data, i), "the file is not UTF-8 text")
	}
	tokens := lexer.Tokenize(string(data))
	if err := shallow(tokens); err != nil {
		return f, err
	}
	file, err := parser.Parse(tokens, 0)
	if err != nil {
		return f, yamlError(err)
	}
	var docs []*ast.DocumentNode
	for _, d := range file.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch {
	case len(docs) == 0:
		return f, errorAt(pos{}, "the file is empty; a pack has at least an id, a name and a version")
	case len(docs) > 1:
		return f, errorAt(posOf(docs[1]), "a second YAML document; a pack file holds one pack")
	}
	if err := plainData(docs[0].Body); err != nil {
		return f, err
	}
	if err := yaml.NodeToValue(docs[0].Body, &f, yaml.DisallowUnknownField()); err != nil {
		return f, yamlError(err)
	}
	return f, nil
}

// maxDepth is deeper than any pack nests (about six levels): the YAML
// parser's time grows with the square of the depth, so a deeper file is
// refused before it is parsed.
const maxDepth = 32

// shallow refuses a file nested deeper than maxDepth, counting flow
// brackets and the columns block structure steps in to.
func shallow(tokens token.Tokens) error {
	flow := 0
	var cols []int
	for _, tk := range tokens {
		if tk.Position == nil {
			continue
		}
		col := 0
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType:
			col = tk.Position.Column
		case token.MappingValueType:
			if tk.Prev != nil && tk.Prev.Position != nil {
				col = tk.Prev.Position.Column
			}
		}
		if col > 0 && flow == 0 {
			for len(cols) > 0 && cols[len(cols)-1] > col {
				cols = cols[:len(cols)-1]
			}
			if len(cols) == 0 || cols[len(cols)-1] != col {
				cols = append(cols, col)
			}
		}
		if flow+len(cols) > maxDepth {
			return errorAt(pos{tk.Position.Line, tk.Position.Column}, "the file nests deeper than a pack does (%d levels); a pack is a few levels of steps, lists and questions", maxDepth)
		}
	}
	return nil
}

// plainData refuses the YAML features a pack does not use.
func plainData(root ast.Node) error {
	var bad error
	ast.Walk(visitor(func(n ast.Node) bool {
		if bad != nil {
			return false
		}
		switch n.Type() {
		case ast.AnchorType, ast.AliasType:
			bad = errorAt(posOf(n), "anchors and aliases (&, *) are not used in a pack; write the text out")
		case ast.MergeKeyType:
			bad = errorAt(posOf(n), "merge keys (<<) are not used in a pack; use extends to build on another pack")
		case ast.TagType:
			bad = errorAt(posOf(n), "tags (!!) are not used in a pack; write plain text and numbers")
		}
		return bad == nil
	}), root)
	return bad
}

type visitor func(ast.Node) bool

func (v visitor) Visit(n ast.Node) ast.Visitor {
	if v(n) {
		return v
	}
	return nil
}

// yamlError turns the YAML library's error into ours: where, and what is
// wrong in words a pack's author reads, without Go's type names.
func yamlError(err error) *Error {
	var ours *Error
	if errors.As(err, &ours) {
		return ours
	}
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return errorAt(pos{}, "the file could not be read as YAML")
	}
	at := pos{}
	if tk := ye.GetToken(); tk != nil && tk.Position != nil {
		at = pos{tk.Position.Line, tk.Position.Column}
	}
	var unknown *yaml.UnknownFieldError
	var typ *yaml.TypeError
	var node *yaml.UnexpectedNodeTypeError
	switch {
	case errors.As(err, &unknown):
		name := strings.TrimPrefix(unknown.Message, "unknown field ")
		return errorAt(at, "unknown key %s", name)
	case errors.As(err, &typ):
		return errorAt(at, "expected %s here", kindWords(typ.DstType))
	case errors.As(err, &node):
		return errorAt(at, "expected %s here, not %s", nodeWords(node.Expected), nodeWords(node.Actual))
	}
	msg := ye.GetMessage()
	if msg == "" {
		msg = "the file could not be read as YAML"
	}
	return errorAt(at, "%s", msg)
}

// kindWords names what a Go type the decoder wanted reads as in YAML.
func kindWords(t reflect.Type) string {
	if t == nil {
		return nodeWords(ast.UnknownNodeType)
	}
	return nodeWords(map[reflect.Kind]ast.NodeType{
		reflect.String: ast.StringType, reflect.Bool: ast.BoolType, reflect.Int: ast.IntegerType, reflect.Int64: ast.IntegerType,
		reflect.Slice: ast.SequenceType, reflect.Struct: ast.MappingType, reflect.Map: ast.MappingType,
	}[t.Kind()])
}

func nodeWords(t ast.NodeType) string {
	switch t {
	case ast.MappingType, ast.MappingValueType:
		return "names and what each holds (name: …)"
	case ast.SequenceType:
		return "a list (- …)"
	case ast.StringType, ast.LiteralType:
		return "text"
	case ast.IntegerType, ast.FloatType:
		return "a number"
	case ast.BoolType:
		return "true or false"
	case ast.NullType:
		return "nothing"
	}
	return "another kind of value"
}

// shown quotes a short scalar the author wrote, or names what it is.
func shown(n ast.Node) string {
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		v := n.GetToken().Value
		if utf8.RuneCountInString(v) <= 20 {
			return fmt.Sprintf("%q", model.Printable(v, false))
		}
	}
	return nodeWords(n.Type())
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func lineCol(b []byte, offset int) pos {
	line := 1 + strings.Count(string(b[:offset]), "\n")
	start := strings.LastIndexByte(string(b[:offset]), '\n') + 1
	return pos{line, utf8.RuneCount(b[start:offset]) + 1}
}
