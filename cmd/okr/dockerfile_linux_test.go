//go:build linux

package main

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// There is no Docker daemon on our machines: TestDockerfile reads the
// Dockerfile at the root, checks its final stage (a static base, a
// non-root USER, an exec-form ENTRYPOINT running the binary the build
// stage made), runs the build stage's RUN commands outside Docker on a
// copy of the build context, checks that the binary is static (an ELF with
// no interpreter and no shared library) and runs it, as that USER, in a
// root holding nothing but the binary and an OKR repository (chroot(2),
// in a user namespace when not root).

// dockerInstr is one instruction of a Dockerfile.
type dockerInstr struct {
	line      int
	cmd, args string // cmd upper-case; args with continuations joined
}

// dockerStage is a FROM and the instructions that follow it.
type dockerStage struct {
	from, name string
	instrs     []dockerInstr
}

// parseDockerfile reads the instructions of a Dockerfile: comment lines
// dropped, lines ending in a backslash joined to the next.
func parseDockerfile(t *testing.T, b []byte) []dockerStage {
	t.Helper()
	var stages []dockerStage
	var cur strings.Builder
	start := 0
	for i, l := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(l)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cur.Len() > 0 && strings.HasPrefix(trimmed, "#") {
			continue // a comment inside a continued instruction
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if s, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		cur.Reset()
		in := dockerInstr{start, strings.ToUpper(cmd), strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			var f []string // without flags such as --platform
			for _, w := range strings.Fields(in.args) {
				if !strings.HasPrefix(w, "--") {
					f = append(f, w)
				}
			}
			st := dockerStage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("Dockerfile:%d: %s before the first FROM", in.line, in.cmd)
			}
			continue
		}
		stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
	}
	if cur.Len() > 0 {
		t.Fatal("Dockerfile: ends inside a continued line")
	}
	return stages
}

// only returns the one instruction cmd of the stage.
func (s dockerStage) only(t *testing.T, cmd string) dockerInstr {
	t.Helper()
	var found []dockerInstr
	for _, in := range s.instrs {
		if in.cmd == cmd {
			found = append(found, in)
		}
	}
	if len(found) != 1 {
		t.Fatalf("Dockerfile: the stage FROM %s has %d %s instructions, want 1", s.from, len(found), cmd)
	}
	return found[0]
}

func TestDockerfile(t *testing.T) {
	requireTools(t, "go", "sh")
	root := moduleRoot(t)
	b, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	stages := parseDockerfile(t, b)
	if len(stages) < 2 {
		t.Fatalf("Dockerfile: %d stages, want a multi-stage build", len(stages))
	}

	// The final stage: a static base, the binary from the build stage, a
	// non-root user, okr as an exec-form entrypoint.
	final := stages[len(stages)-1]
	if final.from != "scratch" && !strings.HasPrefix(final.from, "gcr.io/distroless/static") {
		t.Errorf("the final stage is FROM %s, want scratch or a distroless static base", final.from)
	}
	cp := strings.Fields(final.only(t, "COPY").args)
	if len(cp) != 3 || !strings.HasPrefix(cp[0], "--from=") {
		t.Fatalf("the final stage copies %q, want COPY --from=STAGE SRC DST", cp)
	}
	fromName, src, dst := strings.TrimPrefix(cp[0], "--from="), cp[1], cp[2]
	var build *dockerStage
	for i := range stages[:len(stages)-1] {
		if stages[i].name == fromName {
			build = &stages[i]
		}
	}
	if build == nil {
		t.Fatalf("COPY --from=%s: no stage of that name", fromName)
	}
	uid, gid := dockerUser(t, final.only(t, "USER").args)
	var entry []string
	if err := json.Unmarshal([]byte(final.only(t, "ENTRYPOINT").args), &entry); err != nil || len(entry) == 0 {
		t.Fatalf("ENTRYPOINT %s: not the exec form (a JSON array): %v", final.only(t, "ENTRYPOINT").args, err)
	}
	if entry[0] != dst {
		t.Errorf("ENTRYPOINT runs %s, not the binary copied to %s", entry[0], dst)
	}
	workdir := "/"
	for _, in := range final.instrs {
		if in.cmd == "WORKDIR" {
			workdir = path.Join(workdir, in.args)
		}
	}

	// The build stage, run outside Docker: its WORKDIR is a copy of the
	// build context, its ENV and ARG defaults the RUN commands' environment
	// (an ARG without one, such as TARGETOS, is empty: this machine's).
	ctx := t.TempDir()
	copyContext(t, root, ctx)
	env := os.Environ()
	buildDir := ""
	var ran []string
	for _, in := range build.instrs {
		switch in.cmd {
		case "WORKDIR":
			if !path.IsAbs(in.args) || buildDir != "" {
				t.Fatalf("Dockerfile:%d: one absolute WORKDIR in the build stage, not %q", in.line, in.args)
			}
			buildDir = in.args
		case "ENV", "ARG":
			for _, kv := range strings.Fields(in.args) {
				k, v, _ := strings.Cut(kv, "=")
				env = append(env, k+"="+strings.Trim(v, `"`))
			}
		case "RUN":
			script := in.args
			for strings.HasPrefix(script, "--") { // BuildKit flags such as --mount
				_, script, _ = strings.Cut(script, " ")
			}
			if strings.HasPrefix(script, "[") {
				t.Fatalf("Dockerfile:%d: the test runs shell-form RUN commands only", in.line)
			}
			cmd := exec.Command("sh", "-c", script)
			cmd.Dir, cmd.Env = ctx, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("Dockerfile:%d: RUN %s: %v\n%s", in.line, script, err, out)
			}
			ran = append(ran, script)
		}
	}
	if buildDir == "" || len(ran) == 0 {
		t.Fatalf("the build stage has WORKDIR %q and %d RUN commands", buildDir, len(ran))
	}
	rel, ok := strings.CutPrefix(src, strings.TrimSuffix(buildDir, "/")+"/")
	if !ok {
		t.Fatalf("COPY --from=%s %s: not under the build stage's WORKDIR %s", fromName, src, buildDir)
	}
	bin := filepath.Join(ctx, filepath.FromSlash(rel))
	t.Logf("ran %q; binary %s", ran, bin)

	// Static: no interpreter (PT_INTERP) and no shared library.
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("the build stage's binary: %v", err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has an interpreter (PT_INTERP): it is not static")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %q (%v)", libs, err)
	}
	f.Close()

	// Run in an empty root: the binary at ENTRYPOINT's path, an OKR
	// repository at WORKDIR, nothing else; as USER.
	jail := t.TempDir()
	if err := os.Chmod(jail, 0o755); err != nil {
		t.Fatal(err)
	}
	inJail := func(p string) string { return filepath.Join(jail, filepath.FromSlash(p)) }
	if err := os.MkdirAll(filepath.Dir(inJail(dst)), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, bin, inJail(dst), 0o755)
	copyTree(t, filepath.Join(root, "examples", "acme"), inJail(workdir))
	run := func(args ...string) (string, error) {
		cmd := exec.Command(inJail(dst), args...)
		cmd.Path = dst // resolved inside the new root
		cmd.Dir = workdir
		cmd.Env = []string{"PATH=/"}
		cmd.SysProcAttr = jailAttr(jail, uid, gid)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("--version")
	if errors.Is(err, syscall.EPERM) {
		t.Skipf("this machine allows neither chroot nor a user namespace: %v", err)
	}
	if err != nil || !strings.HasPrefix(out, "okr version ") {
		t.Fatalf("okr --version in the empty root: %v\n%s", err, out)
	}
	out, err = run(append(entry[1:], "validate", "--at", "2026-11-15")...)
	if err != nil || out != "ok: 20 files, no problems\n" {
		t.Errorf("okr validate in the empty root as %d:%d: %v\n%s", uid, gid, err, out)
	}
}

// dockerUser reads USER: numeric, not root (the base images' user names
// mean nothing outside Docker).
func dockerUser(t *testing.T, s string) (uid, gid int) {
	t.Helper()
	u, g, _ := strings.Cut(s, ":")
	if g == "" {
		g = u
	}
	uid, err1 := strconv.Atoi(u)
	gid, err2 := strconv.Atoi(g)
	if err1 != nil || err2 != nil {
		t.Fatalf("USER %s: want numeric UID:GID", s)
	}
	if uid == 0 || gid == 0 {
		t.Fatalf("USER %s: root", s)
	}
	return uid, gid
}

// jailAttr runs a process chrooted into dir: as uid:gid when the test runs
// as root, else in a new user namespace, as the test's own user mapped to
// root there.
func jailAttr(dir string, uid, gid int) *syscall.SysProcAttr {
	if os.Geteuid() == 0 {
		return &syscall.SysProcAttr{Chroot: dir, Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	return &syscall.SysProcAttr{
		Chroot:      dir,
		Cloneflags:  syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}},
	}
}

// copyContext copies the build context of root into dst: every file but
// those whose top-level name a .dockerignore line matches.
func copyContext(t *testing.T, root, dst string) {
	t.Helper()
	var ignore []string
	if b, err := os.ReadFile(filepath.Join(root, ".dockerignore")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				ignore = append(ignore, strings.Trim(l, "/"))
			}
		}
	}
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
next:
	for _, e := range ents {
		for _, pat := range ignore {
			if ok, _ := path.Match(pat, e.Name()); ok {
				continue next
			}
		}
		if e.IsDir() {
			copyTree(t, filepath.Join(root, e.Name()), filepath.Join(dst, e.Name()))
		} else if e.Type().IsRegular() {
			copyFile(t, filepath.Join(root, e.Name()), filepath.Join(dst, e.Name()), 0o644)
		}
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			copyFile(t, p, target, 0o644)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, perm); err != nil {
		t.Fatal(err)
	}
}
