package digest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// TestGolden: each writer's output for one digest whose repository text
// is hostile and which links the dashboard, kept in testdata/digest.FORMAT
// (go test -update rewrites them after a deliberate change).
func TestGolden(t *testing.T) {
	g := hostileDigest("Ship *b* <at>x</at> & [x](http://y) for <@U999> <!channel>")
	g.URL, g.DueURL = "https://acme.example/okrs/index.html", "https://acme.example/okrs/due.html"
	g.AtRisk[0].URL = "https://acme.example/okrs/owner-payments-2026-Q4.html#kr-checkout.p95"
	g.Command = "okr digest --since 7d --at 2026-11-15"
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, f, g); err != nil {
				t.Fatal(err)
			}
			name := filepath.Join("testdata", "digest."+f)
			if *update {
				if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s (-want +got); go test -update after a deliberate change:\n%s", name, diff)
			}
		})
	}
}
