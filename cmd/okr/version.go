package main

import (
	"runtime/debug"
	"strings"
)

// What a release stamps into the binary (SPEC §9), with
//
//	-ldflags "-X main.version=v1.2.0 -X main.commit=<full hash> -X main.date=<RFC 3339>"
//
// (.goreleaser.yaml; the Action stamps its ref as the version when it
// builds from source). A plain go build stamps nothing: the version then
// comes from the module, the commit and date from the VCS information Go
// records where the build has some.
var (
	version = ""
	commit  = ""
	date    = ""
)

// stamp is what -ldflags set.
type stamp struct{ version, commit, date string }

// versionString is what `okr --version` prints after "okr version ".
func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return versionFrom(bi, stamp{version, commit, date})
}

// versionFrom is the version (the stamped one, else the build info's
// module version, else devel), then the commit, the dirty flag and the
// commit date: the stamped commit and date, else those of the build
// info's VCS settings: "v1.2.0 (revision 5bfa0f9…, modified,
// 2026-12-01T21:58:01Z)". The dirty flag comes from the VCS settings only,
// and only when the commit does too.
func versionFrom(bi *debug.BuildInfo, ld stamp) string {
	v := ld.version
	if v == "" && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "devel"
	}
	var rev, modified, at string
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			case "vcs.time":
				at = s.Value
			}
		}
	}
	if ld.commit != "" {
		rev, modified, at = ld.commit, "", ld.date
	}
	if rev == "" {
		return v
	}
	extra := []string{"revision " + rev}
	if modified == "true" {
		extra = append(extra, "modified")
	}
	if at != "" {
		extra = append(extra, at)
	}
	return v + " (" + strings.Join(extra, ", ") + ")"
}
