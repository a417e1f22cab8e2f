package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrRefused is wrapped by every error of Prepare that refuses a
// directory.
var ErrRefused = errors.New("refused")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrRefused}, args...)...)
}

// Dir is a directory that a site may be written to, checked by Prepare.
type Dir struct {
	path   string
	exists bool
}

// Prepare checks that the site can be written to dir (absolute) for the
// repository at root (absolute), and changes nothing. It refuses (an error
// wrapping ErrRefused):
//   - a dir inside a .git directory;
//   - the root itself, or a directory that holds the root;
//   - a dir inside the root that goes through a symbolic link, or is one
//     (an untrusted repository could point it anywhere);
//   - anything but a directory at dir;
//   - a non-empty dir without the marker file (a directory okr did not
//     write).
//
// A dir outside the root is allowed: the user named it.
func Prepare(root, dir string) (*Dir, error) {
	dir = filepath.Clean(dir)
	root = filepath.Clean(root)
	for _, part := range strings.Split(filepath.ToSlash(dir), "/") {
		if strings.EqualFold(part, ".git") {
			return nil, refuse("%s is inside a .git directory", dir)
		}
	}
	if within(dir, root) {
		return nil, refuse("%s holds the repository root %s; write the site to a directory of its own", dir, root)
	}
	if within(root, dir) {
		// Each existing component below the root must be a real
		// directory, not a link.
		rel, _ := filepath.Rel(root, dir)
		p := root
		for _, part := range strings.Split(rel, string(filepath.Separator)) {
			p = filepath.Join(p, part)
			fi, err := os.Lstat(p)
			if errors.Is(err, fs.ErrNotExist) {
				break
			}
			if err != nil {
				return nil, err
			}
			if fi.Mode()&fs.ModeSymlink != 0 {
				return nil, refuse("%s is a symbolic link; okr site does not write through links inside the repository", p)
			}
			if !fi.IsDir() {
				return nil, refuse("%s is not a directory", p)
			}
		}
	}
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Dir{path: dir}, nil
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, refuse("%s is a symbolic link", dir)
	case !fi.IsDir():
		return nil, refuse("%s exists and is not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return &Dir{path: dir, exists: true}, nil
	}
	mi, err := os.Lstat(filepath.Join(dir, Marker))
	if err != nil || !mi.Mode().IsRegular() {
		return nil, refuse("%s is not empty and okr did not write it (it has no %s file); remove it or choose another --out", dir, Marker)
	}
	return &Dir{path: dir, exists: true}, nil
}

// within reports whether p is dir or lies inside it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// staging is the directory, inside the site's, that Write writes the new
// site's files to before it moves them into place.
const staging = ".okr-site-new"

// Write replaces the directory's contents with the files that build
// emits. It creates the directory if need be and writes the marker first
// (a directory left by a crash is still known as okr's), then writes each
// file into a staging directory inside it; only when build returns
// without an error does it empty the directory (links in it are removed,
// never followed) and move the new files into it. A build that fails
// leaves the directory as it was (a directory it created is removed). It
// writes nothing outside the directory.
func (d *Dir) Write(build func(emit func(name string, data []byte) error) error) error {
	marker := filepath.Join(d.path, Marker)
	_, err := os.Lstat(marker)
	hadMarker := d.exists && err == nil
	if !d.exists {
		if err := os.MkdirAll(d.path, 0o755); err != nil {
			return err
		}
	}
	stage := filepath.Join(d.path, staging)
	undo := func() {
		os.RemoveAll(stage)
		switch {
		case !d.exists:
			os.RemoveAll(d.path)
		case !hadMarker:
			os.Remove(marker)
		}
	}
	if err := os.WriteFile(marker, markerText, 0o644); err != nil {
		undo()
		return err
	}
	if err := os.RemoveAll(stage); err != nil { // left by a crash
		undo()
		return err
	}
	if err := os.Mkdir(stage, 0o755); err != nil {
		undo()
		return err
	}
	var mu sync.Mutex
	var names []string
	written := map[string]bool{}
	err = build(func(name string, data []byte) error {
		if name == Marker {
			return nil // written first
		}
		mu.Lock()
		bad := name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." || name == staging || written[name]
		written[name] = true
		if !bad {
			names = append(names, name)
		}
		mu.Unlock()
		if bad {
			return fmt.Errorf("site: bad or repeated file name %q", name)
		}
		f, err := os.OpenFile(filepath.Join(stage, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
	if err != nil {
		undo()
		return err
	}
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != Marker && e.Name() != staging {
			if err := os.RemoveAll(filepath.Join(d.path, e.Name())); err != nil {
				return err
			}
		}
	}
	for _, name := range names {
		if err := os.Rename(filepath.Join(stage, name), filepath.Join(d.path, name)); err != nil {
			return err
		}
	}
	return os.Remove(stage)
}

var markerText = []byte("written by okr site: okr replaces this directory when it writes the site again, and never reads it as OKR input\n")
