package render

import (
	"encoding/json"
	"io"
	"testing"
)

// benchRows is a JSON payload the size of a large organisation's
// `okr score --format json` (SPEC §4: 40,000 key results), every score a
// noisy float that JSON rounds to 12 digits.
func benchRows() []map[string]any {
	rows := make([]map[string]any, 40000)
	for i := range rows {
		rows[i] = map[string]any{"ref": "team/objective/key-result", "score": float64(i%97) / 97, "baseline": 800, "target": 300, "current": 512.5, "no_data": false}
	}
	return rows
}

// BenchmarkJSON: render.JSON (12-digit rounding and C1 escaping as it
// writes) against encoding/json alone, on the same payload.
func BenchmarkJSON(b *testing.B) {
	rows := benchRows()
	b.Run("render.JSON", func(b *testing.B) {
		for b.Loop() {
			if err := JSON(io.Discard, rows); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			enc := json.NewEncoder(io.Discard)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rows); err != nil {
				b.Fatal(err)
			}
		}
	})
}
