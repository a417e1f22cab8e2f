package load

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWorkTreeAsLoad holds loadWorkTree (Dir without a cache: rows read
// straight into the repository's slice, text without copies) to Load of
// the same files through os.DirFS, which takes the general path (a slice
// per file, copied): the same measurements in the same order, with the
// same Seq, and the same problems, for measurement files of every kind the
// two paths tell apart.
func TestWorkTreeAsLoad(t *testing.T) {
	var big strings.Builder
	big.WriteString("metric,at,value,note\n")
	for i := range 3000 {
		big.WriteString("k1,2026-01-0" + string(rune('1'+i%9)) + ",1.5,n\n")
	}
	files := map[string]string{
		"kpis.yaml": "apiVersion: okr/v1\nkind: KPI\nid: k1\nname: K1\ndirection: increase\n",
		// A YAML Measurements document between measurement files.
		"b/m.yaml":          "apiVersion: okr/v1\nkind: Measurements\nmetric: k1\nvalues:\n  - {at: 2026-02-01, value: 3}\n  - {at: 2026-02-02, value: 4}\n",
		"a/plain.csv":       "metric,at,value\nk1,2026-01-01,1\nk1,2026-01-02,2\n",
		"a/blank.csv":       "metric,at,value\n\n\nk1,2026-01-03,3\n\n",
		"a/noeol.csv":       "metric,at,value,note\nk1,2026-01-04,4,last",
		"a/bom.csv":         "\xef\xbb\xbfmetric,at,value\nk1,2026-01-05,5\n",
		"a/quoted.csv":      "metric,at,value,note\nk1,2026-01-06,6,\"a, b\"\n",
		"a/crlf.csv":        "metric,at,value\r\nk1,2026-01-07,7\r\n",
		"a/bad.csv":         "metric,at,value,note,confidence\nk1,2026-13-01,1\nk1,2026-01-08,x\n,2026-01-08,1\nk1,2026-01-08\nk1,2026-01-09,9,,11\nk1,2026-01-10T10:00:00+02:00,10,ok,7\n",
		"a/header.csv":      "metric,at,value,notes\nk1,2026-01-11,11\n",
		"a/empty.csv":       "",
		"a/onlyheader.csv":  "metric,at,value",
		"a/headereol.csv":   "metric,at,value\n",
		"a/one-noeol.csv":   "metric,at,value\nk1,2026-01-12,12",
		"c/big.csv":         big.String(),
		"c/not-okr.csv":     "name,age\nx,1\n",
		"c/after-yaml.yaml": "apiVersion: okr/v1\nkind: KPI\nid: k2\nname: K2\ndirection: decrease\n",
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	got, gotProbs, err := Dir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, wantProbs, err := Load(os.DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Measurements) < 3000 || len(wantProbs) == 0 {
		t.Fatalf("the fixture reads %d measurements and %d problems; it should have rows and problems", len(want.Measurements), len(wantProbs))
	}
	if d := cmp.Diff(want.Measurements, got.Measurements); d != "" {
		t.Errorf("measurements (-Load +Dir):\n%s", d)
	}
	if d := cmp.Diff(wantProbs, gotProbs); d != "" {
		t.Errorf("problems (-Load +Dir):\n%s", d)
	}
	if d := cmp.Diff(want.Files, got.Files); d != "" {
		t.Errorf("files (-Load +Dir):\n%s", d)
	}
	var ids []string
	for _, k := range got.KPIs {
		ids = append(ids, k.Pos.String()+" "+k.ID)
	}
	if d := cmp.Diff([]string{"c/after-yaml.yaml:1:1 k2", "kpis.yaml:1:1 k1"}, ids); d != "" {
		t.Errorf("KPIs (-want +got):\n%s", d)
	}
}
