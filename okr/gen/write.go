package gen

import (
	"os"
	"path/filepath"
	"strings"
)

// Write writes the repository cfg describes into dir, creating it if need
// be and overwriting files of the same names: the tree laid out in the
// package documentation, the one WriteHistory's last commit holds. The same
// Config always gives the same bytes.
func Write(dir string, cfg Config) error {
	m, err := build(cfg)
	if err != nil {
		return err
	}
	w := treeWriter{root: dir, made: make(map[string]bool)}
	w.write("okr.yaml", []byte(okrYAML))
	w.write("docs/notes.md", m.appendNotes(nil, len(m.notes)))
	var b []byte
	for di := range m.docs {
		b = m.appendObjectives(b[:0], &m.docs[di])
		w.write(m.docs[di].path, b)
	}
	for g := range m.kpiGroups() {
		b = m.appendKPIs(b[:0], g)
		w.write(m.kpiPath(g), b)
	}
	for fi := range m.files {
		f := &m.files[fi]
		b = m.content(b[:0], f, len(f.rows))
		w.write(f.path, b)
	}
	return w.err
}

// treeWriter writes files under root, making their directories once, and
// keeps the first error.
type treeWriter struct {
	root string
	made map[string]bool
	err  error
}

func (w *treeWriter) write(path string, data []byte) {
	if w.err != nil {
		return
	}
	name := filepath.Join(w.root, filepath.FromSlash(path))
	if i := strings.LastIndexByte(path, '/'); i >= 0 && !w.made[path[:i]] {
		if w.err = os.MkdirAll(filepath.Dir(name), 0o755); w.err != nil {
			return
		}
		w.made[path[:i]] = true
	} else if i < 0 && !w.made["."] {
		if w.err = os.MkdirAll(w.root, 0o755); w.err != nil {
			return
		}
		w.made["."] = true
	}
	w.err = os.WriteFile(name, data, 0o644)
}
