package atomicfile

import (
	"os"
	"path"
	"regexp"
	"time"
)

// StaleAge is the age after which a temporary file that Write (or okr
// rollover) left behind, because the process was killed between creating
// it and renaming it, is removed by Sweep. A younger one may belong to a
// process that is writing it now.
const StaleAge = 10 * time.Minute

// tempName matches the names of the temporary files of Write:
// .NAME.okr-<12 hex digits>.
var tempName = regexp.MustCompile(`^\..+\.okr-[0-9a-f]{12}$`)

// Sweep removes the temporary files in directory dir of r that are older
// than StaleAge as of now (by modification time), and returns their names
// relative to r, "/"-separated. Only regular files with the name of a
// temporary file are removed; errors are ignored (a file another process
// removed first, a directory that cannot be listed): sweeping is
// housekeeping, never a reason to fail a write. Call it holding Lock on dir.
func Sweep(r *os.Root, dir string, now time.Time) []string {
	d, err := r.Open(dir)
	if err != nil {
		return nil
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	var removed []string
	for _, n := range names {
		if !tempName.MatchString(n) {
			continue
		}
		name := path.Join(dir, n)
		fi, err := r.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() || now.Sub(fi.ModTime()) <= StaleAge {
			continue
		}
		if r.Remove(name) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}
