// Command okr validates, scores and reports OKRs kept as code in a git
// repository. See README.md for a tour.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() {
	stop := limitMemory()
	code := profiled(func() int { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) })
	stop()
	os.Exit(code)
}

// profiled runs f, writing a CPU profile of it to the file that the
// environment variable OKR_CPUPROFILE names, if it names one: how the
// figures in BENCHMARKS.md are explained (see there).
func profiled(f func() int) int {
	name := os.Getenv("OKR_CPUPROFILE")
	if name == "" {
		return f()
	}
	out, err := os.Create(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "okr: OKR_CPUPROFILE:", err)
		return 2
	}
	defer out.Close()
	if err := pprof.StartCPUProfile(out); err != nil {
		fmt.Fprintln(os.Stderr, "okr: OKR_CPUPROFILE:", err)
		return 2
	}
	defer pprof.StopCPUProfile()
	return f()
}
