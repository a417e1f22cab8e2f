package render

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/change"
	"github.com/okr-as-code/okr/okr/model"
)

// The pull-request comment is tested where people see it: rendered by a
// GitHub-flavoured Markdown renderer (goldmark with its GFM extension and
// raw HTML allowed, gfm in escape_test.go), as GitHub renders it.

var (
	trRe   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRe = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	tagRe  = regexp.MustCompile(`<[^>]*>`)
)

// tables returns the cells of every row of every table in h: the text a
// reader sees in each (tags removed, entities decoded).
func tables(h string) [][][]string {
	var out [][][]string
	for _, tbl := range strings.Split(h, "<table>")[1:] {
		tbl = tbl[:strings.Index(tbl, "</table>")]
		var rows [][]string
		for _, tr := range trRe.FindAllStringSubmatch(tbl, -1) {
			var cells []string
			for _, c := range cellRe.FindAllStringSubmatch(tr[1], -1) {
				cells = append(cells, html.UnescapeString(tagRe.ReplaceAllString(c[1], "")))
			}
			rows = append(rows, cells)
		}
		out = append(out, rows)
	}
	return out
}

// hostileTexts are titles, notes and units a pull request could hold.
var hostileTexts = []string{
	"*all*",
	"_under_ **bold** ~~gone~~",
	"[x](http://evil)",
	"![img](http://evil/p.png)",
	"<b>bold</b> <script>alert(1)</script>",
	`a \| b | c`,
	"`code` and ``two``",
	"www.evil.example and https://evil.example @everyone",
	"&amp; &lt;",
	"# not a heading",
	"line one\nline two",
}

func hostileDiff() *change.Diff {
	d := &change.Diff{Base: "origin/main", Head: change.WorkTree, AsOf: "2026-11-15"}
	for i, s := range hostileTexts {
		ref := fmt.Sprintf("payments/o%d", i)
		d.Changes = append(d.Changes,
			change.Change{Ref: ref, Kind: change.Modified, Field: "title", Old: "Plain", New: s, Period: "2026-Q4", Entity: change.Objective},
			change.Change{Ref: ref + "/kr", Kind: change.Added, New: s, Period: "2026-Q4", Entity: change.KeyResult, AfterPeriodStart: true},
			change.Change{Ref: ref + "/t", Kind: change.Modified, Field: "target", Old: 1.0, New: 2.0, Unit: s, BaseUnit: s, Period: "2026-Q4", Entity: change.KeyResult, Direction: change.Harder, AfterPeriodStart: true},
		)
		d.Measurements = append(d.Measurements, change.MeasurementChange{
			Metric: "nps", At: "2026-11-0" + fmt.Sprint(i%9+1), Value: float64(i), Note: s, File: "m.csv", Line: i + 2, Kind: change.Added, Unit: s,
		})
	}
	d.Scores = []change.ScoreChange{{Ref: "payments", Period: "2026-Q4", Old: chgPtr(0.7249), New: chgPtr(0.7751)}}
	return d
}

func TestChangesMarkdownRendered(t *testing.T) {
	var b bytes.Buffer
	if err := Changes(&b, "markdown", hostileDiff(), ChangeOptions{}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	h := gfm(t, md)
	if !strings.HasPrefix(md, "<!-- okr diff -->\n") {
		t.Errorf("the comment does not start with its marker:\n%.80s", md)
	}
	// Nothing from the repository becomes a link, an image, emphasis,
	// strikethrough, a heading or HTML: the only tags are the ones okr
	// writes (its tables, headings, the bold summary and directions).
	for _, bad := range []string{"<a ", "<img", "<em>", "<del>", "<b>", "<script", "<h1", "<code>`"} {
		if strings.Contains(h, bad) {
			t.Errorf("rendered comment holds %q:\n%s", bad, h)
		}
	}
	if n := strings.Count(h, "<strong>"); n != 1+len(hostileTexts) { // the summary and each "harder"
		t.Errorf("%d <strong>, want %d (the summary and each direction)", n, 1+len(hostileTexts))
	}
	tbls := tables(h)
	if len(tbls) != 4 {
		t.Fatalf("%d tables, want 4 (moved goalposts, other goal changes, check-ins, scores)", len(tbls))
	}
	// Every row keeps its table's columns, and each value reads as written
	// (a line break as the two characters \n; an @ followed by the invisible
	// word joiner that keeps it from linking an address or mentioning).
	literal := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "\n", `\n`), "@", "@"+wordJoiner)
	}
	for ti, tbl := range tbls {
		for ri, row := range tbl {
			if len(row) != len(tbl[0]) {
				t.Errorf("table %d row %d has %d cells, want %d: %q", ti, ri, len(row), len(tbl[0]), row)
			}
		}
	}
	moved, other, checkins, scores := tbls[0], tbls[1], tbls[2], tbls[3]
	for i, s := range hostileTexts {
		want := literal(s)
		if got := moved[1+2*i][4]; got != want {
			t.Errorf("added key result title: got %q, want %q", got, want)
		}
		if got := moved[2+2*i][4]; got != "2 "+want {
			t.Errorf("target with unit: got %q, want %q", got, "2 "+want)
		}
		if got := other[1+i][4]; got != want {
			t.Errorf("changed title: got %q, want %q", got, want)
		}
		if got := checkins[1+i][5]; got != want {
			t.Errorf("check-in note: got %q, want %q", got, want)
		}
	}
	// 0.7249 and 0.7751 are shown as 0.72 and 0.78: the difference shown is
	// theirs, +0.06 (not +0.05, the difference of the values).
	if diff := strings.Join(scores[1], " "); diff != "2026-Q4 payments 0.72 0.78 +0.06" {
		t.Errorf("score row = %q", diff)
	}
}

func TestChangesMarkdownLimit(t *testing.T) {
	// 600 changed targets, 600 check-ins and 600 score changes: far more
	// than 60,000 characters.
	d := &change.Diff{Base: "main", Head: "feature", AsOf: "2026-11-15"}
	for i := range 600 {
		ref := fmt.Sprintf("team-%03d/objective/kr", i)
		d.Changes = append(d.Changes, change.Change{Ref: ref, Kind: change.Modified, Field: "target", Old: 10.0, New: 5.0,
			Unit: "ms", BaseUnit: "ms", Period: "2026-Q4", Entity: change.KeyResult, Direction: change.Easier, AfterPeriodStart: i%2 == 0,
			Pos: model.Pos{File: "t.yaml", Line: i + 1}})
		d.Measurements = append(d.Measurements, change.MeasurementChange{Metric: ref, At: "2026-11-09", Value: 1, File: "m.csv", Line: i + 2, Kind: change.Added})
		d.Scores = append(d.Scores, change.ScoreChange{Ref: ref, Period: "2026-Q4", Old: chgPtr(0.1), New: chgPtr(0.2)})
	}
	opts := ChangeOptions{Command: "okr diff main...feature --at 2026-11-15"}
	var b bytes.Buffer
	if err := Changes(&b, "markdown", d, opts); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if len(md) > MarkdownLimit {
		t.Fatalf("%d characters, more than %d", len(md), MarkdownLimit)
	}
	if len(md) < MarkdownLimit-500 {
		t.Errorf("%d characters: the comment stops well short of its limit", len(md))
	}
	h := gfm(t, md)
	tbls := tables(h)
	shown := 0
	for _, tbl := range tbls {
		for _, row := range tbl[1:] {
			shown++
			if len(row) != len(tbl[0]) {
				t.Errorf("row %q has %d cells, want %d", row, len(row), len(tbl[0]))
			}
		}
	}
	// The moved goalposts come first and whole: all 300 of them.
	if len(tbls) == 0 || len(tbls[0]) != 301 {
		t.Fatalf("the moved goalposts table is not first and whole: %d tables", len(tbls))
	}
	want := fmt.Sprintf("This comment leaves out %d of its 1800 rows (goal changes, check-ins and score changes), to stay within 60000 characters; okr diff main...feature --at 2026-11-15 shows them all.", 1800-shown)
	if !strings.Contains(html.UnescapeString(tagRe.ReplaceAllString(h, "")), want) {
		t.Errorf("no note %q at the end:\n%s", want, md[len(md)-400:])
	}
	// A small limit cuts a table between rows, never within one.
	b.Reset()
	opts.Limit = 3000
	if err := Changes(&b, "markdown", d, opts); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 3000 || !strings.Contains(b.String(), "This comment leaves out") {
		t.Errorf("limit 3000: %d characters:\n%s", b.Len(), b.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if strings.HasPrefix(line, "|") && !strings.HasSuffix(line, "|") {
			t.Errorf("a cut row: %q", line)
		}
	}
}

// TestChangesMarkdownClip: one huge title cannot push the other changes
// out of the comment: each value shows at most clipRunes characters.
func TestChangesMarkdownClip(t *testing.T) {
	huge := strings.Repeat("é*", 40000) // 80,000 runes, 120,000 bytes
	d := &change.Diff{Base: "main", Head: "feature", Changes: []change.Change{
		{Ref: "a/b/huge", Kind: change.Added, New: huge, Period: "2026-Q4", Entity: change.KeyResult, AfterPeriodStart: true},
		{Ref: "a/b/p95", Kind: change.Modified, Field: "target", Old: 300.0, New: 400.0, Period: "2026-Q4", Entity: change.KeyResult, AfterPeriodStart: true, Direction: change.Easier},
	}}
	var b bytes.Buffer
	if err := Changes(&b, "markdown", d, ChangeOptions{}); err != nil {
		t.Fatal(err)
	}
	tbls := tables(gfm(t, b.String()))
	if len(tbls) != 1 || len(tbls[0]) != 3 {
		t.Fatalf("want one table of both moved goalposts:\n%.2000s", b.String())
	}
	want := strings.Repeat("é*", clipRunes/2) + "…"
	if got := tbls[0][1][4]; got != want {
		t.Errorf("huge title shows as %.300q, want %.300q", got, want)
	}
	if got := strings.Join(tbls[0][2], " "); got != "2026-Q4 a/b/p95 target, easier 300 400" {
		t.Errorf("the next row = %q", got)
	}
	if strings.Contains(b.String(), "leaves out") {
		t.Error("a huge title pushed changes out of the comment")
	}
}
