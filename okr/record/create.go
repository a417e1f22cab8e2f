package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/okr-as-code/okr/okr/internal/atomicfile"
)

// ExistsError is a file Create would write that exists already.
type ExistsError struct{ File string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s exists: okr import never overwrites a file (move it away, or import into another directory)", e.File)
}

// Create writes new files under root (names relative to it,
// "/"-separated), creating their directories, each atomically and under
// the lock okr record and okr fmt take on its directory. It first checks,
// under those locks, that none of them exists; when one does it returns an
// *ExistsError naming it, having written nothing. A file it cannot write
// leaves none written, nor a directory made for them, unless the failure
// is in the last step, renaming them into place. (A file created by
// another process between that check and its rename is replaced: the
// locks keep okr record and okr fmt out, nothing else.)
func Create(root string, files map[string][]byte) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	names := make([]string, 0, len(files))
	for name := range files {
		if !fs.ValidPath(name) || name == "." {
			return fmt.Errorf("%s: not a path inside the repository", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	// Before anything is created (a directory included), and again under
	// the locks below.
	if err := noneExists(r, names); err != nil {
		return err
	}
	var dirs []string
	for _, name := range names {
		if d := path.Dir(name); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs) // one order for every process: no deadlock
	// The directories Create makes, parents first: when it fails before
	// renaming a file into place, it removes them again (after the
	// unlocks below, as each is then empty).
	var made []string
	renaming := false
	defer func() {
		if renaming {
			return
		}
		for _, d := range slices.Backward(made) {
			_ = r.Remove(d) // fails, harmlessly, if something was put in it since
		}
	}()
	for _, d := range dirs {
		made = append(made, missing(r, d)...)
		if err := r.MkdirAll(d, 0o777); err != nil {
			return err
		}
		unlock, err := atomicfile.Lock(r, d)
		if err != nil {
			return fmt.Errorf("cannot lock %s: %w", d, err)
		}
		defer unlock()
		atomicfile.Sweep(r, d, time.Now())
	}
	if err := noneExists(r, names); err != nil {
		return err
	}
	// As a feed's files (applyFiles): every file to its temporary file,
	// then all made durable at once (one syncfs of the file system from
	// a few files on, rather than a sync of each file and its directory:
	// 10,003 files took 132 s at SPEC §4's scale), then renamed, then
	// each directory synced once. A file that cannot be written leaves
	// none created.
	pend := make([]*atomicfile.Pending, 0, len(names))
	abort := func(ps []*atomicfile.Pending) {
		for _, p := range ps {
			p.Abort()
		}
	}
	for _, name := range names {
		p, err := atomicfile.Prepare(r, name, files[name], 0o666, false)
		if err != nil {
			abort(pend)
			return fmt.Errorf("%s: %w", name, err)
		}
		pend = append(pend, p)
	}
	if err := atomicfile.SyncPending(pend); err != nil {
		abort(pend)
		return err
	}
	defer func() {
		// Each directory after its renames, and the parent of each one
		// made, so that the new directory's own entry lasts too.
		synced := map[string]bool{}
		for _, d := range dirs {
			synced[d] = true
			atomicfile.SyncDir(r, d)
		}
		for _, d := range made {
			if p := path.Dir(d); !synced[p] {
				synced[p] = true
				atomicfile.SyncDir(r, p)
			}
		}
	}()
	renaming = true
	for i, p := range pend {
		if err := p.Commit(); err != nil {
			abort(pend[i+1:])
			return fmt.Errorf("%s: %w", names[i], err)
		}
	}
	return nil
}

// missing returns dir and those of its parents that do not exist yet,
// parents first.
func missing(r *os.Root, dir string) []string {
	var out []string
	for d := dir; d != "." && d != "/"; d = path.Dir(d) {
		if _, err := r.Lstat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		out = append(out, d)
	}
	slices.Reverse(out)
	return out
}

// noneExists returns an *ExistsError for the first of names that exists.
func noneExists(r *os.Root, names []string) error {
	for _, name := range names {
		if _, err := r.Lstat(name); err == nil {
			return &ExistsError{File: name}
		} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
	}
	return nil
}

// Replace writes data to the file at path (anywhere, as a user names an
// output file), replacing it atomically: a reader sees the old content or
// the new, never a part. A new file's mode goes through the umask.
func Replace(file string, data []byte) error {
	r, err := os.OpenRoot(filepath.Dir(file))
	if err != nil {
		return err
	}
	defer r.Close()
	return atomicfile.Write(r, filepath.Base(file), data, 0o666, false)
}
