package main

import (
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
		name     string
		bi       *debug.BuildInfo
		ld, want string
	}{
		{"no build info", nil, "", "devel"},
		{"go install of a release", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "", "v1.2.0"},
		{"a checkout, clean", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201215844-5bfa0f928759"}, Settings: vcs}, "",
			"v0.0.0-20261201215844-5bfa0f928759 (revision 5bfa0f928759dca47dab5801e13bab848f28e650, 2026-12-01T21:58:44Z)"},
		{"a checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: dirty}, "",
			"devel (revision 5bfa0f928759dca47dab5801e13bab848f28e650, modified, 2026-12-01T21:58:44Z)"},
		{"the action's build, -X main.version", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.3.0", "v1.3.0"},
		{"-X main.version wins over the module's", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: vcs}, "main",
			"main (revision 5bfa0f928759dca47dab5801e13bab848f28e650, 2026-12-01T21:58:44Z)"},
		{"a revision without a time", &debug.BuildInfo{Settings: vcs[1:2]}, "", "devel (revision 5bfa0f928759dca47dab5801e13bab848f28e650)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionFrom(tt.bi, tt.ld); got != tt.want {
				t.Errorf("versionFrom = %q, want %q", got, tt.want)
			}
		})
	}
}
