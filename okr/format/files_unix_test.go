//go:build linux

package format

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestFilesHostile: a FIFO, a device and a file over 256 MiB are errors,
// returned at once: none is opened for reading (a FIFO would block, and
// /dev/zero never ends), with --check and when writing alike.
func TestFilesHostile(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "big.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, write := range []bool{false, true} {
		done := make(chan []Result, 1)
		go func() {
			res, _ := Files(dir, []string{"pipe.yaml", "big.yaml"}, write)
			done <- res
		}()
		var res []Result
		select {
		case res = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Files(write=%v) still running after 10 s: it opened the FIFO", write)
		}
		var nr *NotRegularError
		var tl *TooLargeError
		if len(res) != 2 || !errors.As(res[0].Err, &nr) || !errors.As(res[1].Err, &tl) {
			t.Errorf("Files(write=%v) = %+v; want a NotRegularError and a TooLargeError", write, res)
		}
	}
	// /dev/zero as a file of the root /dev.
	res, err := Files("/dev", []string{"zero"}, false)
	var nr *NotRegularError
	if err != nil || len(res) != 1 || !errors.As(res[0].Err, &nr) {
		t.Errorf("Files(/dev, zero) = %+v, %v; want a NotRegularError", res, err)
	}
}
