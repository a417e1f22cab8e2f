package render

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/score"
)

func dueReport() *score.DueReport {
	last := "2026-11-02"
	return &score.DueReport{AsOf: "2026-11-15", Due: []score.DueItem{
		{Kind: score.DueKeyResult, Ref: "payments/checkout/apple-pay", Title: "Offer *Apple* Pay\n[now](x)", Owner: "alice",
			DocumentOwner: "payments", Period: "2026-Q4", Cadence: "weekly", LastAt: &last, SinceDays: 13, OverdueDays: 6},
		{Kind: score.DueKeyResult, Ref: "payments/checkout/sepa", Title: "SEPA", Owner: "alice",
			DocumentOwner: "payments", Period: "2026-Q4", Cadence: "weekly", SinceDays: 8, OverdueDays: 1},
		{Kind: score.DueKPI, Ref: "nps", Title: "NPS", Owner: "cx\x1b[31m", DocumentOwner: "cx",
			Cadence: "monthly", LastAt: &last, SinceDays: 45, OverdueDays: 14},
	}}
}

func TestDueFormats(t *testing.T) {
	tests := []struct {
		format string
		report *score.DueReport
		want   string
	}{
		{"table", dueReport(), `as of 2026-11-15: 3 check-ins due
┌────────────┬─────────────────────────────┬─────────┬───────────────┬─────────┐
│ PERSON     │ KEY RESULT / KPI            │ CADENCE │ LAST CHECK-IN │ OVERDUE │
├────────────┼─────────────────────────────┼─────────┼───────────────┼─────────┤
│ alice      │ payments/checkout/apple-pay │ weekly  │ 2026-11-02    │  6 days │
│            │ payments/checkout/sepa      │ weekly  │ never         │   1 day │
│ cx\x1b[31m │ nps (KPI)                   │ monthly │ 2026-11-02    │ 14 days │
└────────────┴─────────────────────────────┴─────────┴───────────────┴─────────┘
`},
		{"markdown", dueReport(), "## Check-ins due as of 2026-11-15\n\n3 check-ins due.\n\n### alice\n\n" +
			"- key result `payments/checkout/apple-pay` Offer \\*Apple\\* Pay\\\\n\\[now\\](x): weekly, last 2026-11-02, **6 days overdue**\n" +
			"- key result `payments/checkout/sepa` SEPA: weekly, never checked in, **1 day overdue**\n\n" +
			"### cx\\\\x1b\\[31m\n\n- KPI `nps` NPS: monthly, last 2026-11-02, **14 days overdue**\n"},
		{"table", &score.DueReport{AsOf: "2026-11-15", Due: []score.DueItem{}}, "as of 2026-11-15: no check-ins due\n"},
		{"markdown", &score.DueReport{AsOf: "2026-11-15", Due: []score.DueItem{}}, "## Check-ins due as of 2026-11-15\n\nNo check-ins due.\n"},
		{"json", &score.DueReport{AsOf: "2026-11-15", Due: []score.DueItem{}}, "{\n  \"as_of\": \"2026-11-15\",\n  \"due\": []\n}\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := Due(&b, tt.format, tt.report); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, b.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.format, diff)
		}
	}
	if err := Due(&bytes.Buffer{}, "csv", dueReport()); err == nil {
		t.Error("Due in csv: no error")
	}
}
