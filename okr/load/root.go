package load

import (
	"os"
	"path/filepath"

	"github.com/okr-as-code/okr/okr/model"
)

// FindRoot returns the repository root for a start directory (SPEC §1): the
// nearest directory at or above start that holds okr.yaml, else the top of
// the enclosing git work tree, else start itself.
func FindRoot(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", err
	}
	for d := abs; ; {
		if fi, err := os.Stat(filepath.Join(d, ConfigFile)); err == nil && fi.Mode().IsRegular() {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return abs, nil
}

// Dir loads the work tree at root. It reads through os.Root, so no symbolic
// link inside the repository can make it read a file outside root.
func Dir(root string, opts Options) (*model.Repo, []model.Problem, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	return Load(r.FS(), opts)
}
