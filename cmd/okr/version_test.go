package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "5bfa0f928759dca47dab5801e13bab848f28e650"},
		{Key: "vcs.time", Value: "2026-12-01T21:58:44Z"},
		{Key: "vcs.modified", Value: "false"},
	}
	dirty := append(append([]debug.BuildSetting{}, vcs[:3]...), debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ld   stamp
		want string
	}{
		{"no build info", nil, stamp{}, "devel"},
		{"go install of a release", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, stamp{}, "v1.2.0"},
		{"a checkout, clean", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201215844-5bfa0f928759"}, Settings: vcs}, stamp{},
			"v0.0.0-20261201215844-5bfa0f928759 (revision 5bfa0f928759dca47dab5801e13bab848f28e650, 2026-12-01T21:58:44Z)"},
		{"a checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: dirty}, stamp{},
			"devel (revision 5bfa0f928759dca47dab5801e13bab848f28e650, modified, 2026-12-01T21:58:44Z)"},
		{"the action's build, -X main.version", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, stamp{version: "v1.3.0"}, "v1.3.0"},
		{"-X main.version wins over the module's", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: vcs}, stamp{version: "main"},
			"main (revision 5bfa0f928759dca47dab5801e13bab848f28e650, 2026-12-01T21:58:44Z)"},
		{"a revision without a time", &debug.BuildInfo{Settings: vcs[1:2]}, stamp{}, "devel (revision 5bfa0f928759dca47dab5801e13bab848f28e650)"},
		// A release: goreleaser stamps all three, and they win over what the
		// build info says (here, a dirty checkout of another commit).
		{"a release, stamped", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: dirty},
			stamp{"v1.2.0", "0123456789abcdef0123456789abcdef01234567", "2026-12-05T10:11:12Z"},
			"v1.2.0 (revision 0123456789abcdef0123456789abcdef01234567, 2026-12-05T10:11:12Z)"},
		{"a release build without build info", nil,
			stamp{"v1.2.0", "0123456789abcdef0123456789abcdef01234567", "2026-12-05T10:11:12Z"},
			"v1.2.0 (revision 0123456789abcdef0123456789abcdef01234567, 2026-12-05T10:11:12Z)"},
		{"a stamped commit without a date", nil, stamp{commit: "0123456789abcdef0123456789abcdef01234567"},
			"devel (revision 0123456789abcdef0123456789abcdef01234567)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionFrom(tt.bi, tt.ld); got != tt.want {
				t.Errorf("versionFrom = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVersionStamped builds okr as a release does (-ldflags -X, no VCS
// information) and runs okr --version.
func TestVersionStamped(t *testing.T) {
	requireTools(t, "go")
	const (
		v    = "v1.2.0"
		hash = "5bfa0f928759dca47dab5801e13bab848f28e650"
		at   = "2026-12-05T10:11:12Z"
	)
	bin := filepath.Join(t.TempDir(), "okr")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-s -w -X main.version="+v+" -X main.commit="+hash+" -X main.date="+at,
		"-o", bin, "./cmd/okr")
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("okr --version: %v", err)
	}
	if want := "okr version " + v + " (revision " + hash + ", " + at + ")\n"; string(out) != want {
		t.Errorf("okr --version = %q, want %q", out, want)
	}
}
