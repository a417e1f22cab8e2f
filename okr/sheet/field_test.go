package sheet

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/model"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in, text string
		v        float64
		ok       bool
	}{
		{"800", "800", 800, true},
		{"-12.5", "-12.5", -12.5, true},
		{"+3", "3", 3, true},
		{" 99.95 ", "99.95", 99.95, true},
		{"0.1", "0.1", 0.1, true},
		// A workbook stores 0.001 as 1E-3: written plainly for YAML.
		{"1E-3", "0.001", 0.001, true},
		{"1.5e+21", "1500000000000000000000", 1.5e21, true},
		// 012 would read as octal to YAML 1.1 readers: its value, 12.
		{"012", "12", 12, true},
		{"1,234", "", 0, false},
		{"3,5", "", 0, false},
		{"45%", "", 0, false},
		{"12 ms", "", 0, false},
		{"NaN", "", 0, false},
		{"Inf", "", 0, false},
		{"1e999", "", 0, false},
		{"", "", 0, false},
		{"-", "", 0, false},
	}
	for _, tc := range tests {
		text, v, err := ParseNumber(tc.in)
		if (err == nil) != tc.ok || text != tc.text || v != tc.v {
			t.Errorf("ParseNumber(%q) = %q, %v, %v; want %q, %v, ok %v", tc.in, text, v, err, tc.text, tc.v, tc.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2026-11-02", "2026-11-02", true},
		{"2026-11-02T09:30:00+01:00", "2026-11-02T09:30:00+01:00", true},
		// Serial numbers: day 46328 after 1899-12-30 is 2026-11-02
		// (25569 days to 1970-01-01, then 20759).
		{"46328", "2026-11-02", true},
		// 46300.4375: 2026-10-05 and 0.4375 of a day, 10:30.
		{"46300.4375", "2026-10-05T10:30:00Z", true},
		{"1", "1899-12-31", true},
		{"11/02/2026", "", false},
		{"2026-13-01", "", false},
		{"next week", "", false},
		{"0", "", false},
		{"-5", "", false},
		{"2958466", "", false}, // past 9999-12-31
		{"", "", false},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestSlug(t *testing.T) {
	taken := map[string]bool{"grow-revenue": true, "grow-revenue-2": true}
	tests := []struct{ title, want string }{
		{"Grow revenue", "grow-revenue-3"},
		{"Make checkout effortless", "make-checkout-effortless"},
		{"Réduire le délai à 2 jours", "reduire-le-delai-a-2-jours"},
		{"  --Hello,   World!! ", "hello-world"},
		{"Cut p95 latency: 800 ms → 300 ms", "cut-p95-latency-800-ms-300-ms"},
		// Cut at a '-' to at most 40 characters.
		{"Improve the onboarding experience for every new enterprise customer", "improve-the-onboarding-experience-for"},
		{"Supercalifragilisticexpialidociousandevenlongerwordsthanthat", "supercalifragilisticexpialidociousandeve"},
		{"日本語", ""},
		{"!!!", ""},
		// Letters whose accent is no separate mark, spelled without it.
		{"Straße", "strasse"},
		{"Łódź, Ærø & Œuvre", "lodz-aero-oeuvre"},
	}
	for _, tc := range tests {
		if got := Slug(tc.title, func(id string) bool { return taken[id] }); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
	// The suffix counts in the 40 characters.
	long := strings.Repeat("abcd-", 10)
	first := Slug(long, nil)
	got := Slug(long, func(id string) bool { return id == first })
	if got != "abcd-abcd-abcd-abcd-abcd-abcd-abcd-abcd-2" && len(got) > MaxIDLength {
		t.Errorf("Slug with a suffix = %q (%d)", got, len(got))
	}
	if len(got) > MaxIDLength || !strings.HasSuffix(got, "-2") {
		t.Errorf("Slug with a suffix = %q", got)
	}
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// FuzzCellFields: the conversion of any cell text into a field never
// panics, and what it returns is what the field takes: a finite number
// whose text YAML reads back as the same value, a date okr reads, an id
// of at most 40 characters.
func FuzzCellFields(f *testing.F) {
	for _, s := range []string{"800", "-12.5", "1E-3", "46328", "46300.4375", "2026-11-02", "2026-11-02T09:30:00+01:00",
		"Réduire le délai", "=HYPERLINK(\"x\")", "'=1+1", "1,5", "", "\x00", "9e307", "0.30000000000000004"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if text, v, err := ParseNumber(s); err == nil {
			back, _, err := ParseNumber(text)
			if err != nil || back != text {
				t.Errorf("ParseNumber(%q) = %q, which reads back as %q, %v", s, text, back, err)
			}
			if !model.Some(v).Finite() {
				t.Errorf("ParseNumber(%q) = %v", s, v)
			}
		}
		if at, err := ParseDate(s); err == nil {
			if _, _, err := model.ParseAt(at); err != nil {
				t.Errorf("ParseDate(%q) = %q, which okr does not read: %v", s, at, err)
			}
			if len(at) == 10 {
				if _, err := time.Parse(time.DateOnly, at); err != nil {
					t.Errorf("ParseDate(%q) = %q", s, at)
				}
			}
		}
		id := Slug(s, func(id string) bool { return id == "a" })
		if id != "" && (!idRe.MatchString(id) || len(id) > MaxIDLength || strings.HasSuffix(id, "-") && !strings.HasSuffix(id, "-2") || id == "a") {
			t.Errorf("Slug(%q) = %q", s, id)
		}
		if !utf8.ValidString(normHeader(s)) && utf8.ValidString(s) {
			t.Errorf("normHeader(%q) is not UTF-8", s)
		}
	})
}
