package format_test

import (
	"fmt"
	"log"

	"github.com/okr-as-code/okr/okr/format"
)

func ExampleSource() {
	src := `# Checkout latency, weekly.
kind: Measurements
apiVersion: okr/v1
metric: checkout_p95_ms
values:
- at: 2026-10-05
  value: 780
- value: 700   # after the CDN rollout
  at: 2026-10-12
- {value: 640, at: 2026-10-19, note: "new cache"}
`
	out, err := format.Source([]byte(src))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(out))
	// Output:
	// # Checkout latency, weekly.
	// apiVersion: okr/v1
	// kind: Measurements
	// metric: checkout_p95_ms
	// values:
	//   - {at: 2026-10-05, value: 780}
	//   - {at: 2026-10-12, value: 700} # after the CDN rollout
	//   - {at: 2026-10-19, value: 640, note: "new cache"}
}
