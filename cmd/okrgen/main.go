// Command okrgen writes a large, deterministic OKR repository for benchmarks.
//
//	okrgen -scale small|medium|full [-seed N] [-owners N …] [-history] -o DIR
//
// Exit codes: 0 written, 1 generation failed, 2 usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/okr-as-code/okr/okr/gen"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("okrgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.String("scale", "small", "preset: small, medium or full")
	out := fs.String("o", "", "output directory: must not exist or be empty")
	history := fs.Bool("history", false, "also write a git history of -commits commits (needs git)")
	seed := fs.Int64("seed", 0, "random seed (default: the preset's)")
	var over gen.Config
	fs.IntVar(&over.Owners, "owners", 0, "override: teams")
	fs.IntVar(&over.Quarters, "quarters", 0, "override: quarters with objectives, 1..4")
	fs.IntVar(&over.ObjectivesPer, "objectives", 0, "override: objectives per team document")
	fs.IntVar(&over.KeyResultsPer, "krs", 0, "override: key results per objective")
	fs.IntVar(&over.KPIs, "kpis", 0, "override: KPIs")
	fs.IntVar(&over.Measurements, "measurements", 0, "override: measurement rows")
	fs.IntVar(&over.Commits, "commits", 0, "override: commits of -history")
	fs.IntVar(&over.Year, "year", 0, "override: year")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 || *out == "" {
		fmt.Fprintln(stderr, "usage: okrgen -scale small|medium|full [-seed N] [-history] -o DIR")
		return exitUsage
	}
	cfg, err := gen.Scale(*scale)
	if err != nil {
		fmt.Fprintln(stderr, "okrgen:", err)
		return exitUsage
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "seed":
			cfg.Seed = *seed
		case "owners":
			cfg.Owners = over.Owners
		case "quarters":
			cfg.Quarters = over.Quarters
		case "objectives":
			cfg.ObjectivesPer = over.ObjectivesPer
		case "krs":
			cfg.KeyResultsPer = over.KeyResultsPer
		case "kpis":
			cfg.KPIs = over.KPIs
		case "measurements":
			cfg.Measurements = over.Measurements
		case "commits":
			cfg.Commits = over.Commits
		case "year":
			cfg.Year = over.Year
		}
	})
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "okrgen:", err)
		return exitUsage
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "okrgen: %s is not empty\n", *out)
		return exitUsage
	}
	start := time.Now()
	if *history {
		err = gen.WriteHistory(*out, cfg)
	} else {
		err = gen.Write(*out, cfg)
	}
	if err != nil {
		fmt.Fprintln(stderr, "okrgen:", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "okrgen: wrote %s (%s scale, seed %d) in %s\n", *out, *scale, cfg.Seed, time.Since(start).Round(time.Millisecond))
	return exitOK
}
