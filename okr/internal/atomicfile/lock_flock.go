//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// oNonblock opens a FIFO without waiting for a writer.
const oNonblock = syscall.O_NONBLOCK

// Lock takes an exclusive flock(2) on directory dir of r, waiting for it:
// okr record and okr fmt hold it while they read a file of dir and replace
// it, so that neither overwrites what the other wrote. The lock is released
// by unlock, or by the system when the process ends, so a crashed process
// never leaves a stale lock behind; nothing is created in the directory.
func Lock(r *os.Root, dir string) (unlock func(), err error) {
	d, err := r.Open(dir)
	if err != nil {
		return nil, err
	}
	fd := int(d.Fd())
	for {
		err = syscall.Flock(fd, syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(fd, syscall.LOCK_UN)
		d.Close()
	}, nil
}
