package history

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/object"
)

// fastImportRepo generates a repository of n commits with `git fast-import`:
// 200 owners, each with an Objectives file and a measurements CSV, 100 KPI
// files and some documentation. Most commits append a measurement; some
// change a target, touch only docs, rename a file, or merge a side branch.
func fastImportRepo(tb testing.TB, n int) string {
	tb.Helper()
	needGit(tb)
	dir := tb.TempDir()
	runGit(tb, dir, baseTime, nil, "init", "-q", "-b", "main")

	const owners, kpis = 200, 100
	var s bytes.Buffer
	files := map[string]string{}
	mark, tick := 0, 0
	tips := map[string]int{} // the last commit of each branch
	put := func(p, content string) {
		files[p] = content
		fmt.Fprintf(&s, "M 100644 inline %s\ndata %d\n%s\n", p, len(content), content)
	}
	commit := func(branch, msg string, from int, merge int, body func()) int {
		mark++
		tick++
		date := baseTime.Unix() + int64(tick)*3600
		fmt.Fprintf(&s, "commit refs/heads/%s\nmark :%d\n", branch, mark)
		fmt.Fprintf(&s, "author Ada <ada@example.com> %d +0000\ncommitter Ada <ada@example.com> %d +0000\n", date, date)
		fmt.Fprintf(&s, "data %d\n%s\n", len(msg), msg)
		// Leave out "from" when continuing the branch: naming it makes
		// fast-import reload the whole tree, which is slow.
		if from > 0 && tips[branch] != from {
			fmt.Fprintf(&s, "from :%d\n", from)
		}
		tips[branch] = mark
		if merge > 0 {
			fmt.Fprintf(&s, "merge :%d\n", merge)
		}
		body()
		s.WriteString("\n")
		return mark
	}
	objectives := func(o, v int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: okr/v1\nkind: Objectives\nowner: owner-%03d\nperiod: 2026-Q4\nobjectives:\n", o)
		for i := range 4 {
			fmt.Fprintf(&b, "  - id: objective-%d\n    title: Objective %d of owner %d\n    key_results:\n", i, i, o)
			for k := range 4 {
				fmt.Fprintf(&b, "      - id: kr-%d\n        title: Key result %d\n        baseline: 100\n        target: %d\n", k, k, 200+v+k)
			}
		}
		return b.String()
	}
	csvPath := func(o int) string { return fmt.Sprintf("teams/owner-%03d/measurements.csv", o) }

	head := commit("main", "initial import", 0, 0, func() {
		for o := range owners {
			put(fmt.Sprintf("teams/owner-%03d/2026-Q4.yaml", o), objectives(o, 0))
			put(csvPath(o), "metric,at,value,note\n")
		}
		for k := range kpis {
			put(fmt.Sprintf("kpis/kpi-%03d.yaml", k), fmt.Sprintf("apiVersion: okr/v1\nkind: KPI\nid: kpi_%03d\nname: KPI %d\ndirection: increase\n", k, k))
		}
		for d := range 20 {
			put(fmt.Sprintf("docs/page-%02d.md", d), "# Notes\n")
		}
	})
	for mark < n {
		i := mark
		o := (i * 7) % owners
		switch {
		case i%100 == 50 && mark+3 <= n:
			// A side branch of two commits, merged back.
			side := commit("side", "side work", head, 0, func() { put(csvPath(o), files[csvPath(o)]+"m,2026-10-01,1,\n") })
			side = commit("side", "more side work", side, 0, func() {
				put(fmt.Sprintf("kpis/kpi-%03d.yaml", i%kpis), files[fmt.Sprintf("kpis/kpi-%03d.yaml", i%kpis)]+"unit: ms\n")
			})
			head = commit("main", "merge side", head, side, func() {})
		case i%10 == 0:
			d := fmt.Sprintf("docs/page-%02d.md", i%20)
			head = commit("main", "docs", head, 0, func() { put(d, files[d]+"more\n") })
		case i%10 == 7:
			head = commit("main", "raise a target", head, 0, func() { put(fmt.Sprintf("teams/owner-%03d/2026-Q4.yaml", o), objectives(o, i)) })
		case i%97 == 0:
			from := fmt.Sprintf("kpis/kpi-%03d.yaml", i%kpis)
			head = commit("main", "rename a KPI file", head, 0, func() {
				to := path.Join("kpis", "renamed", path.Base(from))
				fmt.Fprintf(&s, "R %s %s\n", from, to)
			})
		default:
			p := csvPath(o)
			head = commit("main", "record", head, 0, func() {
				put(p, files[p]+fmt.Sprintf("owner-%03d/objective-1/kr-2,2026-10-%02d,%d,\n", o, 1+i%28, i))
			})
		}
	}
	runGit(tb, dir, baseTime, s.Bytes(), "fast-import", "--quiet")
	// A clone's objects are delta-compressed in a pack, as here.
	runGit(tb, dir, baseTime, nil, "repack", "-a", "-d", "-q")
	if got := runGit(tb, dir, baseTime, nil, "rev-list", "--count", "main"); got != fmt.Sprint(n) {
		tb.Fatalf("generated %s commits, want %d", got, n)
	}
	return dir
}

func okrFile(p string) bool {
	return strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".csv")
}

// BenchmarkWalkChanged is the history part of `okr log`: open the
// repository, walk every commit from HEAD and list the OKR files each one
// changed.
func BenchmarkWalkChanged(b *testing.B) {
	dir := fastImportRepo(b, 2000)
	b.ReportAllocs()
	var commits, changes int
	for b.Loop() {
		commits, changes = 0, 0
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		head, err := r.Resolve("HEAD")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Walk(head, func(c *object.Commit) error {
			ch, err := r.Changed(c, okrFile)
			commits++
			changes += len(ch)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
	b.ReportMetric(float64(commits), "commits/op")
	b.ReportMetric(float64(changes), "changes/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*commits), "ns/commit")
}

// BenchmarkWalk walks the same history without diffing.
func BenchmarkWalk(b *testing.B) {
	dir := fastImportRepo(b, 2000)
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	head, err := r.Resolve("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Walk(head, func(*object.Commit) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFSReadAll reads every file of HEAD through the fs.FS, as the
// loader does for `okr diff` against a revision.
func BenchmarkFSReadAll(b *testing.B) {
	dir := fastImportRepo(b, 2000)
	b.ReportAllocs()
	var bytesRead int64
	for b.Loop() {
		bytesRead = 0
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		head, err := r.Resolve("HEAD")
		if err != nil {
			b.Fatal(err)
		}
		fsys, err := r.FS(head)
		if err != nil {
			b.Fatal(err)
		}
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			bytesRead += int64(len(data))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
	b.SetBytes(bytesRead)
}
