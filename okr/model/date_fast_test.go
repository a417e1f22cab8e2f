package model

import (
	"fmt"
	"testing"
)

// TestFastDateAgrees holds fastDate to parseDate, the general path, on
// every date of the years it can read and on months and days out of range.
func TestFastDateAgrees(t *testing.T) {
	years := []int{0, 1, 3, 4, 99, 100, 399, 400, 1600, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9998, 9999}
	for y := 1960; y <= 2110; y++ {
		years = append(years, y)
	}
	for _, y := range years {
		for m := 0; m <= 19; m++ {
			for d := 0; d <= 39; d++ {
				agreeDate(t, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	for y := 0; y <= 9999; y++ {
		for _, md := range [][2]int{{1, 1}, {2, 28}, {2, 29}, {3, 1}, {12, 31}} {
			agreeDate(t, fmt.Sprintf("%04d-%02d-%02d", y, md[0], md[1]))
		}
	}
	for _, s := range []string{"", "2026-1-01", "2026-01-1", "+026-01-01", "-026-01-01", "2026-+1-01", "2026--1-01", "2026-01-+1", "2026-01--1",
		"2026/01/01", "2026-01-01T", "20a6-01-01", "2026-0a-01", "2026-01-0a", " 026-01-01", "2026-01- 1"} {
		agreeDate(t, s)
	}
}

func agreeDate(t *testing.T, s string) {
	t.Helper()
	want, werr := parseDate(s)
	got, gerr := ParseDate(s)
	if got != want || (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
		t.Fatalf("ParseDate(%q) = %v, %v; parseDate says %v, %v", s, got, gerr, want, werr)
	}
	if d, ok := fastDate(s); ok && (werr != nil || d != want) {
		t.Fatalf("fastDate(%q) = %v; parseDate says %v, %v", s, d, want, werr)
	}
}

// FuzzParseDate holds ParseDate's fast path to its general one.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-01", "2024-02-29", "2023-02-29", "0000-03-01", "9999-12-31", "2026-13-01", "2026--1-01", "+026-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { agreeDate(t, s) })
}
