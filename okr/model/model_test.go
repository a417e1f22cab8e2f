package model

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParsePeriodAndRange(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		fy          int
		first, last string
		days        int
		err         bool
	}{
		{name: "quarter", in: "2026-Q4", fy: 1, first: "2026-10-01", last: "2026-12-31", days: 92},
		{name: "first quarter", in: "2026-Q1", fy: 1, first: "2026-01-01", last: "2026-03-31", days: 90},
		{name: "leap first quarter", in: "2028-Q1", fy: 1, first: "2028-01-01", last: "2028-03-31", days: 91},
		{name: "half", in: "2026-H2", fy: 1, first: "2026-07-01", last: "2026-12-31", days: 184},
		{name: "year", in: "2026", fy: 1, first: "2026-01-01", last: "2026-12-31", days: 365},
		{name: "fiscal July Q1 is in the previous calendar year", in: "2027-Q1", fy: 7, first: "2026-07-01", last: "2026-09-30", days: 92},
		{name: "fiscal July Q4", in: "2027-Q4", fy: 7, first: "2027-04-01", last: "2027-06-30", days: 91},
		{name: "fiscal July year", in: "2027", fy: 7, first: "2026-07-01", last: "2027-06-30", days: 365},
		{name: "fiscal February H2", in: "2027-H2", fy: 2, first: "2026-08-01", last: "2027-01-31", days: 184},
		{name: "Q5", in: "2026-Q5", err: true},
		{name: "H3", in: "2026-H3", err: true},
		{name: "lower-case q", in: "2026-q1", err: true},
		{name: "two-digit year", in: "26-Q1", err: true},
		{name: "empty", in: "", err: true},
		{name: "sign", in: "+026", err: true},
		{name: "month", in: "2026-10", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod(tt.in)
			if tt.err {
				if err == nil {
					t.Fatalf("ParsePeriod(%q) = %v, want an error", tt.in, p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tt.in {
				t.Errorf("String() = %q, want %q", p.String(), tt.in)
			}
			f, l := p.Range(tt.fy)
			if got := [2]string{f.String(), l.String()}; got != [2]string{tt.first, tt.last} {
				t.Errorf("Range(%d) = %v, want [%s %s]", tt.fy, got, tt.first, tt.last)
			}
			if got := p.Days(tt.fy); got != tt.days {
				t.Errorf("Days = %d, want %d", got, tt.days)
			}
			// PeriodAt of the first and the last day returns the period.
			for _, d := range []Date{f, l} {
				if got := PeriodAt(d, p.Kind, tt.fy); got != p {
					t.Errorf("PeriodAt(%s) = %v, want %v", d, got, p)
				}
			}
			if got := PeriodAt(l+1, p.Kind, tt.fy); got == p {
				t.Errorf("PeriodAt(day after) = %v, want another period", got)
			}
		})
	}
}

func TestContains(t *testing.T) {
	q := func(s string) Period { p, _ := ParsePeriod(s); return p }
	tests := []struct {
		outer, inner string
		fy           int
		want         bool
	}{
		{"2026", "2026-Q4", 1, true},
		{"2026", "2026", 1, true},
		{"2026-H2", "2026-Q3", 1, true},
		{"2026-H2", "2026-Q2", 1, false},
		{"2026-Q4", "2026", 1, false},
		{"2027", "2026-Q4", 1, false},
		{"2027", "2027-Q1", 7, true},
		{"2027-H1", "2027-Q2", 7, true},
		{"2027-H1", "2027-Q3", 7, false},
	}
	for _, tt := range tests {
		if got := q(tt.outer).Contains(q(tt.inner), tt.fy); got != tt.want {
			t.Errorf("%s contains %s (fy %d) = %v, want %v", tt.outer, tt.inner, tt.fy, got, tt.want)
		}
	}
}

func TestParseDateAndAt(t *testing.T) {
	tests := []struct {
		in      string
		day     string
		instant time.Time
		err     bool
	}{
		{in: "2026-10-05", day: "2026-10-05", instant: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)},
		{in: "2028-02-29", day: "2028-02-29", instant: time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)},
		{in: "2026-02-29", err: true},
		{in: "2026-02-30", err: true},
		{in: "2026-13-01", err: true},
		{in: "2026-00-10", err: true},
		{in: "2026-1-05", err: true},
		{in: "+026-10-05", err: true},
		{in: "yesterday", err: true},
		{in: "", err: true},
		// A timestamp's date is the one written, in its own offset.
		{in: "2026-10-05T23:30:00-02:00", day: "2026-10-05", instant: time.Date(2026, 10, 6, 1, 30, 0, 0, time.UTC)},
		{in: "2026-10-05T14:00:00Z", day: "2026-10-05", instant: time.Date(2026, 10, 5, 14, 0, 0, 0, time.UTC)},
		{in: "2026-02-30T14:00:00Z", err: true},
		{in: "2026-10-05 14:00", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			at, day, err := ParseAt(tt.in)
			if tt.err {
				if err == nil {
					t.Fatalf("ParseAt(%q) = %v, want an error", tt.in, day)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if day.String() != tt.day || !at.Equal(tt.instant) {
				t.Errorf("ParseAt(%q) = %v %s, want %v %s", tt.in, at, day, tt.instant, tt.day)
			}
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	a, _ := ParseDate("2026-10-01")
	b, _ := ParseDate("2026-12-31")
	if got := int(b - a); got != 91 {
		t.Errorf("days between = %d, want 91", got)
	}
	if got := DateOf(time.Date(2026, 3, 29, 23, 59, 0, 0, time.FixedZone("x", 5*3600))).String(); got != "2026-03-29" {
		t.Errorf("DateOf = %s", got)
	}
	if got := NewDate(1969, 12, 31); got != -1 {
		t.Errorf("NewDate(1969-12-31) = %d, want -1", got)
	}
}

func TestNearest(t *testing.T) {
	fields := []string{"id", "title", "type", "kpi", "baseline", "commit", "target", "stretch", "unit", "aggregate", "weight", "owner"}
	tests := []struct{ in, want string }{
		{"tagret", "target"},
		{"targte", "target"},
		{"basline", "baseline"},
		{"Weight", "weight"},
		{"strech", "stretch"},
		{"agregate", "aggregate"},
		{"description", ""},
		{"x", ""},
		{"colour", ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.in, fields, 3); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSortProblems(t *testing.T) {
	p := func(file string, line int, msg string) Problem {
		return Problem{Pos: Pos{File: file, Line: line, Column: 1}, Severity: Error, Rule: "r", Message: msg}
	}
	got := SortProblems([]Problem{p("b", 1, "x"), p("a", 9, "y"), p("a", 2, "z"), p("a", 9, "y")})
	want := []Problem{p("a", 2, "z"), p("a", 9, "y"), p("b", 1, "x")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SortProblems (-want +got):\n%s", diff)
	}
	if got := p("f.yaml", 3, "bad").String(); got != "f.yaml:3:1: error: bad [r]" {
		t.Errorf("String() = %q", got)
	}
}

// TestParsePeriodError: the error is typed, so that a caller that hands a
// user's --period on can tell it from other failures, and names the text.
func TestParsePeriodError(t *testing.T) {
	_, err := ParsePeriod("2026-Q5")
	var pe *PeriodError
	if !errors.As(fmt.Errorf("wrapped: %w", err), &pe) || pe.Text != "2026-Q5" {
		t.Fatalf("ParsePeriod(2026-Q5) = %v, want a *PeriodError for 2026-Q5", err)
	}
	const want = `invalid period "2026-Q5": want YYYY-Qn (quarter), YYYY-Hn (half) or YYYY (year), such as 2026-Q4`
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}
