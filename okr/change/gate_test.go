package change_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/change"
)

func TestParseSince(t *testing.T) {
	asOf := date("2026-11-15")
	tests := []struct {
		when, want, err string
	}{
		{when: "7d", want: "2026-11-08"},
		{when: "2w", want: "2026-11-01"}, // 14 days back
		{when: "0d", want: "2026-11-15"},
		{when: "46d", want: "2026-09-30"}, // across a month and a quarter
		{when: "2026-11-08", want: "2026-11-08"},
		{when: "2026-11-15", want: "2026-11-15"}, // as-of itself
		{when: "2026-11-16", err: "--since 2026-11-16 is after the as-of date 2026-11-15"},
		{when: "2026-02-30", err: `--since 2026-02-30: impossible date "2026-02-30"`},
		{when: "7x", err: `--since "7x": want a date YYYY-MM-DD, or a number of days or weeks back from the as-of date (7d, 2w)`},
		{when: "d", err: `--since "d": want`},
		{when: "-7d", err: `--since "-7d": want`},
		{when: "+7d", err: `--since "+7d": want`},
		{when: "7", err: `--since "7": want`},
		{when: "99999999999999999999d", err: `--since "99999999999999999999d": want`},
		{when: "", err: "--since needs a value"},
	}
	for _, tt := range tests {
		got, err := change.ParseSince(tt.when, asOf)
		switch {
		case tt.err != "":
			if err == nil || len(err.Error()) < len(tt.err) || err.Error()[:len(tt.err)] != tt.err {
				t.Errorf("ParseSince(%q) = %v, %v; want error %q…", tt.when, got, err, tt.err)
			}
		case err != nil:
			t.Errorf("ParseSince(%q): %v", tt.when, err)
		case got.String() != tt.want:
			t.Errorf("ParseSince(%q) = %s, want %s", tt.when, got, tt.want)
		}
	}
}

func TestFailOn(t *testing.T) {
	if _, err := change.ParseFailOn("moved,bogus"); err == nil || err.Error() != `--fail-on: unknown kind of change "bogus": use one or more of moved, removed, changed, separated by commas` {
		t.Errorf("ParseFailOn(bogus) error = %v", err)
	}
	if _, err := change.ParseFailOn(""); err == nil {
		t.Error("ParseFailOn(\"\") accepted")
	}
	all, err := change.ParseFailOn("moved, removed,changed")
	if err != nil || all != (change.FailOn{Moved: true, Removed: true, Changed: true}) {
		t.Fatalf("ParseFailOn(all) = %+v, %v", all, err)
	}
	moved := change.Change{Ref: "a/b/c", Kind: change.Modified, Field: "target", AfterPeriodStart: true}
	early := change.Change{Ref: "a/b/d", Kind: change.Removed}
	title := change.Change{Ref: "a/b", Kind: change.Modified, Field: "title"}
	tests := []struct {
		name    string
		changes []change.Change
		f       change.FailOn
		want    []string
	}{
		{"nothing", nil, all, nil},
		{"a title: only changed", []change.Change{title}, change.FailOn{Moved: true, Removed: true}, nil},
		{"a title, changed", []change.Change{title}, change.FailOn{Changed: true}, []string{"changed: 1 change to goals or KPIs"}},
		{"removed before the period", []change.Change{early}, change.FailOn{Moved: true}, nil},
		{"all three", []change.Change{moved, early, title}, all, []string{
			"moved: 1 goalpost moved after its period began",
			"removed: 1 goal or KPI removed",
			"changed: 3 changes to goals or KPIs",
		}},
		{"two moved", []change.Change{moved, moved}, change.FailOn{Moved: true}, []string{"moved: 2 goalposts moved after their period began"}},
	}
	for _, tt := range tests {
		d := &change.Diff{Changes: tt.changes}
		if diff := cmp.Diff(tt.want, d.Failures(tt.f)); diff != "" {
			t.Errorf("%s: Failures (-want +got):\n%s", tt.name, diff)
		}
	}
}
