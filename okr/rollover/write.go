package rollover

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
)

// Write creates f's file under root, and its directory if needed. It never
// overwrites: the content goes to a temporary file in the same directory,
// which is synced and then linked to the new name only if that name is
// free (where hard links are not supported, the file is created exclusively
// and written in place).
func Write(root string, f *File) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	dir := path.Dir(f.Path)
	if err := r.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(dir, "."+path.Base(f.Path)+".okr-"+hex.EncodeToString(rnd[:]))
	if err := create(r, tmp, f.Content); err != nil {
		return err
	}
	err = r.Link(tmp, f.Path)
	_ = r.Remove(tmp)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		err = create(r, f.Path, f.Content)
	}
	if err != nil {
		return err
	}
	if d, err := r.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// create writes a new file exclusively and syncs it; on failure it removes
// what it created.
func create(r *os.Root, name string, data []byte) error {
	w, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	if err == nil {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = r.Remove(name)
	}
	return err
}
