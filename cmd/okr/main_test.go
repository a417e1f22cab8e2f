package main

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"okr": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every end-to-end script in testdata/script through the
// real command. `go test ./cmd/okr -run TestScripts -update` refreshes their
// expected output after a deliberate change.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		Cmds:          scriptCmds(),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "")
			env.Setenv("TZ", "UTC")
			return nil
		},
	})
}

// TestColorOnlyOnTerminal: /dev/null is a character device but no
// terminal, and a pipe is neither: no colour for either.
func TestColorOnlyOnTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, f := range []*os.File{null, w} {
		if (&app{terminal: f}).color() {
			t.Errorf("colour on %s", f.Name())
		}
		// Nor a width: tables written there are never cut.
		if n := terminalWidth(f); n != 0 {
			t.Errorf("%s is %d columns wide", f.Name(), n)
		}
	}
}
