package model

import (
	"cmp"
	"fmt"
	"slices"
)

// Pos is a position in a file of the repository: File is relative to the
// root and "/"-separated; Line and Column are 1-based (0 when unknown).
type Pos struct {
	File   string
	Line   int
	Column int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Severity of a Problem.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one thing wrong with the OKR files, at a position.
type Problem struct {
	Pos
	Severity Severity
	Rule     string // short kebab-case name: "schema", "duplicate-id", …
	Message  string // lower-case, no trailing period
	Hint     string // optional: how to fix it
}

// String formats the problem as file:line:col: severity: message [rule].
func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", p.Pos, p.Severity, p.Message, p.Rule)
}

// Errorf builds an error Problem.
func Errorf(pos Pos, rule, format string, args ...any) Problem {
	return Problem{Pos: pos, Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Warnf builds a warning Problem.
func Warnf(pos Pos, rule, format string, args ...any) Problem {
	return Problem{Pos: pos, Severity: Warning, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// SortProblems orders problems by file, line, column, severity, rule and
// message, and drops exact duplicates.
func SortProblems(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.Compact(ps)
}

// Count returns the number of errors and warnings in ps.
func Count(ps []Problem) (errors, warnings int) {
	for _, p := range ps {
		if p.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}
