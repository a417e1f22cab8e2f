package change_test

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
)

func intp(v int) *int { return &v }

func TestMeasurements(t *testing.T) {
	const csv = "measurements/payments.csv"
	base := loadRepo(t, files(nil))
	withFile := func(name, data string) fstest.MapFS {
		fsys := files(nil)
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
		return fsys
	}
	tests := []struct {
		name string
		head fstest.MapFS
		want []change.MeasurementChange
	}{
		{name: "nothing changed", head: files(nil), want: []change.MeasurementChange{}},
		{
			name: "a check-in appended",
			head: files(map[string][][2]string{csv: {{"99.95,\n", "99.95,\npayments/trusted-payments/disputes,2026-11-08,2,resolved faster\n"}}}),
			want: []change.MeasurementChange{
				{Metric: "payments/trusted-payments/disputes", At: "2026-11-08", Value: 2, Note: "resolved faster", File: csv, Line: 6, Kind: change.Added, Unit: "days"},
			},
		},
		{
			name: "a check-in removed, with the unit of its KPI",
			head: files(map[string][][2]string{csv: {{"checkout_p95_ms,2026-11-09,550,\n", ""}}}),
			want: []change.MeasurementChange{
				{Metric: "checkout_p95_ms", At: "2026-11-09", Value: 550, File: csv, Line: 3, Kind: change.Removed, Unit: "ms"},
			},
		},
		{
			name: "a note corrected: removed, then added",
			head: files(map[string][][2]string{csv: {{"2026-11-01,3,", "2026-11-01,3,after the refund fix"}}}),
			want: []change.MeasurementChange{
				{Metric: "payments/trusted-payments/disputes", At: "2026-11-01", Value: 3, File: csv, Line: 4, Kind: change.Removed, Unit: "days"},
				{Metric: "payments/trusted-payments/disputes", At: "2026-11-01", Value: 3, Note: "after the refund fix", File: csv, Line: 4, Kind: change.Added, Unit: "days"},
			},
		},
		{
			name: "the file moved and reordered: no change",
			head: func() fstest.MapFS {
				fsys := files(nil)
				delete(fsys, csv)
				fsys["data/all.csv"] = &fstest.MapFile{Data: []byte("metric,at,value,note\n" +
					"payments/trusted-payments/uptime,2026-11-01,99.95,\n" +
					"checkout_p95_ms,2026-10-05,780,\n" +
					"checkout_p95_ms,2026-11-09,550,\n" +
					"payments/trusted-payments/disputes,2026-11-01,3,\n")}
				return fsys
			}(),
			want: []change.MeasurementChange{},
		},
		{
			name: "rows reordered within the file: no change",
			head: files(map[string][][2]string{csv: {{"checkout_p95_ms,2026-10-05,780,\ncheckout_p95_ms,2026-11-09,550,\n", "checkout_p95_ms,2026-11-09,550,\ncheckout_p95_ms,2026-10-05,780,\n"}}}),
			want: []change.MeasurementChange{},
		},
		{
			name: "a row inserted in the middle, the rows after it unchanged",
			head: files(map[string][][2]string{csv: {{"checkout_p95_ms,2026-11-09,550,\n", "checkout_p95_ms,2026-11-09,550,\ncheckout_p95_ms,2026-11-10,540,\n"}}}),
			want: []change.MeasurementChange{
				{Metric: "checkout_p95_ms", At: "2026-11-10", Value: 540, File: csv, Line: 4, Kind: change.Added, Unit: "ms"},
			},
		},
		{
			name: "a check-in written twice, once in another file: one added",
			head: withFile("measurements/more.csv", "metric,at,value\ncheckout_p95_ms,2026-11-09,550\n"),
			want: []change.MeasurementChange{
				{Metric: "checkout_p95_ms", At: "2026-11-09", Value: 550, File: "measurements/more.csv", Line: 2, Kind: change.Added, Unit: "ms"},
			},
		},
		{
			name: "a YAML document with a timestamp",
			head: withFile("measurements/nps.yaml", "apiVersion: okr/v1\nkind: Measurements\nmetric: checkout_p95_ms\nvalues:\n  - {at: 2026-11-10T09:30:00+01:00, value: 540}\n"),
			want: []change.MeasurementChange{
				{Metric: "checkout_p95_ms", At: "2026-11-10T09:30:00+01:00", Value: 540, File: "measurements/nps.yaml", Line: 5, Kind: change.Added, Unit: "ms"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := change.Compare(base, loadRepo(t, tt.head), change.Options{Measurements: true})
			if diff := cmp.Diff(tt.want, got.Measurements); diff != "" {
				t.Errorf("measurements (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMeasurementConfidence: a confidence is part of a check-in; a changed
// confidence is one removed and one added.
func TestMeasurementConfidence(t *testing.T) {
	m := func(conf int, has bool) model.Measurement {
		return model.Measurement{
			Pos: model.Pos{File: "m.csv", Line: 2, Column: 1}, Metric: "nps", Day: date("2026-11-09"),
			Value: 41, Confidence: int8(conf), HasConfidence: has,
		}
	}
	base := &model.Repo{Config: model.DefaultConfig(), Measurements: []model.Measurement{m(0, false)}}
	head := &model.Repo{Config: model.DefaultConfig(), Measurements: []model.Measurement{m(6, true)}}
	got := change.Compare(base, head, change.Options{Measurements: true})
	want := []change.MeasurementChange{
		{Metric: "nps", At: "2026-11-09", Value: 41, File: "m.csv", Line: 2, Kind: change.Removed},
		{Metric: "nps", At: "2026-11-09", Value: 41, Confidence: intp(6), File: "m.csv", Line: 2, Kind: change.Added},
	}
	if diff := cmp.Diff(want, got.Measurements); diff != "" {
		t.Errorf("measurements (-want +got):\n%s", diff)
	}
	if got := change.Compare(base, head, change.Options{}); len(got.Measurements) != 0 {
		t.Errorf("without Options.Measurements: %v, want none", got.Measurements)
	}
	// 0 is a confidence, not its absence.
	head.Measurements[0] = m(0, true)
	got = change.Compare(base, head, change.Options{Measurements: true})
	if len(got.Measurements) != 2 || got.Measurements[1].Confidence == nil || *got.Measurements[1].Confidence != 0 {
		t.Errorf("confidence 0: got %+v", got.Measurements)
	}
}

// TestCompareWhere: each change says where it is in the head and the
// units of its values.
func TestCompareWhere(t *testing.T) {
	const yaml = "teams/payments/2026-Q4.yaml"
	base := loadRepo(t, files(nil))
	head := loadRepo(t, files(map[string][][2]string{
		yaml: {
			{"        target: 300\n        unit: ms\n", "        target: 0.3\n        unit: s\n"},
			{"      - id: apple-pay\n        title: Launch Apple Pay\n        type: milestone\n", ""},
			{"        target: 99.9\n", "        target: 99.9\n      - id: latency\n        title: Keep latency low\n        type: at_most\n        target: 2\n"},
		},
		"kpis/checkout.yaml": {{"target: 300", "target: 250"}},
	}))
	got := change.Compare(base, head, change.Options{Date: date("2026-11-15")})
	type where struct {
		Ref, Field     string
		Unit, BaseUnit string
		Pos            model.Pos
	}
	var gotW []where
	for _, c := range got.Changes {
		gotW = append(gotW, where{c.Ref, c.Field, c.Unit, c.BaseUnit, c.Pos})
	}
	at := func(file string, line, col int) model.Pos { return model.Pos{File: file, Line: line, Column: col} }
	want := []where{
		{"checkout_p95_ms", "target", "ms", "ms", at("kpis/checkout.yaml", 8, 9)},
		// removed: at the objective that held it
		{applePay, "", "", "", at(yaml, 6, 5)},
		{p95, "target", "s", "ms", at(yaml, 13, 17)},
		{p95, "unit", "", "", at(yaml, 14, 15)},
		{"payments/trusted-payments/latency", "", "", "", at(yaml, 27, 9)},
	}
	if diff := cmp.Diff(want, gotW); diff != "" {
		t.Errorf("where (-want +got):\n%s", diff)
	}
}
