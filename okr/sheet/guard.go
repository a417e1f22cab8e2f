package sheet

import "strings"

// FormulaLike reports whether text, written in a CSV cell, would be read
// by a spreadsheet as a formula (it begins with =, +, - or @), or by okr
// import as text okr's csv output guarded against that (any number of '
// before one of them): render.CSV puts a ' before such text, and Unguard
// takes exactly that one away, so that every text comes back as it was
// ('=x is written ”=x and read '=x).
func FormulaLike(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.IndexByte("=+-@", t[0]) >= 0
}

// Unguard returns the text of a CSV cell without the ' that render.CSV put
// before formula-like text.
func Unguard(v string) string {
	if len(v) >= 2 && v[0] == '\'' && FormulaLike(v[1:]) {
		return v[1:]
	}
	return v
}
