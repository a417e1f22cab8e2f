package scorelog

import (
	"testing"

	"github.com/okr-as-code/okr/okr/gen"
)

// BenchmarkBuild builds the score log of a generated history at the small
// scale (20 owners, 10,000 measurements, 100 commits): the incremental
// walk over each commit's changed files and the rescoring. okr/perf has
// the same at the scale of SPEC §4.
func BenchmarkBuild(b *testing.B) {
	cfg, err := gen.Scale("small")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := gen.WriteHistory(dir, cfg); err != nil {
		b.Fatal(err)
	}
	h := openRepo(b, dir, "")
	head, err := h.Resolve("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l, err := Build(h, head, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Commits) == 0 || l.Head == nil {
			b.Fatalf("%d entries, head %v", len(l.Commits), l.Head != nil)
		}
	}
}
