//go:build linux

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.yaml", "a: 1\n")
	write("ten.yaml", "0123456789")
	write("eleven.yaml", "0123456789x")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ok.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	sparse, err := os.Create(filepath.Join(dir, "sparse.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sparse.Truncate(MaxSize + 1); err != nil { // no block written
		t.Fatal(err)
	}
	sparse.Close()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	data, mode, err := ReadFile(r, "ok.yaml", MaxSize)
	if err != nil || string(data) != "a: 1\n" || mode.Perm() != 0o640 {
		t.Errorf("ok.yaml: %q, %v, %v", data, mode, err)
	}
	// The limit is inclusive.
	if data, _, err := ReadFile(r, "ten.yaml", 10); err != nil || string(data) != "0123456789" {
		t.Errorf("ten.yaml at limit 10: %q, %v", data, err)
	}
	var tl *TooLargeError
	if _, _, err := ReadFile(r, "eleven.yaml", 10); !errors.As(err, &tl) || tl.Size != 11 {
		t.Errorf("eleven.yaml at limit 10: %v, want a TooLargeError of 11 bytes", err)
	}
	if _, _, err := ReadFile(r, "sparse.yaml", MaxSize); !errors.As(err, &tl) || tl.Size != MaxSize+1 ||
		err.Error() != "sparse.yaml is larger than 256 MiB (268435457 bytes); okr does not read files that large" {
		t.Errorf("sparse.yaml: %v", err)
	}
	var nr *NotRegularError
	for name, kind := range map[string]string{"fifo.yaml": "a FIFO (named pipe)", "link.yaml": "a symbolic link", ".": "a directory"} {
		_, _, err := ReadFile(r, name, MaxSize)
		if !errors.As(err, &nr) || err.Error() != name+" is not a regular file but "+kind+"; okr reads only regular files" {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A device (/dev/zero never ends) is refused before it is opened.
	dev, err := os.OpenRoot("/dev")
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if _, _, err := ReadFile(dev, "zero", MaxSize); !errors.As(err, &nr) || err.Error() != "zero is not a regular file but a character device; okr reads only regular files" {
		t.Errorf("/dev/zero: %v", err)
	}
}

// TestReadFileSpare: the content is the file's, with room for spare more
// bytes after it (a negative spare is none), and the checks of ReadFile
// still hold.
func TestReadFileSpare(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.csv"), []byte("metric,at,value\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, spare := range []int{-5, 0, 1, 200} {
		data, _, err := ReadFileSpare(r, "m.csv", MaxSize, spare)
		if err != nil || string(data) != "metric,at,value\n" {
			t.Fatalf("spare %d: %q, %v", spare, data, err)
		}
		// 16 bytes: a capacity of at least 16 + spare.
		if want := 16 + max(spare, 0); cap(data) < want {
			t.Errorf("spare %d: capacity %d, want at least %d", spare, cap(data), want)
		}
	}
	var nr *NotRegularError
	if _, _, err := ReadFileSpare(r, "fifo.csv", MaxSize, 100); !errors.As(err, &nr) {
		t.Errorf("fifo: %v, want NotRegularError", err)
	}
	var tl *TooLargeError
	if _, _, err := ReadFileSpare(r, "m.csv", 10, 100); !errors.As(err, &tl) {
		t.Errorf("16 bytes, max 10: %v, want TooLargeError", err)
	}
}
