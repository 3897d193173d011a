package report

// FileStem is a session's name as part of a file name that any file system
// accepts: lower-case letters and digits, every other run of characters one
// hyphen, at most 48 characters; "session" when nothing is left.
func FileStem(name string) string {
	var b []rune
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, r)
		case r >= 'A' && r <= 'Z':
			b = append(b, r+('a'-'A'))
		case len(b) > 0 && b[len(b)-1] != '-':
			b = append(b, '-')
		}
		if len(b) >= 48 {
			break
		}
	}
	stem := string(b)
	for len(stem) > 0 && stem[len(stem)-1] == '-' {
		stem = stem[:len(stem)-1]
	}
	if stem == "" {
		return "session"
	}
	return stem
}
