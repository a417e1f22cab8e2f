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
