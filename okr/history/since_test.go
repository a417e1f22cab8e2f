package history

import (
	"errors"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
)

// commitAt commits everything with both dates set to date, written in
// date's own time zone (git keeps the zone with the date).
func (g *gitRepo) commitAt(msg string, date time.Time) string {
	g.t.Helper()
	g.git("add", "-A")
	cmd := gitCmd(g.dir, date, "commit", "-q", "--allow-empty", "-m", msg)
	d := date.Format(time.RFC3339)
	cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d)
	if out, err := cmd.CombinedOutput(); err != nil {
		g.t.Fatalf("git commit: %v\n%s", err, out)
	}
	return g.git("rev-parse", "HEAD")
}

func TestFirstParentBefore(t *testing.T) {
	g := newGitRepo(t)
	day := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	east := time.FixedZone("-0500", -5*3600)
	c5 := g.commitAt("first", day(5, 9))
	// 23:30 on the 6th in New York is the 7th in UTC: it counts as made on
	// the 6th, the day of its own time zone.
	c6 := g.commitAt("late evening", time.Date(2026, 1, 6, 23, 30, 0, 0, east))
	g.git("checkout", "-q", "-b", "feature")
	g.write("a.txt", "branch")
	g.commitAt("on the branch", day(8, 15))
	g.git("checkout", "-q", "main")
	g.write("b.txt", "main")
	c7 := g.commitAt("on main", day(7, 9))
	cmd := gitCmd(g.dir, day(9, 9), "merge", "-q", "--no-ff", "-m", "merge", "feature")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git merge: %v\n%s", err, out)
	}
	merge := g.git("rev-parse", "HEAD")
	r := g.open(".")
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		day  time.Time
		want string
	}{
		{"after the merge: the merge", day(10, 0), merge},
		// committed on the 9th is not before the 9th; the branch commit
		// (the 8th) is newer than main's (the 7th), but not first-parent
		{"the day of the merge: main before it", day(9, 0), c7},
		{"the day main's commit was made", day(7, 0), c6},
		{"the local day of the evening commit", day(6, 0), c5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := r.FirstParentBefore(head, tc.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Hash.String(); got != tc.want {
				t.Errorf("got %s, want %s", got[:7], tc.want[:7])
			}
		})
	}
	_, err = r.FirstParentBefore(head, day(5, 0))
	if !errors.Is(err, ErrNoCommitBefore) {
		t.Fatalf("before the first commit: got %v, want ErrNoCommitBefore", err)
	}
	want := "no commit before 2026-01-05: the first commit, " + c5[:7] + ", was committed on 2026-01-05"
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
}

func TestCommitDay(t *testing.T) {
	east := time.FixedZone("+0900", 9*3600)
	west := time.FixedZone("-0800", -8*3600)
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 10, 1, 0, 30, 0, 0, east), "2026-10-01"},  // 2026-09-30 in UTC
		{time.Date(2026, 9, 30, 23, 30, 0, 0, west), "2026-09-30"}, // 2026-10-01 in UTC
		{time.Date(2026, 9, 30, 23, 59, 59, 0, time.UTC), "2026-09-30"},
	} {
		if got := CommitDay(tc.in).Format(time.DateOnly); got != tc.want {
			t.Errorf("CommitDay(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestLandedDay(t *testing.T) {
	tokyo := time.FixedZone("+0900", 9*3600)
	sf := time.FixedZone("-0800", -8*3600)
	utc := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name              string
		author, committer time.Time
		want              string
	}{
		{"backdated author date: the committer's", utc(1, 9).AddDate(0, 0, -6), utc(20, 9), "2026-10-20"},
		{"a clock set back on commit: the author's", utc(2, 9), utc(1, 9).AddDate(0, 0, -6), "2026-10-02"},
		{"the same day", utc(5, 9), utc(5, 18), "2026-10-05"},
		// 2026-10-01 00:30 in Tokyo (2026-09-30 in UTC) is the 1st; 23:30
		// on 2026-09-30 in San Francisco (the 1st in UTC) is the 30th
		{"Tokyo just after midnight", time.Date(2026, 10, 1, 0, 30, 0, 0, tokyo), time.Date(2026, 10, 1, 0, 30, 0, 0, tokyo), "2026-10-01"},
		{"San Francisco before midnight", time.Date(2026, 9, 30, 23, 30, 0, 0, sf), time.Date(2026, 9, 30, 23, 30, 0, 0, sf), "2026-09-30"},
		// by day, not by instant: 09:00 on the 2nd in Tokyo is earlier
		// than 20:00 on the 1st in San Francisco, but its day is later
		{"the later day, not the later instant", time.Date(2026, 10, 2, 9, 0, 0, 0, tokyo), time.Date(2026, 10, 1, 20, 0, 0, 0, sf), "2026-10-02"},
	} {
		c := &object.Commit{Author: object.Signature{When: tc.author}, Committer: object.Signature{When: tc.committer}}
		if got := LandedDay(c).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s: LandedDay = %s, want %s", tc.name, got, tc.want)
		}
	}
}
