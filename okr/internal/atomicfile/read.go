package atomicfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxSize is the size of the largest file okr reads (SPEC §1: 256 MiB).
const MaxSize = 256 << 20

// NotRegularError is a file that is not a regular file: a FIFO, a device,
// a socket, a directory or a symbolic link. okr never opens one, since
// reading it may block forever or never end.
type NotRegularError struct {
	Name string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file but %s; okr reads only regular files", e.Name, Kind(e.Mode))
}

// TooLargeError is a file larger than MaxSize.
type TooLargeError struct {
	Name string
	Size int64 // its size as far as it is known: at least MaxSize+1
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d MiB (%d bytes); okr does not read files that large", e.Name, MaxSize>>20, e.Size)
}

// Kind names the type of file of a mode, for messages.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// ReadFile reads file name of r when it is a regular file (not a symbolic
// link) of at most max bytes, and returns its content and mode. It checks
// the type and the size before it opens the file, checks them again on the
// open file, and never reads more than max+1 bytes, so that a FIFO, a
// device or a file that grows cannot hang it or exhaust memory.
func ReadFile(r *os.Root, name string, max int64) ([]byte, fs.FileMode, error) {
	return ReadFileSpare(r, name, max, 0)
}

// ReadFileSpare is ReadFile into a slice with room for spare more bytes
// after the content, so that a writer appending about that much to it
// does not copy it again. A negative spare is none.
func ReadFileSpare(r *os.Root, name string, max int64, spare int) ([]byte, fs.FileMode, error) {
	if spare < 0 {
		spare = 0
	}
	fi, err := r.Lstat(name)
	if err != nil {
		return nil, 0, err
	}
	if err := sizeAndType(name, fi, max); err != nil {
		return nil, 0, err
	}
	f, err := r.OpenFile(name, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, 0, err
	}
	if err := sizeAndType(name, fi, max); err != nil {
		return nil, 0, err
	}
	lr := io.LimitReader(f, max+1)
	data := make([]byte, 0, fi.Size()+1+int64(spare))
	for {
		n, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if int64(len(data)) > max {
			return nil, 0, &TooLargeError{Name: name, Size: int64(len(data))}
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew since the Stat
		}
	}
	return data, fi.Mode(), nil
}

func sizeAndType(name string, fi fs.FileInfo, max int64) error {
	if !fi.Mode().IsRegular() {
		return &NotRegularError{Name: name, Mode: fi.Mode()}
	}
	if fi.Size() > max {
		return &TooLargeError{Name: name, Size: fi.Size()}
	}
	return nil
}
