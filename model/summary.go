package model

// Summary is the decision pack derived from a session's answers.
type Summary struct{}
