// Package render writes okr's results in every output format: text, json,
// github (workflow commands), sarif, table, csv and markdown. Writers are
// handed an io.Writer; nothing here touches the terminal or exits.
package render
