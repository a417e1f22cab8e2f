package gen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

type commitKind uint8

const (
	commitInitial commitKind = iota // objectives, KPIs, config and notes
	commitCheckIn                   // measurement rows appended to a few files
	commitTarget                    // one key result's target changed
	commitDocs                      // a line added to docs/notes.md
	commitFinal                     // every row not yet committed
)

type plannedCommit struct {
	kind  commitKind
	when  int64   // Unix seconds, UTC
	files []int32 // measurement files written
	upto  []int32 // rows each of them holds afterwards
	doc   int32   // commitTarget: the key result changed
	obj   int32
	kr    int32
}

const (
	author        = "Gen <gen@example.com>"
	targetPerMil  = 20 // ~2% of commits change a target
	docsPerMil    = 50 // ~5% of commits only touch docs/notes.md
	firstHour     = 8  // the first commit is at 08:00 UTC on 1 January
	lastHour      = 20 // the last at 20:00 UTC on 31 December
	targetRetries = 8
)

// buildPlan lays out the history: commit 0 adds everything but the
// measurements; the last commit adds every row not yet committed; between
// them, check-ins append the rows dated up to the commit's day to one to
// three measurement files, taken round-robin, and a few commits change a
// target or the notes. The plan also fixes which targets change (their
// original values) and the lines of docs/notes.md, which Write needs too.
func (m *model) buildPlan(r *rand.Rand) {
	c := m.cfg.Commits
	if c == 0 {
		return
	}
	start := m.jan1.Add(firstHour * time.Hour).Unix()
	end := m.jan1.AddDate(0, 0, m.days-1).Add(lastHour * time.Hour).Unix()
	when := func(i int) int64 {
		if c == 1 {
			return start
		}
		return start + (end-start)*int64(i)/int64(c-1)
	}
	held := make([]int32, len(m.files))
	order := r.Perm(len(m.files))
	next := 0
	m.plan = make([]plannedCommit, c)
	m.plan[0] = plannedCommit{kind: commitInitial, when: when(0)}
	for i := 1; i < c-1; i++ {
		pc := &m.plan[i]
		pc.when = when(i)
		day := int((pc.when - m.jan1.Unix()) / 86400)
		p := r.IntN(1000)
		if p < targetPerMil && m.planTarget(r, pc, day) {
			pc.kind = commitTarget
			continue
		}
		if p >= targetPerMil+docsPerMil {
			want := 1
			if r.IntN(100) < 30 {
				want++
			}
			if r.IntN(100) < 15 {
				want++
			}
			for scanned := 0; scanned < len(order) && len(pc.files) < want; scanned++ {
				fi := order[next]
				next = (next + 1) % len(order)
				f := &m.files[fi]
				n := int32(sort.Search(len(f.rows), func(k int) bool { return int(m.rowDay[f.rows[k]]) > day }))
				if n > held[fi] {
					pc.files = append(pc.files, int32(fi))
					pc.upto = append(pc.upto, n)
					held[fi] = n
				}
			}
			if len(pc.files) > 0 {
				pc.kind = commitCheckIn
				continue
			}
		}
		pc.kind = commitDocs
		m.notes = append(m.notes, "- "+m.dates[day]+": "+noteLines[r.IntN(len(noteLines))]+"\n")
	}
	last := &m.plan[c-1]
	if c > 1 {
		*last = plannedCommit{kind: commitFinal, when: when(c - 1)}
	}
	for fi := range m.files {
		if n := int32(len(m.files[fi].rows)); held[fi] < n {
			last.files = append(last.files, int32(fi))
			last.upto = append(last.upto, n)
		}
	}
}

// planTarget picks a key result of a document whose quarter holds day and
// plans a change of its target to its final value from an original one.
func (m *model) planTarget(r *rand.Rand, pc *plannedCommit, day int) bool {
	q := 0
	for q < 3 && day > m.qLast[q] {
		q++
	}
	if q >= m.cfg.Quarters {
		q = r.IntN(m.cfg.Quarters)
	}
	var cands [][2]int32
	for range targetRetries {
		di := r.IntN(m.cfg.Owners)*m.cfg.Quarters + q
		d := &m.docs[di]
		cands = cands[:0]
		for oi := range d.objectives {
			for ki := range d.objectives[oi].krs {
				kr := &d.objectives[oi].krs[ki]
				if !kr.changed && kr.kind != krMilestone && !kr.hasLevels {
					cands = append(cands, [2]int32{int32(oi), int32(ki)})
				}
			}
		}
		if len(cands) == 0 {
			continue
		}
		c := cands[r.IntN(len(cands))]
		kr := &d.objectives[c[0]].krs[c[1]]
		orig, ok := originalTarget(r, kr)
		if !ok {
			continue
		}
		kr.changed, kr.orig = true, orig
		pc.doc, pc.obj, pc.kr = int32(di), c[0], c[1]
		return true
	}
	return false
}

// originalTarget is a plausible target a key result had before its owners
// changed it to the one it has now: the levels stay strictly one way.
func originalTarget(r *rand.Rand, kr *keyResult) (int64, bool) {
	t := kr.target
	var o int64
	if kr.kind == krMetric {
		span := t - kr.baseline
		if abs(span) >= 2 && r.IntN(2) == 0 {
			o = kr.baseline + span/2 // raised later
		} else {
			o = t + max(abs(span/2), 1)*kr.m.dir // lowered later
		}
		o = clamp(kr.m, o)
		return o, o != t && o != kr.baseline
	}
	d := max(1, abs(t)/10)
	if r.IntN(2) == 0 {
		d = -d
	}
	o = t + d
	if o < 0 {
		o = t - d
	}
	o = clamp(kr.m, o)
	return o, o != t
}

func (m *model) message(pc *plannedCommit) string {
	switch pc.kind {
	case commitInitial:
		return "Add " + strconv.Itoa(m.cfg.Year) + " objectives and KPIs\n"
	case commitCheckIn:
		var b strings.Builder
		b.WriteString("Weekly check-in: ")
		for i, fi := range pc.files {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(m.files[fi].label)
		}
		b.WriteString("\n")
		return b.String()
	case commitTarget:
		d := &m.docs[pc.doc]
		ob := &d.objectives[pc.obj]
		kr := &ob.krs[pc.kr]
		b := []byte("Change target of " + d.owner + "/" + ob.id + "/" + kr.id + " from ")
		b = appendVal(b, kr.orig, kr.m.dec)
		b = append(b, " to "...)
		b = appendVal(b, kr.target, kr.m.dec)
		return string(append(b, '\n'))
	case commitDocs:
		return "Update OKR notes\n"
	default:
		return "Year-end check-in\n"
	}
}

// stream writes the whole history as one git fast-import stream.
func (m *model) stream(w *bufio.Writer) error {
	for di := range m.docs {
		for oi := range m.docs[di].objectives {
			for ki := range m.docs[di].objectives[oi].krs {
				kr := &m.docs[di].objectives[oi].krs[ki]
				kr.pending = kr.changed
			}
		}
	}
	var scratch []byte
	blob := func(path string, data []byte) {
		w.WriteString("M 100644 inline ")
		w.WriteString(path)
		w.WriteString("\ndata ")
		w.WriteString(strconv.Itoa(len(data)))
		w.WriteByte('\n')
		w.Write(data)
		w.WriteByte('\n')
	}
	notes := 0
	for i := range m.plan {
		pc := &m.plan[i]
		msg := m.message(pc)
		stamp := strconv.FormatInt(pc.when, 10) + " +0000\n"
		w.WriteString("commit refs/heads/main\nauthor " + author + " " + stamp)
		w.WriteString("committer " + author + " " + stamp)
		w.WriteString("data " + strconv.Itoa(len(msg)) + "\n" + msg)
		switch pc.kind {
		case commitInitial:
			blob("okr.yaml", []byte(okrYAML))
			blob("docs/notes.md", m.appendNotes(scratch[:0], 0))
			for di := range m.docs {
				scratch = m.appendObjectives(scratch[:0], &m.docs[di])
				blob(m.docs[di].path, scratch)
			}
			for g := range m.kpiGroups() {
				scratch = m.appendKPIs(scratch[:0], g)
				blob(m.kpiPath(g), scratch)
			}
		case commitTarget:
			d := &m.docs[pc.doc]
			d.objectives[pc.obj].krs[pc.kr].pending = false
			scratch = m.appendObjectives(scratch[:0], d)
			blob(d.path, scratch)
		case commitDocs:
			notes++
			scratch = m.appendNotes(scratch[:0], notes)
			blob("docs/notes.md", scratch)
		}
		for j, fi := range pc.files {
			f := &m.files[fi]
			if f.yaml {
				scratch = m.content(scratch[:0], f, int(pc.upto[j]))
				blob(f.path, scratch)
			} else {
				blob(f.path, f.csv[:f.ends[pc.upto[j]]])
			}
		}
		w.WriteByte('\n')
	}
	w.WriteString("done\n")
	return w.Flush()
}

// WriteHistory creates a git repository in dir, which must be empty or not
// exist, holding cfg.Commits commits that build up to the tree Write writes,
// and checks that tree out on branch main. Commits are dated across
// cfg.Year, authored and committed by Gen <gen@example.com>, so the same
// Config gives the same commit hashes. It runs the git binary.
func WriteHistory(dir string, cfg Config) error {
	if cfg.Commits < 1 {
		return fmt.Errorf("commits is %d: a history needs at least one", cfg.Commits)
	}
	m, err := build(cfg)
	if err != nil {
		return err
	}
	if err := emptyDir(dir); err != nil {
		return err
	}
	if err := git(dir, nil, "-c", "init.defaultBranch=main", "init", "-q"); err != nil {
		return err
	}
	if err := git(dir, nil, "symbolic-ref", "HEAD", "refs/heads/main"); err != nil {
		return err
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := m.stream(bufio.NewWriterSize(pw, 1<<20))
		pw.CloseWithError(err)
		done <- err
	}()
	err = git(dir, pr, "fast-import", "--quiet", "--done")
	pr.CloseWithError(errors.New("git fast-import exited"))
	if serr := <-done; err == nil && serr != nil {
		err = serr
	}
	if err != nil {
		return err
	}
	return git(dir, nil, "reset", "-q", "--hard")
}

// emptyDir makes sure dir exists and holds nothing.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	return nil
}

// git runs git in dir, isolated from the caller's git environment and
// configuration so that the result depends on its arguments alone.
func git(dir string, stdin io.Reader, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = gitEnv()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git %s in %s: %v: %s", strings.Join(args, " "), dir, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return nil
}

func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_TERMINAL_PROMPT=0",
		// fast-import allocates and frees a zlib stream per object; glibc's
		// default of giving freed memory back to the kernel each time makes
		// it spend more time in the kernel than in compressing (two thirds
		// less time without). Other C libraries ignore this.
		"GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=268435456:glibc.malloc.top_pad=67108864")
}
