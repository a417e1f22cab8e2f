//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd)

package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"time"
)

// oNonblock is not needed where there are no FIFOs to open.
const oNonblock = 0

// lockName is the lock file used where flock(2) is not available.
const lockName = ".okr-record.lock"

// lockTimeout is how long Lock waits for another holder.
const lockTimeout = 30 * time.Second

// Lock takes an exclusive lock on directory dir of r by creating the lock
// file .okr-record.lock in it exclusively, waiting while another okr record
// or okr fmt holds it; unlock removes it.
func Lock(r *os.Root, dir string) (unlock func(), err error) {
	name := path.Join(dir, lockName)
	deadline := time.Now().Add(lockTimeout)
	for {
		f, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			f.Close()
			return func() { _ = r.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s has been held for %v; remove it if no okr record or okr fmt is running", name, lockTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
