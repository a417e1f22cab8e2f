package main

import (
	"encoding/json"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdJSONValid checks that a file (stdout or stderr for the last command's
// output) holds exactly one JSON value:
//
//	jsonvalid FILE
func cmdJSONValid(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: jsonvalid FILE")
	}
	err := checkJSON([]byte(ts.ReadFile(args[0])))
	switch {
	case neg && err == nil:
		ts.Fatalf("%s is valid JSON", args[0])
	case !neg && err != nil:
		ts.Fatalf("%s is not valid JSON: %v", args[0], err)
	}
}

// checkJSON reports whether b is one JSON value (and white space).
func checkJSON(b []byte) error {
	var v any
	return json.Unmarshal(b, &v)
}
