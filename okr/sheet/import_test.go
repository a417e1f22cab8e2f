package sheet

import (
	"strings"
	"testing"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
)

// FuzzImportCSV: any CSV file okr import reads goes through the reader
// and the import without a panic; a plan without errors holds files that
// read back without a problem of their own making (each problem of the
// plan is at a cell of the file, or at the file itself).
func FuzzImportCSV(f *testing.F) {
	for _, s := range []string{
		"owner,period,objective_title,title,baseline,target,current,current_at\npay,2026-Q4,Go fast,Cut latency,800,300,450,2026-11-02\n",
		"Owner;Period;Objective;Key-Result;Type;KPI;Current;Current At\npay;2026-Q4;fast;p95;milestone;lat;1;46328\n",
		"owner,period,objective,objective_title,level,objective_weight\npay,2026,a,'=A,company,2\npay,2026,a,B,team,x\n",
		"owner,period,objective_title,title\npay,2026-Q4,Réduire le délai,Straße\npay,2026-Q4,Réduire le délai,Straße\n",
		"\xef\xbb\xbfowner,period\n\"pay\n\",2026-H1,x\n",
	} {
		f.Add(s)
	}
	repo, _ := source.Files(nil)
	asOf, _ := model.ParseDate("2026-11-15")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := Read("g.csv", []byte(s))
		if err != nil {
			return
		}
		p := Import(b, repo, nil, asOf)
		for _, q := range p.Problems {
			if q.At.File != "g.csv" && !strings.HasPrefix(q.String(), ": ") {
				t.Errorf("a problem outside the file: %s", q)
			}
		}
		if p.Errors() > 0 {
			return
		}
		if _, probs := source.Files(p.Files); len(probs) > 0 {
			t.Errorf("the files written do not read back: %v\n%q", probs, p.Files)
		}
	})
}

// TestImportKeepsEmoji: the YAML okr import writes holds characters beyond
// the Basic Multilingual Plane as they were in the cell, plain where a
// plain scalar can hold them, not go-yaml's "\U0001F680" in double quotes.
func TestImportKeepsEmoji(t *testing.T) {
	b, err := Read("g.csv", []byte("owner,period,objective_title,title,baseline,target\npay,2026-Q4,Ship it 🚀,Launches 🧪,0,10\n"))
	if err != nil {
		t.Fatal(err)
	}
	repo, _ := source.Files(nil)
	asOf, _ := model.ParseDate("2026-11-15")
	p := Import(b, repo, nil, asOf)
	if p.Errors() > 0 {
		t.Fatal(p.Problems)
	}
	var all string
	for name, data := range p.Files {
		all += "# " + name + "\n" + string(data)
	}
	for _, want := range []string{"\n    title: Ship it 🚀\n", "\n        title: Launches 🧪\n"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, `\U`) {
		t.Errorf("an escaped character in:\n%s", all)
	}
}
