package pack

// Packs are files people write by hand and pass between laptops, so the
// loader meets every kind of broken input. Its contract: refuse with one
// printable FILE:LINE:COL sentence, or load a pack whose shown form loads
// back to the same pack; and never take the built-in packs down with it.

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func FuzzLoadPack(f *testing.F) {
	for _, b := range BuiltinFiles() {
		f.Add(b.Data)
	}
	f.Add([]byte(goodPack))
	f.Add([]byte(goodPack + "extends: retail\n"))
	f.Add([]byte(goodPack + "    domains:\n      returns: [Refunded twice?]\n    risks:\n      - {title: Stuck, impact: 3, likelihood: 2}\nrules:\n  NO_OWNER: {disabled: true}\n"))
	f.Add([]byte("id: mine\nname: \"a \\u202e b\"\nversion: 1.0\n"))
	f.Add([]byte("id: mine\nname: |\n  two\n  lines\nversion: 0x10\n"))
	f.Add([]byte("id: &a x\nname: *a\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("{id: mine, name: M, version: '1', steps: {owner: {questions: [a, b]}}}\n"))
	f.Add([]byte("id: mine\n---\n"))
	f.Add([]byte(goodPack + "      - text: Which VAN?\n        applies_to: {kinds: [edi], patterns: [file, batch], domains: [order]}\n"))
	f.Add([]byte(goodPack + "      - {text: Which till?, applies_to: {kinds: [pos], flows: [a]}}\n"))
	f.Add([]byte("\xef\xbb\xbfid: mine\nname: M\nversion: '1'\n"))
	f.Add([]byte(strings.Repeat("[", 5000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := Load(File{Name: "f.yaml", Data: data})
		if len(l.Packs()) < len(BuiltinFiles()) {
			t.Fatalf("a user file took built-in packs down: %v", l.Skipped)
		}
		if err := l.SkippedFile("f.yaml"); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Line < 1 || e.Col < 1 || e.Msg == "" {
				t.Fatalf("refused without a place: %#v", err)
			}
			if !strings.HasPrefix(err.Error(), "f.yaml:") {
				t.Fatalf("the refusal does not name the file: %q", err)
			}
			for _, r := range err.Error() {
				if unicode.IsControl(r) || r == '\u202e' {
					t.Fatalf("the refusal would write %U raw to the terminal: %q", r, err)
				}
			}
			for _, p := range l.Packs() {
				if p.From == "f.yaml" {
					t.Fatal("refused, and loaded too")
				}
			}
			return
		}
		var p *Pack
		for _, q := range l.Packs() {
			if q.From == "f.yaml" {
				p = q
			}
		}
		if p == nil {
			t.Fatal("neither refused nor loaded")
		}
		texts := p.AppliesTo
		for _, s := range p.Steps {
			for _, q := range s.Questions {
				texts = append(texts, q.Text)
			}
			for _, qs := range s.Domains {
				for _, q := range qs {
					texts = append(texts, q.Text)
				}
			}
		}
		for _, q := range texts {
			if q == "" || strings.ContainsAny(q, "\n\r\t") {
				t.Fatalf("a loaded text is not one line: %q", q)
			}
		}
		shown := Marshal(p)
		back := Load(File{Name: "shown.yaml", Data: shown})
		if err := back.SkippedFile("shown.yaml"); err != nil {
			t.Fatalf("the shown pack is refused: %v\n%s", err, shown)
		}
		if q := back.Get(p.ID); q == nil || q.SHA256 != p.SHA256 {
			t.Fatalf("the shown pack reads back as another pack:\n%s", shown)
		}
	})
}
