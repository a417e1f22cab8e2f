// Package perf holds okr's benchmarks over generated repositories of the
// scale in SPEC §4 (see package gen). It has no code of its own: run
//
//	go test ./okr/perf -run '^$' -bench . -benchmem -okr.scales small,medium
//
// and add full to the scales for the whole §4 repository (it is generated
// once into $OKR_BENCH_DIR, default the system temporary directory, and
// reused by later runs). BENCHMARKS.md reports the figures.
package perf
