package scorelog

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/okr-as-code/okr/okr/gen"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
)

// TestBuildMatchesReference checks the incremental engine against loading
// and scoring every commit from scratch, on the hand-made history and on a
// generated one with check-ins and target changes.
func TestBuildMatchesReference(t *testing.T) {
	dir, _ := buildHistory(t, "okrs")
	small, err := gen.Scale("small")
	if err != nil {
		t.Fatal(err)
	}
	small.Owners, small.KPIs, small.Measurements, small.Commits = 6, 6, 3000, 60
	gdir := t.TempDir()
	if err := gen.WriteHistory(gdir, small); err != nil {
		t.Fatal(err)
	}
	// Measurements dated after the commits that bring them: a document no
	// commit touches must still be rescored once a commit's date passes them.
	var s gitStream
	s.commit("main", "2026-10-01T10:00:00Z", "Ada", "Goals and early numbers", nil,
		put("teams/payments.yaml", paymentsQ4), put("teams/growth.yaml", growthQ4),
		put("measurements/payments.csv", measurements+"payments/checkout/p95,2026-10-10,500,\npayments/checkout/p95,2026-10-20,350,\n"))
	s.commit("main", "2026-10-05T10:00:00Z", "Bea", "Touch growth", nil, put("teams/growth.yaml", growthQ4+"\n"))
	s.commit("main", "2026-10-12T10:00:00Z", "Bea", "Touch growth again", nil, put("teams/growth.yaml", growthQ4+"\n\n"))
	s.commit("main", "2026-10-25T10:00:00Z", "Bea", "And again", nil, put("teams/growth.yaml", growthQ4+"\n\n\n"))
	fdir, _ := s.create(t)
	for _, tc := range []struct{ name, dir, root string }{
		{"hand-made", dir, "okrs"},
		{"generated", gdir, ""},
		{"future-dated", fdir, ""},
	} {
		h := openRepo(t, tc.dir, tc.root)
		head, err := h.Resolve("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []Options{{}, {Period: score.AllPeriods}, {Period: "2026-Q3"}} {
			want, err := buildReference(h, head, opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Build(h, head, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Commits) == 0 {
				t.Fatalf("%s %+v: the reference log is empty", tc.name, opts)
			}
			if diff := cmp.Diff(want, got, approx, scoresAsMap, cmpopts.IgnoreFields(Log{}, "Head", "HeadProblems")); diff != "" {
				t.Errorf("%s %+v: Build differs from the reference (-want +got):\n%s", tc.name, opts, diff)
			}
			// The head repository Build hands back is the one Load reads.
			repo, probs, err := loadTree(h, head, load.NewCache())
			if err != nil {
				t.Fatal(err)
			}
			if got.Head == nil {
				t.Fatalf("%s: Build returned no head repository", tc.name)
			}
			if diff := cmp.Diff(summary(repo, probs), summary(got.Head, got.HeadProblems)); diff != "" {
				t.Errorf("%s: Build's head repository differs from Load's (-want +got):\n%s", tc.name, diff)
			}
		}
	}
}

// summary flattens what a repository holds into comparable lines.
func summary(r *model.Repo, probs []model.Problem) []string {
	out := []string{fmt.Sprintf("config %+v", r.Config)}
	out = append(out, r.Files...)
	for _, d := range r.Objectives {
		for _, o := range d.Objectives {
			for _, kr := range o.KeyResults {
				out = append(out, fmt.Sprintf("%s %s %s %+v %+v", d.Period, kr.Ref, kr.Type, kr.Baseline, kr.Target))
			}
		}
	}
	for _, k := range r.KPIs {
		out = append(out, "kpi "+k.ID)
	}
	for _, m := range r.Measurements {
		out = append(out, fmt.Sprintf("%d %s %s %v %s", m.Seq, m.Metric, m.AtString(), m.Value, m.Pos))
	}
	for _, p := range model.SortProblems(probs) {
		out = append(out, p.String())
	}
	return out
}

// TestBuildSince: a log that starts at a date (Options.Since) holds exactly
// the entries of the whole log dated on or after it, with the same scores,
// although it reads the first commit it keeps from scratch.
func TestBuildSince(t *testing.T) {
	small, err := gen.Scale("small")
	if err != nil {
		t.Fatal(err)
	}
	small.Owners, small.KPIs, small.Measurements, small.Commits = 6, 6, 3000, 60
	gdir := t.TempDir()
	if err := gen.WriteHistory(gdir, small); err != nil {
		t.Fatal(err)
	}
	hdir, _ := buildHistory(t, "okrs")
	for _, tc := range []struct{ name, dir, root string }{{"hand-made", hdir, "okrs"}, {"generated", gdir, ""}} {
		h := openRepo(t, tc.dir, tc.root)
		head, err := h.Resolve("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []Options{{}, {Period: score.AllPeriods}} {
			whole, err := Build(h, head, opts)
			if err != nil {
				t.Fatal(err)
			}
			n := len(whole.Commits)
			if n < 3 {
				t.Fatalf("%s: only %d entries", tc.name, n)
			}
			// The day of the oldest, a middle and the newest entry, and the
			// day after the newest (no entry at all).
			var days []model.Date
			for _, i := range []int{n - 1, n / 2, 0} {
				d, err := model.ParseDate(whole.Commits[i].Date[:10])
				if err != nil {
					t.Fatal(err)
				}
				days = append(days, d)
			}
			days = append(days, days[2]+1)
			for _, since := range days {
				var want []Entry
				for _, e := range whole.Commits {
					if d, _ := model.ParseDate(e.Date[:10]); d >= since {
						want = append(want, e)
					}
				}
				if want == nil {
					want = []Entry{}
				}
				o := opts
				o.Since = since
				got, err := Build(h, head, o)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got.Commits, approx, scoresAsMap); diff != "" {
					t.Errorf("%s %+v since %s: differs from the whole log (-want +got):\n%s", tc.name, opts, since, diff)
				}
			}
		}
	}
}
