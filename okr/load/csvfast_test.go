package load

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// viaCSVReader reads a measurement file with encoding/csv, the reader
// parseCSV uses when plainCSV cannot.
func viaCSVReader(file string, data []byte) (any, any) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	ms, ps, _ := readCSV(file, cr, 0)
	return ms, ps
}

// samePlainCSV fails t when parseCSV, taking the plain reader for data,
// reads it differently from encoding/csv.
func samePlainCSV(t *testing.T, data []byte) {
	t.Helper()
	if !measurementHeader(data) || bytes.ContainsAny(data, "\"\r") {
		return
	}
	ms, ps, _ := parseCSVAppendable("m.csv", data)
	wms, wps := viaCSVReader("m.csv", data)
	if d := cmp.Diff(wms, any(ms)); d != "" {
		t.Fatalf("measurements differ (-csv.Reader +plainCSV):\n%s\ninput:\n%q", d, data)
	}
	if d := cmp.Diff(wps, any(ps)); d != "" {
		t.Fatalf("problems differ (-csv.Reader +plainCSV):\n%s\ninput:\n%q", d, data)
	}
}

func TestPlainCSVAgreesWithCSVReader(t *testing.T) {
	for _, in := range []string{
		"metric,at,value\n",
		"metric,at,value\nm,2026-01-01,1\n",
		"metric,at,value,note\nm,2026-01-01,1,hello world\nm,2026-01-02,2\n",
		"\xef\xbb\xbfmetric,at,value\nm,2026-01-01,1",
		"metric,at,value\n\n\nm,2026-01-01,1\n\n",
		"metric,at,value\nm,2026-01-01\nm,2026-01-01,1,2,3\nm\n",
		"metric,at,value\n,2026-01-01,1\n m ,2026-01-01, 2 \nm,2026-13-01,1\nm,2026-01-01,x\nm,2026-01-01,\nm,2026-01-01,Inf\n",
		"metric,at,value,note\nm,2026-01-01T10:00:00Z,1,é ü\nm,2026-01-01,1,\n",
		"metric,at,value,extra\n",
		"metric,at,value,note,x\n",
		"metric,at,value\n,,\n,\n",
		"metric,at,value,note,confidence\nm,2026-01-01,1,,7\nm,2026-01-01,1,n\nm,2026-01-01,1\nm,2026-01-01,1,, 10 \nm,2026-01-01,1,,\n",
		"metric,at,value,note,confidence\nm,2026-01-01,1,,6.0\nm,2026-01-01,1,,11\nm,2026-01-01,1,,-1\nm,2026-01-01,1,,high\nm,2026-01-01,1,,6,x\n",
		"metric,at,value,note,confidence,x\n",
		"metric,at,value,confidence\nm,2026-01-01,1,5\n",
	} {
		samePlainCSV(t, []byte(in))
	}
	files, _ := filepath.Glob("../../examples/acme/measurements/*.csv")
	if len(files) == 0 {
		t.Fatal("no example CSV files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		samePlainCSV(t, data)
	}
}

func FuzzPlainCSV(f *testing.F) {
	f.Add([]byte("metric,at,value,note\nm,2026-01-01,1,n\n\nm,2026-01-02T00:00:00Z,-2.5e3\n"))
	f.Add([]byte("metric,at,value\nm,x,y\n,,,,\n"))
	f.Add([]byte("metric,at,value,note,confidence\nm,2026-01-01,1,,7\nm,2026-01-01,1,n\nm,2026-01-01,1,,6.5\nm,2026-01-01,1,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		samePlainCSV(t, data)
	})
}
