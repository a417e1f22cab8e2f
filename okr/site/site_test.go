package site

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/scorelog"
)

func TestFileSafeAndUnique(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"payments", "payments"},
		{"team.a_b-c", "team.a_b-c"},
		{"../etc/passwd", "_._etc_passwd"},
		{".okr-site", "_okr-site"},
		{"a b<c>\x00é", "a_b_c____"}, // é is two bytes
	} {
		if got := fileSafe(tt.in); got != tt.want {
			t.Errorf("fileSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	taken := map[string]bool{}
	var got []string
	for _, b := range []string{"owner-a", "owner-A", "owner-a", "kpi-x"} {
		got = append(got, unique(taken, b))
	}
	want := []string{"owner-a.html", "owner-A-2.html", "owner-a-3.html", "kpi-x.html"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unique (-want +got):\n%s", diff)
	}
}

func TestTicks(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		want   []float64
	}{
		// (500 − 100)/4 = 100 per tick: 100, 200, …, 500.
		{100, 500, []float64{100, 200, 300, 400, 500}},
		// 0.9/4 = 0.225 → 0.25: 0.25, 0.5, 0.75.
		{0.05, 0.95, []float64{0.25, 0.5, 0.75}},
		// 7/4 = 1.75 → 2: -2, 0, 2, 4.
		{-3, 4, []float64{-2, 0, 2, 4}},
	} {
		if diff := cmp.Diff(tt.want, ticks(tt.lo, tt.hi, 4)); diff != "" {
			t.Errorf("ticks(%v, %v) (-want +got):\n%s", tt.lo, tt.hi, diff)
		}
	}
}

func TestRunning(t *testing.T) {
	values := []float64{3, 1, 5, 3}
	for _, tt := range []struct {
		kind string
		want []float64
	}{
		{model.Last, []float64{3, 1, 5, 3}},
		{model.Sum, []float64{3, 4, 9, 12}},
		{model.Max, []float64{3, 3, 5, 5}},
		{model.Min, []float64{3, 1, 1, 1}},
		{model.Mean, []float64{3, 2, 3, 3}},
	} {
		r := newRunning(tt.kind)
		var got []float64
		for _, v := range values {
			got = append(got, r.add(v))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.kind, diff)
		}
	}
}

func TestKPIBands(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	inf := math.Inf(1)
	for _, tt := range []struct {
		name string
		k    score.KPIHealth
		want []band
	}{
		{"no target", score.KPIHealth{Direction: "increase"}, nil},
		{"increase with warn", score.KPIHealth{Direction: "increase", Target: f(10), Warn: f(8)},
			[]band{{10, inf, "c-good"}, {8, 10, "c-warnband"}, {-inf, 8, "c-bad"}}},
		{"decrease with warn", score.KPIHealth{Direction: "decrease", Target: f(300), Warn: f(500)},
			[]band{{-inf, 300, "c-good"}, {300, 500, "c-warnband"}, {500, inf, "c-bad"}}},
		{"a warn on the wrong side is ignored", score.KPIHealth{Direction: "decrease", Target: f(300), Warn: f(200)},
			[]band{{-inf, 300, "c-good"}, {300, inf, "c-bad"}}},
	} {
		if diff := cmp.Diff(tt.want, kpiBands(&tt.k), cmp.AllowUnexported(band{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestOwnerSeries(t *testing.T) {
	keys := []string{"2026-Q4/a", "2026-Q4/b"}
	entry := func(date string, a, b float64) scorelog.Entry {
		return scorelog.Entry{Commit: date, Short: date[:7], Date: date, Author: "x\ny", Subject: "s",
			Scores: scorelog.NewScores(keys, []float64{a, b})}
	}
	l := &scorelog.Log{Commits: []scorelog.Entry{ // newest first
		entry("2027-01-02T10:00:00Z", 0.9, 0.9), // after the period
		entry("2026-11-20T10:00:00Z", 0.8, 0.8), // after as-of
		entry("2026-11-10T23:30:00-05:00", 0.5, 0.3),
		entry("2026-10-20T10:00:00Z", 0.5, 0.2),
		entry("2026-10-05T10:00:00Z", 0.1, 0.2),
		entry("2026-09-30T10:00:00Z", 0.0, 0.0), // before the period
	}}
	q4 := func(k string) ownerView {
		first, _ := model.ParseDate("2026-10-01")
		last, _ := model.ParseDate("2026-12-31")
		return ownerView{Key: k, first: first, last: last}
	}
	asOf, _ := model.ParseDate("2026-11-15")
	got := ownerSeries(l, []ownerView{q4("2026-Q4/a"), q4("2026-Q4/b"), q4("2026-Q4/c")}, asOf)
	scores := map[string][]string{}
	for k, pts := range got {
		for _, p := range pts {
			scores[k] = append(scores[k], p.Day.String()+"="+Label(p.Score))
		}
	}
	// Oldest first, only the commits that changed the score; the day is the
	// one written in the commit's own zone; the author is escaped.
	want := map[string][]string{
		"2026-Q4/a": {"2026-10-05=0.1", "2026-10-20=0.5"},
		"2026-Q4/b": {"2026-10-05=0.2", "2026-11-10=0.3"},
	}
	if diff := cmp.Diff(want, scores); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	if a := got["2026-Q4/a"][0].Author; a != `x\ny` {
		t.Errorf("author %q", a)
	}
}

func TestPrepare(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write := func(p string) {
		if err := os.WriteFile(filepath.Join(root, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("full")
	write("full/keep.txt")
	mk("mine")
	write("mine/index.html")
	write("mine/" + Marker)
	mk("empty")
	mk(".git")
	write("file")
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		dir    string
		refuse string // "" when accepted
	}{
		{filepath.Join(root, "_site"), ""},
		{filepath.Join(root, "a", "b"), ""},
		{filepath.Join(root, "empty"), ""},
		{filepath.Join(root, "mine"), ""},
		{filepath.Join(outside, "site"), ""},
		{filepath.Join(root, "full"), "okr did not write it"},
		{filepath.Join(root, ".git", "site"), "inside a .git directory"},
		{root, "holds the repository root"},
		{filepath.Dir(root), "holds the repository root"},
		{filepath.Join(root, "file"), "is not a directory"},
		{filepath.Join(root, "link"), "is a symbolic link"},
		{filepath.Join(root, "link", "site"), "is a symbolic link"},
	} {
		_, err := Prepare(root, tt.dir)
		switch {
		case tt.refuse == "" && err != nil:
			t.Errorf("%s: %v", tt.dir, err)
		case tt.refuse != "" && (err == nil || !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.refuse)):
			t.Errorf("%s: got %v, want a refusal saying %q", tt.dir, err, tt.refuse)
		}
	}
}

func TestWriteReplaces(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	build := func(names ...string) func(emit func(string, []byte) error) error {
		return func(emit func(string, []byte) error) error {
			for _, n := range names {
				if err := emit(n, []byte(n)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, names := range [][]string{{"a.html", "b.html"}, {"b.html", "c.html"}} {
		d, err := Prepare(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Write(build(names...)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if diff := cmp.Diff([]string{Marker, "b.html", "c.html"}, got); diff != "" {
		t.Errorf("after the second write (-want +got):\n%s", diff)
	}
	// A build that fails, before or after it emits files, leaves the
	// directory as it was; a new directory is not even left behind.
	d, _ := Prepare(root, dir)
	if err := d.Write(func(func(string, []byte) error) error { return errors.New("no history") }); err == nil {
		t.Error("a failed build wrote the site")
	}
	d, _ = Prepare(root, dir)
	if err := d.Write(func(emit func(string, []byte) error) error {
		if err := emit("kpis.html", []byte("new")); err != nil {
			return err
		}
		return errors.New("no history")
	}); err == nil {
		t.Error("a failed build wrote the site")
	}
	entries, _ = os.ReadDir(dir)
	got = got[:0]
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if diff := cmp.Diff([]string{Marker, "b.html", "c.html"}, got); diff != "" {
		t.Errorf("after a build that failed before writing (-want +got):\n%s", diff)
	}
	fresh := filepath.Join(root, "fresh")
	if d, err := Prepare(root, fresh); err != nil {
		t.Fatal(err)
	} else if err := d.Write(build("a.html", "../x")); err == nil {
		t.Error("a failed build wrote the site")
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build created %s: %v", fresh, err)
	}
	d, _ = Prepare(root, dir)
	for _, bad := range []string{"../x", "a/b", "", "..", "b.html"} {
		err := d.Write(build("b.html", bad))
		if err == nil {
			t.Errorf("emit %q accepted", bad)
		}
	}
}
