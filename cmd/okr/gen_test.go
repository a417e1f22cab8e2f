package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds returns the custom commands of the testscripts, for
// testscript.Params.Cmds.
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"genfile":   cmdGenfile,
		"qmv":       cmdQmv,
		"jsonvalid": cmdJSONValid,
	}
}

// cmdGenfile writes a generated file too big or too binary to keep in a
// txtar archive:
//
//	genfile NAME SIZE KIND
//
// SIZE is a byte count with an optional K or M suffix. KIND is one of
//
//	scalar       a KPI document whose name is SIZE bytes long
//	garbage      SIZE reproducible random bytes
//	okr-garbage  an OKR document header, a NUL byte, then SIZE random bytes
//	csv-rows     a measurement CSV of about SIZE bytes, every row valid (and
//	             each at another instant)
//	nesting      a KPI document with SIZE levels of nested flow sequences
//	objectives   an Objectives document for 2026-Q4 with SIZE objectives of
//	             four metric key results each
//	objectives-lowered  the same with every target lowered by 5
//	checkins     a measurement CSV with one row for each key result of
//	             objectives SIZE
func cmdGenfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! genfile")
	}
	if len(args) != 3 {
		ts.Fatalf("usage: genfile NAME SIZE KIND")
	}
	size, err := parseSize(args[1])
	if err != nil {
		ts.Fatalf("genfile: %v", err)
	}
	data, err := generate(args[2], size)
	if err != nil {
		ts.Fatalf("genfile: %v", err)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

func parseSize(s string) (int, error) {
	mult, num := 1, s
	switch {
	case strings.HasSuffix(s, "K"):
		mult, num = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, num = 1<<20, strings.TrimSuffix(s, "M")
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > (256<<20)/mult {
		return 0, fmt.Errorf("bad size %q: want at most 256M, with an optional K or M suffix", s)
	}
	return n * mult, nil
}

const kpiHeader = "apiVersion: okr/v1\nkind: KPI\n"

func generate(kind string, size int) ([]byte, error) {
	random := func(n int) []byte {
		r := rand.New(rand.NewPCG(uint64(n), 42))
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	switch kind {
	case "scalar":
		return []byte(kpiHeader + "id: big\nname: " + strings.Repeat("x", size) + "\ndirection: increase\n"), nil
	case "garbage":
		return random(size), nil
	case "okr-garbage":
		return append([]byte(kpiHeader+"\x00"), random(size)...), nil
	case "csv-rows":
		var b bytes.Buffer
		b.WriteString("metric,at,value,note\n")
		for i := 0; b.Len() < size; i++ {
			// a time of its own: one value per instant (SPEC §6)
			s := i / 28
			fmt.Fprintf(&b, "big,2026-10-%02dT%02d:%02d:%02dZ,%d,row %d\n", 1+i%28, s/3600, s/60%60, s%60, i, i)
		}
		return b.Bytes(), nil
	case "nesting":
		return []byte(kpiHeader + "x: " + strings.Repeat("[", size) + strings.Repeat("]", size) + "\n"), nil
	case "objectives", "objectives-lowered":
		lower := 0
		if kind == "objectives-lowered" {
			lower = 5
		}
		var b bytes.Buffer
		b.WriteString("apiVersion: okr/v1\nkind: Objectives\nowner: big\nperiod: 2026-Q4\nobjectives:\n")
		for i := range size {
			fmt.Fprintf(&b, "  - id: objective-%d\n    title: Objective %c\n    key_results:\n", i, 'a'+i%26)
			for k := range 4 {
				fmt.Fprintf(&b, "      - id: kr-%d\n        title: Key result\n        baseline: 0\n        target: %d\n        unit: ms\n", k, 10+k-lower)
			}
		}
		return b.Bytes(), nil
	case "checkins":
		var b bytes.Buffer
		b.WriteString("metric,at,value\n")
		for i := range size {
			for k := range 4 {
				fmt.Fprintf(&b, "big/objective-%d/kr-%d,2026-10-15,5\n", i, k)
			}
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("unknown kind %q: want scalar, garbage, okr-garbage, csv-rows, nesting, objectives, objectives-lowered or checkins", kind)
}
