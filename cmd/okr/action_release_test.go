package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The Action pinned to a release tag vX.Y.Z downloads that release's
// archive for the runner and verifies it against the release's
// checksums.txt before it runs it. These tests serve a GoReleaser
// snapshot's dist/ (make release-snapshot) from a local server on
// 127.0.0.1 as the release's download URL (OKR_RELEASE_BASE_URL, which
// the action reads for its tests only); OKR_RELEASE_DIST names that dist/.

// releaseDist returns the snapshot's dist/ and its metadata, or skips.
func releaseDist(t *testing.T) (dir, version, commit string) {
	t.Helper()
	dir = os.Getenv("OKR_RELEASE_DIST")
	if dir == "" {
		t.Skip("OKR_RELEASE_DIST is not set: make release-snapshot, then OKR_RELEASE_DIST=$PWD/dist")
	}
	b, err := os.ReadFile(filepath.Join(dir, "metadata.json"))
	if err != nil {
		t.Fatalf("OKR_RELEASE_DIST: %v", err)
	}
	var meta struct{ Version, Commit string }
	if err := json.Unmarshal(b, &meta); err != nil || meta.Version == "" {
		t.Fatalf("%s/metadata.json: %v %q", dir, err, b)
	}
	return dir, meta.Version, meta.Commit
}

// releaseServer serves dir as the files of the release tag, and records
// the paths asked for.
type releaseServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func serveRelease(t *testing.T, tag, dir string) *releaseServer {
	t.Helper()
	s := &releaseServer{}
	files := http.StripPrefix("/"+tag, http.FileServer(http.Dir(dir)))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("the server is at %s", s.URL)
	}
	return s
}

func (s *releaseServer) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.paths)
}

// hostArchive is the name of the archive for this machine.
func hostArchive() string {
	if runtime.GOOS == "windows" {
		return "okr_windows_" + runtime.GOARCH + ".zip"
	}
	return "okr_" + runtime.GOOS + "_" + runtime.GOARCH + ".tar.gz"
}

func TestActionReleaseDownloads(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "curl", "tar")
	dist, version, commit := releaseDist(t)
	srv := serveRelease(t, "v1.2.3", dist)
	ws := prRepo(t, lowered(), false)
	r, gh := runAction(t, ws, actionCase{
		inputs:    map[string]string{"working-directory": "okrs"},
		actionRef: "v1.2.3",
		env:       []string{"OKR_RELEASE_BASE_URL=" + srv.URL},
	})
	if r.failed {
		t.Fatal("the job failed")
	}
	// No Go: the release's okr, not one built from the checkout.
	wantOutcomes(t, r, map[string]string{
		"Find the okr release": "success", "Set up Go": "skipped", "Key the Go caches": "skipped",
		"Cache Go modules and builds": "skipped", "Download okr": "success", "Build okr": "skipped",
		"Validate": "success", "Diff the goals": "success", "Comment on the pull request": "success",
	})
	want := []string{"/v1.2.3/checksums.txt", "/v1.2.3/" + hostArchive()}
	if got := srv.requested(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	// The binary the release stamped runs: its version (v and goreleaser's
	// version, as .goreleaser.yaml stamps it) and full commit.
	if out := r.step("Download okr").stdout; !strings.Contains(out, "okr version v"+version+" (revision "+commit+", ") {
		t.Errorf("okr --version of the downloaded okr (want %s, %s):\n%s", version, commit, out)
	}
	wantCalls(t, gh, listCall, "POST repos/acme/okrs/issues/7/comments")
	if !strings.Contains(gh.bodies[1], "p95-latency") {
		t.Errorf("the comment does not show the moved goalpost:\n%s", gh.bodies[1])
	}
}

// A tampered archive, or one that checksums.txt does not list, is refused
// and nothing runs.
func TestActionReleaseRefusesUnverified(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "curl", "tar")
	dist, _, _ := releaseDist(t)
	archive := hostArchive()
	sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(filepath.Join(dist, archive))
	if err != nil {
		t.Fatal(err)
	}
	tampered := append([]byte(nil), orig...)
	tampered[len(tampered)/2] ^= 0x01
	var unlisted []string
	for _, l := range strings.Split(string(sums), "\n") {
		if !strings.HasSuffix(l, "  "+archive) {
			unlisted = append(unlisted, l)
		}
	}
	ws := prRepo(t, lowered(), false)
	for _, tc := range []struct {
		name          string
		archive, sums []byte
		wantError     string
	}{
		{"a tampered archive", tampered, sums, "but checksums.txt says"},
		{"an archive checksums.txt does not list", orig, []byte(strings.Join(unlisted, "\n")), "has no SHA-256 for " + archive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{archive: string(tc.archive), "checksums.txt": string(tc.sums)})
			srv := serveRelease(t, "v1.2.3", dir)
			r, gh := runAction(t, ws, actionCase{
				inputs:    map[string]string{"working-directory": "okrs", "checks": "validate diff site"},
				actionRef: "v1.2.3",
				env:       []string{"OKR_RELEASE_BASE_URL=" + srv.URL},
			})
			if !r.failed {
				t.Fatal("the job passed")
			}
			wantOutcomes(t, r, map[string]string{
				"Download okr": "failure", "Build okr": "skipped", "Validate": "skipped",
				"Diff the goals": "skipped", "Comment on the pull request": "skipped", "Build the site": "skipped",
			})
			d := r.step("Download okr")
			if d.exit != 1 || !strings.Contains(d.stdout, "::error title=okr action::") || !strings.Contains(d.stdout, tc.wantError) {
				t.Errorf("exit %d, stdout %q; want 1 and an error saying %q", d.exit, d.stdout, tc.wantError)
			}
			if strings.Contains(d.stdout, "okr version") {
				t.Error("the unverified okr ran")
			}
			if _, err := os.Stat(filepath.Join(r.temp, "okr-action", "bin", "okr")); err == nil {
				t.Error("the unverified okr was unpacked")
			}
			if len(r.extraPath) != 1 { // the gh stub's only
				t.Errorf("PATH gained %q", r.extraPath[:len(r.extraPath)-1])
			}
			wantCalls(t, gh)
		})
	}
}

// Any ref but a release tag builds from the checkout and asks the release
// server for nothing.
func TestActionBranchBuildsFromSource(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	srv := serveRelease(t, "v1.2.3", t.TempDir())
	ws := prRepo(t, lowered(), false)
	for _, ref := range []string{"main", "v1", "v1.2", "v1.2.3-rc.1", "0123456789abcdef0123456789abcdef01234567"} {
		r, _ := runAction(t, ws, actionCase{
			inputs:    map[string]string{"working-directory": "okrs", "checks": "validate"},
			actionRef: ref,
			env:       []string{"OKR_RELEASE_BASE_URL=" + srv.URL},
		})
		if r.failed {
			t.Fatalf("%s: the job failed", ref)
		}
		wantOutcomes(t, r, map[string]string{"Set up Go": "success", "Download okr": "skipped", "Build okr": "success", "Validate": "success"})
		if out := r.step("Build okr").stdout; !strings.Contains(out, "okr version "+ref+"\n") {
			t.Errorf("%s: okr --version of the build: %q", ref, out)
		}
	}
	if got := srv.requested(); len(got) != 0 {
		t.Errorf("requests to the release server: %q", got)
	}
}

// On every runner a release serves, the action fetches the archive that
// .goreleaser.yaml names for it, verifies it and unpacks its binary (which
// this machine then cannot run, unless it is its own); a runner that no
// archive serves fails before any download.
func TestActionReleaseOtherRunners(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "curl", "tar", "unzip")
	dist, _, _ := releaseDist(t)
	srv := serveRelease(t, "v1.2.3", dist)
	ws := prRepo(t, lowered(), false)
	for _, tc := range []struct {
		os, arch string
		archive  string // "": none
		exe      string
	}{
		{"Linux", "X64", "okr_linux_amd64.tar.gz", "okr"},
		{"Linux", "ARM64", "okr_linux_arm64.tar.gz", "okr"},
		{"macOS", "X64", "okr_darwin_amd64.tar.gz", "okr"},
		{"macOS", "ARM64", "okr_darwin_arm64.tar.gz", "okr"},
		{"Windows", "X64", "okr_windows_amd64.zip", "okr.exe"},
		{"Windows", "ARM64", "okr_windows_arm64.zip", "okr.exe"},
		{"Linux", "X86", "", ""},
		{"Linux", "ARM", "", ""},
	} {
		t.Run(tc.os+"/"+tc.arch, func(t *testing.T) {
			before := len(srv.requested())
			r, _ := runAction(t, ws, actionCase{
				inputs:    map[string]string{"working-directory": "okrs", "checks": "validate"},
				actionRef: "v1.2.3",
				env:       []string{"OKR_RELEASE_BASE_URL=" + srv.URL},
				runner:    []string{"RUNNER_OS=" + tc.os, "RUNNER_ARCH=" + tc.arch},
			})
			d := r.step("Download okr")
			got := srv.requested()[before:]
			if tc.archive == "" {
				if d.exit != 2 || !strings.Contains(d.stdout, "no okr release for the runner architecture "+tc.arch) || len(got) != 0 {
					t.Errorf("exit %d, stdout %q, requests %q; want exit 2, the error and no request", d.exit, d.stdout, got)
				}
				return
			}
			if want := []string{"/v1.2.3/checksums.txt", "/v1.2.3/" + tc.archive}; !slices.Equal(got, want) {
				t.Errorf("requests %q, want %q", got, want)
			}
			if strings.Contains(d.stdout, "::error") {
				t.Errorf("the download was refused:\n%s", d.stdout)
			}
			bin := filepath.Join(r.temp, "okr-action", "bin", tc.exe)
			if fi, err := os.Stat(bin); err != nil || fi.Size() < 1<<20 {
				t.Errorf("the binary was not unpacked: %v", err)
			}
			if own := tc.archive == hostArchive(); own != (d.outcome == "success") {
				t.Errorf("Download okr: %s (exit %d) for the archive %s", d.outcome, d.exit, tc.archive)
			}
		})
	}
}
