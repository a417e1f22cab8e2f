package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/score"
)

func TestKPIsGolden(t *testing.T) {
	full := score.KPIs(scoresRepo(), scoresAsOf(), score.Options{})
	empty := score.KPIs(scoresRepo(), scoresAsOf(), score.Options{Owner: "nobody"})
	tests := []struct {
		golden string
		report *score.KPIReport
		format string
		color  bool
	}{
		{"table.golden", full, "table", false},
		{"table-color.golden", full, "table", true},
		{"json.golden", full, "json", false},
		{"csv.golden", full, "csv", false},
		{"markdown.golden", full, "markdown", false},
		{"empty-table.golden", empty, "table", false},
		{"empty-json.golden", empty, "json", false},
		{"empty-csv.golden", empty, "csv", false},
		{"empty-markdown.golden", empty, "markdown", false},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := KPIs(&b, tt.format, tt.report, tt.color); err != nil {
				t.Fatal(err)
			}
			scoresGolden(t, "kpis", tt.golden, b.Bytes())
			var again bytes.Buffer
			if err := KPIs(&again, tt.format, tt.report, tt.color); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Error("a second rendering differs")
			}
			if !tt.color && strings.Contains(b.String(), "\x1b[") {
				t.Error("ANSI escape without color")
			}
		})
	}
}

func TestKPIsUnknownFormat(t *testing.T) {
	err := KPIs(&bytes.Buffer{}, "sarif", &score.KPIReport{KPIs: []score.KPIHealth{}}, false)
	want := `unknown format "sarif": use one of table, json, csv, markdown, xlsx`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
