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

// Pending is a file whose new content is written to a temporary file
// beside it, not yet synced nor renamed over it: a writer of many files
// prepares them all, makes them durable at once with SyncPending, and
// only then renames each (Commit), so that a file it cannot write leaves
// every other one as it was (Abort), and a crash leaves each file whole,
// old or new.
type Pending struct {
	r         *os.Root
	tmp, file string
}

// Prepare writes data to a temporary file beside file (in r), with perm
// as Write gives it, neither synced nor renamed: see Pending.
func Prepare(r *os.Root, file string, data []byte, perm fs.FileMode, chmod bool) (*Pending, error) {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(path.Dir(file), "."+path.Base(file)+".okr-"+hex.EncodeToString(rnd[:]))
	f, err := r.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	if err == nil && chmod {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = r.Remove(tmp)
		return nil, err
	}
	return &Pending{r: r, tmp: tmp, file: file}, nil
}

// Commit renames the temporary file over the file. Its directory is not
// synced: the caller syncs each directory once, with SyncDir, after its
// last Commit.
func (p *Pending) Commit() error {
	if err := p.r.Rename(p.tmp, p.file); err != nil {
		_ = p.r.Remove(p.tmp)
		return err
	}
	return nil
}

// syncFSMin is the number of pending files from which SyncPending syncs
// their file system rather than each file.
const syncFSMin = 16

// Abort removes the temporary file; the file stays as it was.
func (p *Pending) Abort() { _ = p.r.Remove(p.tmp) }

// SyncPending makes the content of every pending file durable before any
// is renamed. For many files, where the system has syncfs(2) (Linux), one
// call for each distinct directory root among them syncs their file system
// at once (a feed writes thousands of files: one sync each cost more than
// the writing); for a few, or elsewhere, each temporary file is synced, so
// that one okr record does not wait for the rest of the file system.
func SyncPending(ps []*Pending) error {
	done := map[*os.Root]bool{}
	for _, p := range ps {
		if p == nil || done[p.r] {
			continue
		}
		if len(ps) >= syncFSMin {
			if ok, err := syncFS(p.r); ok {
				if err != nil {
					return err
				}
				done[p.r] = true
				continue
			}
		}
		f, err := p.r.OpenFile(p.tmp, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
