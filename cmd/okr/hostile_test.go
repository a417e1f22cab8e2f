package main

import (
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdQmv renames a file to a name that a txtar archive cannot hold:
//
//	qmv OLD NEW
//
// NEW is a Go string literal ("kpis/z\n::x.yaml"), so that it can hold
// control characters.
func cmdQmv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: qmv OLD NEW")
	}
	name, err := strconv.Unquote(args[1])
	if err != nil {
		ts.Fatalf("qmv: NEW must be a Go string literal: %v", err)
	}
	ts.Check(os.Rename(ts.MkAbs(args[0]), ts.MkAbs(name)))
}
