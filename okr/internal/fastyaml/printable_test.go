package fastyaml

import (
	"math/rand/v2"
	"testing"
)

// TestPrintableAgrees holds printable, eight bytes at a time, to
// printableBytes, byte by byte: on every byte at every place of a word,
// and on random text with rare controls and non-ASCII bytes.
func TestPrintableAgrees(t *testing.T) {
	for c := range 256 {
		for at := range 17 {
			data := []byte("abcdefgh: ijk\nlmnop")
			data = append(data[:at:at], append([]byte{byte(c)}, data[at:]...)...)
			agreePrintable(t, data)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("abc: -\n#'\"\t\r\x00\x7f\x80\xc3\xa9\xe2\x80\xa8\xef\xbb\xbf~ ")
	for range 20000 {
		data := make([]byte, r.IntN(40))
		for i := range data {
			if r.IntN(8) == 0 {
				data[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				data[i] = byte(' ' + r.IntN(95))
			}
		}
		agreePrintable(t, data)
	}
}

func agreePrintable(t *testing.T, data []byte) {
	t.Helper()
	a1, ok1 := printable(data)
	a2, ok2 := printableBytes(data, 0)
	if a1 != a2 || ok1 != ok2 {
		t.Fatalf("printable(%q) = %v, %v; byte by byte %v, %v", data, a1, ok1, a2, ok2)
	}
}

// FuzzPrintable holds printable's eight-byte path to its byte-by-byte one.
func FuzzPrintable(f *testing.F) {
	f.Add([]byte("apiVersion: okr/v1\nkind: KPI\n"))
	f.Add([]byte("a: \x7f\n\x00b: é\u2028"))
	f.Fuzz(func(t *testing.T, data []byte) { agreePrintable(t, data) })
}
