package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS syncs the file system that holds r's directory with syncfs(2):
// every dirty page and inode of it is written, the temporary files of
// SyncPending included. It reports whether it could make the call.
func syncFS(r *os.Root) (bool, error) {
	d, err := r.Open(".")
	if err != nil {
		return false, nil
	}
	defer d.Close()
	for {
		err = unix.Syncfs(int(d.Fd()))
		if err != unix.EINTR {
			break
		}
	}
	if err == unix.ENOSYS {
		return false, nil
	}
	return true, err
}
