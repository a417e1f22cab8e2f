package load

import (
	"strings"

	"golang.org/x/sys/unix"
)

// haveDirect says that readDirect reads files here.
const haveDirect = true

// readDirect reads the regular file base of the directory open at fd, at most max
// bytes, into buf when it is large enough, by system calls on the
// directory's descriptor: what rootFS.readFileInto does through the
// directory's os.Root, without an os.File for the file (whose descriptor
// the runtime offers to its poller, which refuses a regular file: two
// more calls a file) and without a last read that only finds the end.
// As there, the type is checked before the file is opened and again once
// it is, and the file is opened without blocking; a link is not followed
// (base is one name, so nothing leads out of the directory). ok false means the file
// is not a regular file within the limit, or anything failed: the caller
// then reads it the general way, which reports why.
func readDirect(fd int, base string, max int64, buf []byte) (data []byte, ok bool) {
	data, ok, _ = readDirectOrMissing(fd, base, max, buf)
	return data, ok
}

// readDirectOrMissing is readDirect, and says, when ok is false, whether
// that is because the directory holds no file base (the end of most looks
// for a .gitignore), which the general way would only find out at the
// cost of a walk from the repository's root.
func readDirectOrMissing(fd int, base string, max int64, buf []byte) (data []byte, ok, missing bool) {
	if base == "" || base == "." || base == ".." || strings.ContainsRune(base, '/') {
		return nil, false, false // not one name in the directory: the general way refuses it
	}
	var st unix.Stat_t
	if err := unix.Fstatat(fd, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || !regularWithin(&st, max) {
		return nil, false, err == unix.ENOENT
	}
	var ffd int
	for {
		var err error
		ffd, err = unix.Openat(fd, base, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, false, false
		}
		break
	}
	defer unix.Close(ffd)
	if err := unix.Fstat(ffd, &st); err != nil || !regularWithin(&st, max) {
		return nil, false, false
	}
	size := int(st.Size)
	data = buf[:0]
	if cap(buf) < size+1 {
		data = make([]byte, 0, size+1) // +1: a read that sees the end needs no more room
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // it grew since the Stat
		}
		want := cap(data) - len(data)
		n, err := unix.Read(ffd, data[len(data):cap(data)])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n < 0 {
			return nil, false, false
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
		if int64(len(data)) > max {
			return nil, false, false // the general way says it is too large
		}
		if n < want && len(data) == size {
			// A short read of a regular file ends at its end: the end a
			// further read would find, with nothing appended meanwhile.
			break
		}
	}
	return data, true, false
}

// regularWithin reports whether st is a regular file of at most max bytes.
func regularWithin(st *unix.Stat_t, max int64) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFREG && st.Size >= 0 && st.Size <= max
}
