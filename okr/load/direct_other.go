//go:build !linux

package load

// haveDirect says that readDirect reads files here: not outside Linux.
const haveDirect = false

// readDirect is not used outside Linux.
func readDirect(fd int, base string, max int64, buf []byte) ([]byte, bool) {
	return nil, false
}

// readDirectOrMissing is not used outside Linux.
func readDirectOrMissing(fd int, base string, max int64, buf []byte) ([]byte, bool, bool) {
	return nil, false, false
}
