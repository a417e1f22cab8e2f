package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeovim runs okr lsp under a real client: Neovim, headless
// (testdata/editor/okr_lsp.lua), on a copy of the acme example with a
// measurement whose confidence is not a number, after é😀中 in its note. Neovim gets the diagnostic at the byte where the cell starts (its
// columns count bytes: the server's position, in the encoding the two
// agreed on, converted back by Neovim), a hover of the row's KPI, the
// definition of its KPI and a hover of a key result's owner, a person: with the encodings Neovim offers (0.7 offers
// UTF-16 alone), and with UTF-8 only.
func TestNeovim(t *testing.T) {
	requireTools(t, "nvim")
	okr := builtOKR(t)
	for _, enc := range []string{"", "utf-8"} {
		t.Run("offer="+enc, func(t *testing.T) { neovim(t, okr, enc) })
	}
}

func neovim(t *testing.T, okr, enc string) {
	root := copyDir(t, filepath.Join(moduleRoot(t), "examples", "acme"))
	// The confidence is not a number, and more of the line follows it, so
	// that a position in the wrong unit would still lie on the line.
	const file = "measurements/nvim.yaml"
	row := `  - {at: 2026-11-10, note: "é😀中", confidence: high, value: 52}`
	text := "apiVersion: okr/v1\nkind: Measurements\nmetric: arr_musd\nvalues:\n" + row + "\n"
	if err := os.WriteFile(filepath.Join(root, file), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	const line = 4 // 0-based, the row's
	script, err := filepath.Abs(filepath.Join("testdata", "editor", "okr_lsp.lua"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.json")
	home := t.TempDir()
	cmd := exec.Command("nvim", "--headless", "--clean", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home, "XDG_STATE_HOME="+home, "XDG_CACHE_HOME="+home,
		"OKR_BIN="+okr, "OKR_ROOT="+root, "OKR_FILE="+file, "OKR_OUT="+out, "OKR_LINE=2", "OKR_CHAR=10", "OKR_ENCODING="+enc,
		// teams/payments/2026-Q4.yaml:22, "        owner: alice": a person.
		"OKR_FILE2=teams/payments/2026-Q4.yaml", "OKR_LINE2=21", "OKR_CHAR2=17")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the script wrote nothing: %v", err)
	}
	var got struct {
		Errors      []string
		Diagnostics []struct {
			Lnum            int `json:"lnum"`
			Col             int `json:"col"`
			EndCol          int `json:"end_col"`
			Severity        int
			Source, Message string
			Code            string
		}
		Hover      string
		Hover2     string
		Client     string
		Definition []struct {
			URI   string
			Range struct{ Start struct{ Line, Character int } }
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if len(got.Errors) > 0 {
		t.Fatalf("Neovim: %v", got.Errors)
	}
	if len(got.Diagnostics) != 1 {
		t.Fatalf("diagnostics %s, want one", b)
	}
	if want := map[string]string{"": "utf-16", "utf-8": "utf-8"}[enc]; got.Client != want {
		t.Errorf("Neovim uses %q, want %q", got.Client, want)
	}
	d := got.Diagnostics[0]
	// "high" starts at byte strings.Index(row, "high") of the row: 28
	// bytes, é (2), 😀 (4), 中 (3), then `", confidence: ` (15) = 52; the
	// server says 47 in UTF-16 (é 1, 😀 2, 中 1), 52 in UTF-8.
	if start := strings.Index(row, "high"); d.Lnum != line || d.Col != start || d.EndCol != start+4 {
		t.Errorf("diagnostic at %d:%d-%d, want %d:%d-%d", d.Lnum, d.Col, d.EndCol, line, start, start+4)
	}
	if d.Source != "okr" || d.Severity != 1 || d.Code != "schema" || !strings.Contains(d.Message, `confidence "high" is not valid`) {
		t.Errorf("diagnostic %+v", d)
	}
	// On "metric: arr_musd": the KPI.
	if !strings.Contains(got.Hover, "**KPI** `arr_musd`") || !strings.Contains(got.Hover, "health **") {
		t.Errorf("hover %q", got.Hover)
	}
	// On a key result's owner: the person, by name, from People.
	if !strings.Contains(got.Hover2, "**person** `alice`  \nAlice Martin · team `payments`") {
		t.Errorf("hover of a person %q", got.Hover2)
	}
	// kpis/arr_musd.yaml:3, "id: arr_musd".
	if len(got.Definition) != 1 || !strings.HasSuffix(got.Definition[0].URI, "/kpis/arr_musd.yaml") || got.Definition[0].Range.Start.Line != 2 || got.Definition[0].Range.Start.Character != 4 {
		t.Errorf("definition %+v, want kpis/arr_musd.yaml 2:4", got.Definition)
	}
}
