package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEExamples runs every console example of README.md that runs okr
// on examples/acme and checks that the README shows its real output.
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ okr -C examples/acme "
	lines := strings.Split(string(readme), "\n")
	n := 0
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !strings.HasPrefix(line, prompt) {
			continue
		}
		cmdline := strings.TrimPrefix(line, "$ okr ")
		var want []string
		for j := i + 1; j < len(lines) && !strings.HasPrefix(lines[j], "$ ") && lines[j] != "```"; j++ {
			want = append(want, lines[j])
		}
		pipeHead := 0
		if k := strings.Index(cmdline, " | head -"); k >= 0 {
			pipeHead = len(want)
			cmdline = cmdline[:k]
		}
		args := strings.Fields(cmdline)
		args[1] = filepath.Join("..", "..", "examples", "acme")
		var stdout, stderr bytes.Buffer
		run(args, nil, &stdout, &stderr)
		got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		if pipeHead > 0 && len(got) > pipeHead {
			got = got[:pipeHead]
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("README.md line %d: okr %s\nREADME shows:\n%s\nokr prints:\n%s", i+1, cmdline, strings.Join(want, "\n"), strings.Join(got, "\n"))
		}
		n++
	}
	if n < 3 {
		t.Fatalf("found %d README examples on examples/acme; expected at least 3", n)
	}
}
