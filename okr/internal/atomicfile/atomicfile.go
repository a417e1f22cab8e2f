// Package atomicfile replaces files so that a reader sees the old content
// or the new, never a mix, and a crash leaves no partial file: write a
// temporary file in the same directory, sync it, rename it over the file,
// sync the directory. It works inside an os.Root, so no path can lead out
// of the repository.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
)

// Write writes data to file atomically: a temporary file in the same
// directory, synced, then renamed over file. With chmod, the file gets perm
// exactly (an existing file's mode); else perm goes through the umask.
func Write(r *os.Root, file string, data []byte, perm fs.FileMode, chmod bool) error {
	if err := WriteNoDirSync(r, file, data, perm, chmod); err != nil {
		return err
	}
	SyncDir(r, path.Dir(file))
	return nil
}

// SyncDir syncs directory dir, so that the renames made in it last.
func SyncDir(r *os.Root, dir string) {
	if d, err := r.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// WriteNoDirSync is Write without the sync of the directory: a writer of
// many files of one directory syncs it once, with SyncDir, after the last.
func WriteNoDirSync(r *os.Root, file string, data []byte, perm fs.FileMode, chmod bool) error {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(path.Dir(file), "."+path.Base(file)+".okr-"+hex.EncodeToString(rnd[:]))
	f, err := r.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && chmod {
		err = r.Chmod(tmp, perm)
	}
	if err == nil {
		err = r.Rename(tmp, file)
	}
	if err != nil {
		_ = r.Remove(tmp)
		return err
	}
	return nil
}
