package record

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/model"
)

func TestParseFeed(t *testing.T) {
	conf := func(m Measurement, c int8) Measurement { m.Confidence, m.HasConfidence = c, true; return m }
	tests := []struct {
		name  string
		in    string
		rows  []Row
		probs []FeedProblem
	}{
		{
			name: "csv, at from --at, quoted note, BOM and CRLF",
			in:   "\xef\xbb\xbfmetric,at,value,note,confidence\r\nnps,,44.50,\"a, b\",7\r\n\r\nacme/x/y,2026-11-03T10:00:00Z,-1\r\n",
			rows: []Row{
				{2, conf(Measurement{Metric: "nps", At: "2026-11-02", Value: 44.5, Text: "44.50", Note: "a, b"}, 7)},
				{4, Measurement{Metric: "acme/x/y", At: "2026-11-03T10:00:00Z", Value: -1, Text: "-1"}},
			},
		},
		{
			name:  "csv problems",
			in:    "metric,at,value\nnps,2026-11-31,1\n,2026-11-02,1\nnps,2026-11-02,1e999\nnps,2026-11-02,1,extra\nnps,2026-11-02,\"open\n",
			probs: []FeedProblem{{2, `at: impossible date "2026-11-31"; write a date YYYY-MM-DD or an RFC 3339 timestamp, or leave it empty for --at`}, {3, "empty metric: name a KPI id or a key result ref owner/objective/kr"}, {4, `value "1e999" is not a finite number`}, {5, "row has 4 field(s), want 3 (metric,at,value)"}, {6, `extraneous or missing " in quoted-field (quote a field that holds a comma or quote, and double quotes inside it: "say ""hi""")`}},
		},
		{
			name:  "a header that is not one",
			in:    "Metric,At,Value\nnps,2026-11-02,1\n",
			probs: []FeedProblem{{1, `the header is "Metric,At,Value"; a CSV feed's header is metric,at,value, optionally followed by note and then confidence (or write JSON Lines)`}},
		},
		{
			name: "json lines",
			in:   "  {\"metric\": \"nps\", \"value\": 1.5e3, \"at\": null, \"note\": \"x\\ny\"}\n{\"metric\":\"nps\",\"at\":\"2026-11-09\",\"value\":\"0099.90\",\"confidence\":0}\n\n",
			rows: []Row{
				{1, Measurement{Metric: "nps", At: "2026-11-02", Value: 1500, Text: "1.5e3", Note: "x\ny"}},
				{2, conf(Measurement{Metric: "nps", At: "2026-11-09", Value: 99.9, Text: "99.90"}, 0)},
			},
		},
		{
			name:  "json problems",
			in:    "{\"metric\": \"nps\", \"value\": 1} {}\n{\"metric\": 5, \"value\": 1}\n{\"metric\": \"nps\", \"value\": 1, \"confidence\": 6.0}\n{\"metric\": \"nps\"}\n",
			probs: []FeedProblem{{1, "more than one JSON value on the line: write one object a line"}, {2, "metric is a number; write it as a JSON string"}, {3, `confidence "6.0" is not an integer from 0 to 10 (0 no chance of reaching the target, 10 certain)`}, {4, `no "value": a row has metric, at, value, note and confidence (at, note and confidence optional)`}},
		},
		{name: "empty", in: "", probs: []FeedProblem{{1, "the feed is empty: write the header metric,at,value (then optionally note and confidence), then a row a measurement, or JSON Lines"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, probs := ParseFeed([]byte(tt.in), "2026-11-02")
			if diff := cmp.Diff(tt.rows, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.probs, probs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseFeed: any feed, CSV or JSON Lines, parses without a panic into
// rows that okr record could write, on increasing lines; and those rows,
// written as a CSV feed and as JSON Lines, read back the same.
func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{
		"metric,at,value,note,confidence\nnps,2026-11-02,44,x,7\nnps,,1,,\n",
		"metric,at,value\n\"a,b\",2026-11-02T10:00:00+01:00,-0.5\n",
		"{\"metric\": \"nps\", \"at\": \"2026-11-02\", \"value\": 44, \"note\": \"n\", \"confidence\": 3}\n{\"metric\":\"m\",\"value\":\"1e3\"}\n",
		"{\"metric\": \"nps\", \"value\": [1]}\n",
		"\xef\xbb\xbf{}",
		"metric,at,value,note\nnps,2026-11-02,1,\"a\r\nb\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, probs := ParseFeed(data, "2026-11-02")
		last := 0
		for _, r := range rows {
			m := r.M
			if r.Line <= last {
				t.Fatalf("row at line %d after line %d", r.Line, last)
			}
			last = r.Line
			if _, _, err := model.ParseAt(m.At); err != nil {
				t.Fatalf("line %d: at %q: %v", r.Line, m.At, err)
			}
			if v, text, err := ParseValue(m.Text); err != nil || v != m.Value || text != m.Text {
				t.Fatalf("line %d: value %q = %v, %v", r.Line, m.Text, v, err)
			}
			if m.Metric == "" || m.Metric != strings.TrimSpace(m.Metric) || CheckNote(m.Note) != nil || m.Confidence < 0 || m.Confidence > 10 {
				t.Fatalf("line %d: %+v", r.Line, m)
			}
		}
		for _, p := range probs {
			if p.Line < 0 || p.Msg == "" {
				t.Fatalf("problem %+v", p)
			}
		}
		if len(rows) == 0 {
			return
		}
		var ms []Measurement
		for _, r := range rows {
			if strings.ContainsRune(r.M.Note, '\r') {
				return // a CSV reader reads \r\n in a quoted field as \n
			}
			ms = append(ms, r.M)
		}
		again := func(kind string, feed []byte) {
			back, probs := ParseFeed(feed, "2026-11-02")
			var got []Measurement
			for _, r := range back {
				got = append(got, r.M)
			}
			if len(probs) > 0 || !cmp.Equal(ms, got) {
				t.Fatalf("%s of %q reads back as %+v, %v:\n%s", kind, data, got, probs, cmp.Diff(ms, got))
			}
		}
		again("CSV", []byte(newFile("f.csv", ms...)))
		var b bytes.Buffer
		for _, m := range ms {
			row := map[string]any{"metric": m.Metric, "at": m.At, "value": m.Text, "note": m.Note}
			if m.HasConfidence {
				row["confidence"] = m.Confidence
			}
			line, _ := json.Marshal(row)
			b.Write(line)
			b.WriteByte('\n')
		}
		again("JSON Lines", b.Bytes())
	})
}
