//go:build linux

package load

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestDirectReadsAgree holds readFileInto's direct reads (readDirect) to
// the general way through os.Root: the same bytes and the same errors, for
// files of every size around the buffer's and a page's, empty ones, links
// inside and outside the directory, a directory, a FIFO, missing files,
// and with buffers too small, just large enough and larger.
func TestDirectReadsAgree(t *testing.T) {
	if !haveDirect {
		t.Skip("no direct reads on " + runtime.GOOS)
	}
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	var names []string
	for _, n := range []int{0, 1, 2, 63, 64, 65, 4095, 4096, 4097, 100_000} {
		name := fmt.Sprintf("a/f%d.yaml", n)
		must(os.WriteFile(filepath.Join(dir, name), bytes.Repeat([]byte("x\n"), n)[:n], 0o644))
		names = append(names, name)
	}
	must(os.WriteFile(filepath.Join(dir, "top.csv"), []byte("metric,at,value\n"), 0o644))
	must(os.Symlink("f1.yaml", filepath.Join(dir, "a", "link.yaml")))
	must(os.Symlink("../top.csv", filepath.Join(dir, "a", "up.csv")))
	must(os.Symlink("/etc/passwd", filepath.Join(dir, "a", "out.yaml")))
	must(os.Symlink("missing", filepath.Join(dir, "a", "broken.yaml")))
	must(syscall.Mkfifo(filepath.Join(dir, "a", "fifo.yaml"), 0o644))
	names = append(names, "top.csv", "a/link.yaml", "a/up.csv", "a/out.yaml", "a/broken.yaml", "a/fifo.yaml",
		"a/b", "a/missing.yaml", "missing/x.yaml", "a/b/missing.yaml", ".gitignore", "a/.gitignore", "a/b/.okr-site")
	read := func(direct bool, name string, buf []byte) ([]byte, string) {
		defer func(was bool) { directReads = was }(directReads)
		directReads = direct
		r, err := os.OpenRoot(dir)
		must(err)
		defer r.Close()
		fsys := newRootFS(r)
		defer fsys.close()
		data, err := fsys.readFileInto(name, buf)
		if err != nil {
			return data, err.Error()
		}
		return data, ""
	}
	for _, name := range names {
		for _, size := range []int{0, 1, 64, 4097, 200_000} {
			want, werr := read(false, name, make([]byte, 0, size))
			got, gerr := read(true, name, make([]byte, 0, size))
			if !bytes.Equal(got, want) || gerr != werr {
				t.Errorf("%s (buffer %d): direct %d bytes, %q; general %d bytes, %q", name, size, len(got), gerr, len(want), werr)
			}
		}
	}
	// The limit: a file over it is refused by both ways alike.
	r, err := os.Open(filepath.Join(dir, "a"))
	must(err)
	defer r.Close()
	if _, ok := readDirect(int(r.Fd()), "f100000.yaml", 99_999, nil); ok {
		t.Error("readDirect read a file over its limit")
	}
	if data, ok := readDirect(int(r.Fd()), "f100000.yaml", 100_000, nil); !ok || len(data) != 100_000 || !strings.HasPrefix(string(data), "x\nx\n") {
		t.Errorf("readDirect at the limit: %d bytes, %v", len(data), ok)
	}
	for _, base := range []string{"link.yaml", "fifo.yaml", "b", "missing.yaml"} {
		if _, ok := readDirect(int(r.Fd()), base, maxFileSize, nil); ok {
			t.Errorf("readDirect read %s, which is not a regular file", base)
		}
	}
}
