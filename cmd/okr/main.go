// Command okr validates, scores and reports OKRs kept as code in a git
// repository. See README.md for a tour.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
