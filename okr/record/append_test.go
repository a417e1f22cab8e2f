package record

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/okr-as-code/okr/okr/load"
	"github.com/okr-as-code/okr/okr/model"
)

// TestMain doubles as a recorder process for TestConcurrentProcesses: with
// OKR_RECORD_HELPER set, the test binary records one measurement the way
// okr record does (load, Plan, Append) and exits.
func TestMain(m *testing.M) {
	if os.Getenv("OKR_RECORD_HELPER") == "1" {
		v, _ := strconv.ParseFloat(os.Getenv("OKR_VALUE"), 64)
		root := os.Getenv("OKR_ROOT")
		repo, _, err := load.Dir(root, load.Options{})
		if err == nil {
			err = record(root, repo, os.Getenv("OKR_FILE"), v)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// record records nps = v in file ("" for the default file).
func record(root string, repo *model.Repo, file string, v float64) error {
	m := Measurement{Metric: "nps", At: "2026-11-02", Value: v}
	file, err := Plan(root, repo, m, file)
	if err != nil {
		return err
	}
	_, err = Append(root, file, m)
	return err
}

func TestAppendCreates(t *testing.T) {
	dir := t.TempDir()
	m := Measurement{Metric: "payments/checkout/apple-pay", At: "2026-11-02", Value: 1, Note: "launched, finally"}
	tests := []struct{ file, want string }{
		{"measurements/payments.csv", "metric,at,value,note,confidence\npayments/checkout/apple-pay,2026-11-02,1,\"launched, finally\",\n"},
		{"deep/new/dir/m.yaml", "apiVersion: okr/v1\nkind: Measurements\nmetric: payments/checkout/apple-pay\nvalues:\n  - {at: 2026-11-02, value: 1, note: \"launched, finally\"}\n"},
		{"m.yml", "apiVersion: okr/v1\nkind: Measurements\nmetric: payments/checkout/apple-pay\nvalues:\n  - {at: 2026-11-02, value: 1, note: \"launched, finally\"}\n"},
	}
	for _, tt := range tests {
		res, err := Append(dir, tt.file, m)
		if err != nil {
			t.Fatalf("Append(%s): %v", tt.file, err)
		}
		if !res.Created || res.File != tt.file {
			t.Errorf("Append(%s) = %+v, want created", tt.file, res)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.file)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
	}
	// What was written loads as one measurement per file.
	repo, probs, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 || len(repo.Measurements) != 3 {
		t.Errorf("loaded %d measurements, problems %v; want 3 and none", len(repo.Measurements), probs)
	}
}

func TestAppendKeepsModeAndLeavesNothingBehind(t *testing.T) {
	dir := writeRepo(t, map[string]string{"m/nps.csv": "metric,at,value,note\n"})
	p := filepath.Join(dir, "m", "nps.csv")
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Append(dir, "m/nps.csv", Measurement{Metric: "nps", At: "2026-11-02", Value: 44})
	if err != nil || res.Created {
		t.Fatalf("Append = %+v, %v", res, err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "m"))
	if len(entries) != 1 {
		t.Errorf("m/ holds %d entries, want only nps.csv", len(entries))
	}
}

func TestAppendRefusalChangesNothing(t *testing.T) {
	files := map[string]string{
		"a.csv":  "metric,at,value,comment\nnps,2026-10-01,40,\n",
		"b.csv":  "name,size\n",
		"c.yaml": "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: {a: 1}\n",
		"d.yaml": "apiVersion: okr/v1\nkind: [\n",
		"e.txt":  "x\n",
	}
	dir := writeRepo(t, files)
	if err := os.Symlink("a.csv", filepath.Join(dir, "link.csv")); err != nil {
		t.Fatal(err)
	}
	m := Measurement{Metric: "nps", At: "2026-11-02", Value: 44, Note: "n"}
	for _, f := range []string{"a.csv", "b.csv", "c.yaml", "d.yaml", "link.csv"} {
		_, err := Append(dir, f, m)
		var re *Error
		if !errors.As(err, &re) {
			t.Errorf("Append(%s): got %v, want a refusal", f, err)
		}
	}
	if _, err := Append(dir, "e.txt", m); err == nil {
		t.Errorf("Append(e.txt): no error")
	}
	if _, err := Append(dir, "../outside.csv", m); err == nil {
		t.Errorf("Append(../outside.csv): no error")
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s changed: %q", name, got)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(files)+1 {
		t.Errorf("the directory holds %d entries, want %d", len(entries), len(files)+1)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.csv")); err == nil {
		t.Errorf("wrote outside the root")
	}
}

// values returns the values of nps recorded in the repository at dir,
// sorted.
func values(t *testing.T, dir string) []int {
	t.Helper()
	repo, probs, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	var out []int
	for _, m := range repo.Measurements {
		out = append(out, int(m.Value))
	}
	slices.Sort(out)
	return out
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

const concurrent = 20

// concurrentFiles are the files recorders write to at once, and their
// content before ("" when the file does not exist yet).
var concurrentFiles = map[string]string{
	"m/nps.csv":  "metric,at,value,note\n",
	"m/nps.yaml": "# NPS\napiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues: []\n",
	"m/new.csv":  "",
	"":           "", // the default file, measurements/nps.csv, created by the first recorder
}

const npsKPI = "apiVersion: okr/v1\nkind: KPI\nid: nps\nname: NPS\ndirection: increase\n"

func concurrentRepo(t *testing.T, file, content string) string {
	files := map[string]string{"kpi.yaml": npsKPI}
	if content != "" {
		files[file] = content
	}
	return writeRepo(t, files)
}

func TestConcurrentGoroutines(t *testing.T) {
	for file, content := range concurrentFiles {
		t.Run(file, func(t *testing.T) {
			dir := concurrentRepo(t, file, content)
			repo := loadRepo(t, dir) // once: every recorder sees the repository before any wrote
			var wg sync.WaitGroup
			errs := make([]error, concurrent)
			for i := range concurrent {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = record(dir, repo, file, float64(i))
				}()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(seq(concurrent), values(t, dir)); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
			if strings.HasSuffix(file, ".yaml") {
				b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
				if !strings.HasPrefix(string(b), "# NPS\n") {
					t.Errorf("the comment is gone:\n%s", b)
				}
			}
		})
	}
}

func TestConcurrentProcesses(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The YAML file, and the default file that the first recorder creates.
	for _, file := range []string{"m/nps.yaml", ""} {
		content := concurrentFiles[file]
		t.Run(file, func(t *testing.T) {
			dir := concurrentRepo(t, file, content)
			cmds := make([]*exec.Cmd, concurrent)
			outs := make([]strings.Builder, concurrent)
			for i := range cmds {
				c := exec.Command(exe, "-test.run=^$")
				c.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", "OKR_RECORD_HELPER=1", "OKR_ROOT="+dir, "OKR_FILE="+file, "OKR_VALUE="+strconv.Itoa(i))
				c.Stdout, c.Stderr = &outs[i], &outs[i]
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
				cmds[i] = c
			}
			for i, c := range cmds {
				if err := c.Wait(); err != nil {
					t.Errorf("recorder %d: %v: %s", i, err, outs[i].String())
				}
			}
			if diff := cmp.Diff(seq(concurrent), values(t, dir)); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAppendInSpareCapacity: appending to a CSV file read with spare
// capacity (ReadFileSpare) writes the rows after it in place; the file as
// read (which verify compares with) stays as it was in every path of edit,
// and the result is the same as from a copy. A widened header, a
// replacement or a YAML file makes a new slice.
func TestAppendInSpareCapacity(t *testing.T) {
	m := Measurement{Metric: "nps", At: "2026-11-03", Value: 41, Text: "41"}
	noted := Measurement{Metric: "nps", At: "2026-11-03", Value: 41, Text: "41", Note: "n"}
	replaced := Measurement{Metric: "nps", At: "2026-11-02", Value: 39, Text: "39"}
	for _, tc := range []struct {
		name, file, old, want string
		edits                 []Edit
		inPlace               bool // with spare capacity
	}{
		{"lf", "m.csv", "metric,at,value\nnps,2026-11-02,40\n", "metric,at,value\nnps,2026-11-02,40\nnps,2026-11-03,41\n", []Edit{{M: m}}, true},
		{"no final break", "m.csv", "metric,at,value\nnps,2026-11-02,40", "metric,at,value\nnps,2026-11-02,40\nnps,2026-11-03,41\n", []Edit{{M: m}}, true},
		{"crlf", "m.csv", "metric,at,value\r\nnps,2026-11-02,40\r\n", "metric,at,value\r\nnps,2026-11-02,40\r\nnps,2026-11-03,41\r\n", []Edit{{M: m}}, true},
		{"bom", "m.csv", "\ufeffmetric,at,value\nnps,2026-11-02,40\n", "\ufeffmetric,at,value\nnps,2026-11-02,40\nnps,2026-11-03,41\n", []Edit{{M: m}}, true},
		// The header gets the note column: a new slice, one byte longer
		// before the old rows.
		{"widened", "m.csv", "\ufeffmetric,at,value\nnps,2026-11-02,40", "\ufeffmetric,at,value,note\nnps,2026-11-02,40\nnps,2026-11-03,41,n\n", []Edit{{M: noted}}, false},
		{"replaced and appended", "m.csv", "metric,at,value\nnps,2026-11-02,40\n", "metric,at,value\nnps,2026-11-02,39\nnps,2026-11-03,41\n", []Edit{{M: m}, {Line: 2, M: replaced}}, false},
		{"yaml", "m.yaml", "apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-11-02, value: 40}",
			"apiVersion: okr/v1\nkind: Measurements\nmetric: nps\nvalues:\n  - {at: 2026-11-02, value: 40}\n  - {at: 2026-11-03, value: 41}\n", []Edit{{M: m}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, spare := range []int{0, 200} {
				old := append(make([]byte, 0, len(tc.old)+spare), tc.old...)
				got, err := edit(tc.file, old, tc.edits)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tc.want {
					t.Errorf("spare %d: got %q, want %q", spare, got, tc.want)
				}
				if string(old) != tc.old {
					t.Errorf("spare %d: the file as read changed to %q", spare, old)
				}
				if err := verify(tc.file, old, got, tc.edits); err != nil {
					t.Errorf("spare %d: verify: %v", spare, err)
				}
				if inPlace := &got[0] == &old[0]; inPlace != (spare > 0 && tc.inPlace) {
					t.Errorf("spare %d: written in place %v", spare, inPlace)
				}
			}
		})
	}
}
