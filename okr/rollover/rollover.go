package rollover

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/format"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/score"
	"github.com/okr-as-code/okr/okr/source"
	"go.yaml.in/yaml/v3"
)

// Options select what Plan rolls over.
type Options struct {
	From, To model.Period
	Owner    string     // when not empty, only this owner's documents
	AsOf     model.Date // the date in the header comment
}

// Error is a rollover that cannot happen because of the repository's
// content, such as no document of the from-period.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Plan is what a rollover will write and what it skips.
type Plan struct {
	Files   []*File // in the order of the first old document of each
	Skipped []Skip
}

// File is one new file.
type File struct {
	Path    string   // relative to the root, "/"-separated
	Sources []Source // the old documents it is made from, in order
	Content []byte
	Notes   []Note
	// Problems are the errors the file would have (with the rest of the
	// repository); a file with problems is not to be written.
	Problems []model.Problem
}

// Source is an old document that a new file is made from.
type Source struct {
	File  string
	Owner string
}

// Note is something about a rolled-over document worth a look: a baseline
// moved, a level dropped, a target already reached.
type Note struct {
	Ref     string // the key result's or objective's ref
	Message string
}

// Skip is an old document that is not rolled over, and why.
type Skip struct {
	Source
	Dest   string // the file it would go to, "" when not known
	Reason string
	Error  bool // a problem with the document, rather than work already done
}

// Previous returns the period of the same kind just before p.
func Previous(p model.Period) model.Period {
	switch p.Kind {
	case model.Quarter:
		if p.N == 1 {
			return model.Period{Year: p.Year - 1, Kind: model.Quarter, N: 4}
		}
	case model.Half:
		if p.N == 1 {
			return model.Period{Year: p.Year - 1, Kind: model.Half, N: 2}
		}
	case model.Year:
		return model.Period{Year: p.Year - 1, Kind: model.Year}
	}
	return model.Period{Year: p.Year, Kind: p.Kind, N: p.N - 1}
}

// Destination returns the path of the new document rolled over from file:
// file's name with from replaced by to; else, when a directory of its path
// is named with from, that directory renamed (the last one); else
// <dir>/<owner>-<to><ext>.
func Destination(file, owner string, from, to model.Period) string {
	dir, base := path.Split(file)
	f, t := from.String(), to.String()
	if strings.Contains(base, f) {
		return dir + strings.ReplaceAll(base, f, t)
	}
	parts := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if strings.Contains(parts[i], f) {
			parts[i] = strings.ReplaceAll(parts[i], f, t)
			return strings.Join(parts, "/") + "/" + base
		}
	}
	ext := path.Ext(base)
	if ext == "" {
		ext = ".yaml"
	}
	return dir + owner + "-" + t + ext
}

// MakePlan plans the rollover of repo, read from fsys (the work tree at
// the repository root).
func MakePlan(fsys fs.FS, repo *model.Repo, opts Options) (*Plan, error) {
	if opts.From == opts.To {
		return nil, fmt.Errorf("--from and --to are the same period, %s", opts.To)
	}
	fy := repo.Config.FiscalYearStartMonth
	var sel []*model.Objectives
	existing := map[string]*model.Objectives{}
	for _, d := range repo.Objectives {
		if opts.Owner != "" && d.Owner != opts.Owner {
			continue
		}
		switch d.Period {
		case opts.From:
			sel = append(sel, d)
		case opts.To:
			if _, ok := existing[d.Owner]; !ok {
				existing[d.Owner] = d
			}
		}
	}
	if len(sel) == 0 {
		who := ""
		if opts.Owner != "" {
			who = " of " + strconv.Quote(opts.Owner)
		}
		return nil, &Error{Msg: fmt.Sprintf("no Objectives document%s for %s: nothing to roll over (choose the period to start from with --from)", who, opts.From)}
	}

	_, last := opts.From.Range(fy)
	rep, err := score.Score(repo, last, score.Options{Period: opts.From.String(), Owner: opts.Owner})
	if err != nil {
		return nil, err
	}
	reached := map[string]*float64{} // file, ref → current
	for _, o := range rep.Owners {
		for _, ob := range o.Objectives {
			for _, kr := range ob.KeyResults {
				reached[o.File+"\x00"+kr.Ref] = kr.Current
			}
		}
	}
	r := &roller{opts: opts, fy: fy, repo: repo, reached: reached, parents: parents(repo, sel, opts.To, fy), digits: newDigits(fsys, repo)}

	plan := &Plan{}
	byPath := map[string]*File{}
	var docs [][]*yaml.Node // per file of plan.Files
	for _, d := range sel {
		src := Source{File: d.Pos.File, Owner: d.Owner}
		if e, ok := existing[d.Owner]; ok {
			plan.Skipped = append(plan.Skipped, Skip{Source: src, Dest: e.Pos.File,
				Reason: fmt.Sprintf("%s already has an Objectives document for %s in %s", d.Owner, opts.To, e.Pos.File)})
			continue
		}
		dest := Destination(d.Pos.File, d.Owner, opts.From, opts.To)
		if _, err := fs.Stat(fsys, dest); err == nil || !errors.Is(err, fs.ErrNotExist) {
			plan.Skipped = append(plan.Skipped, Skip{Source: src, Dest: dest,
				Reason: fmt.Sprintf("%s exists; okr rollover never overwrites a file", dest)})
			continue
		}
		doc, err := r.document(fsys, d)
		if err != nil {
			plan.Skipped = append(plan.Skipped, Skip{Source: src, Dest: dest, Reason: err.Error(), Error: true})
			continue
		}
		f, ok := byPath[dest]
		if !ok {
			f = &File{Path: dest}
			byPath[dest] = f
			plan.Files = append(plan.Files, f)
			docs = append(docs, nil)
		}
		i := slices.Index(plan.Files, f)
		docs[i] = append(docs[i], doc)
		f.Sources = append(f.Sources, src)
		f.Notes = append(f.Notes, r.notes...)
		r.notes = nil
	}
	for i, f := range plan.Files {
		if f.Content, err = render(docs[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	validate(repo, plan.Files, opts.AsOf)
	return plan, nil
}

// parents returns the refs of the objectives that an aligns_to in a
// document for period to may name: those of documents whose period contains
// it, and those of the documents being rolled over.
func parents(repo *model.Repo, sel []*model.Objectives, to model.Period, fy int) map[string]bool {
	out := map[string]bool{}
	for _, d := range repo.Objectives {
		if !d.Period.IsZero() && d.Period.Contains(to, fy) {
			for _, o := range d.Objectives {
				out[o.Ref] = true
			}
		}
	}
	for _, d := range sel {
		for _, o := range d.Objectives {
			out[o.Ref] = true
		}
	}
	return out
}

type roller struct {
	opts    Options
	fy      int
	repo    *model.Repo
	reached map[string]*float64
	parents map[string]bool
	digits  *digits
	notes   []Note
}

func (r *roller) note(ref, format string, args ...any) {
	r.notes = append(r.notes, Note{Ref: ref, Message: fmt.Sprintf(format, args...)})
}

// document reads the old document from its file and turns it into the new
// one.
func (r *roller) document(fsys fs.FS, d *model.Objectives) (*yaml.Node, error) {
	data, err := fs.ReadFile(fsys, d.Pos.File)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc *yaml.Node
	for i := 0; i <= d.Doc; i++ {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("the document is gone")
			}
			return nil, fmt.Errorf("%s: cannot read the document: %v", d.Pos.File, err)
		}
		doc = &n
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: cannot read the document", d.Pos.File)
	}
	root := doc.Content[0]

	var kept []string
	for _, l := range strings.Split(doc.HeadComment, "\n") {
		if !strings.HasPrefix(l, "# rolled over from ") {
			kept = append(kept, l)
		}
	}
	head := fmt.Sprintf("# rolled over from %s (%s) on %s", d.Pos.File, d.PeriodText, r.opts.AsOf)
	if old := strings.Trim(strings.Join(kept, "\n"), "\n"); old != "" {
		head += "\n\n" + old
	}
	doc.HeadComment = head

	if p := format.MapValue(root, "period"); p != nil {
		p.Value = r.opts.To.String()
		p.Tag = "!!str"
		if p.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			p.Style = 0
		}
		if r.opts.To.Kind == model.Year {
			p.Tag, p.Style = "!!int", 0
		}
	}
	objs := mappings(format.MapValue(root, "objectives"))
	if len(objs) != len(d.Objectives) {
		return nil, fmt.Errorf("%s: cannot match the document's objectives", d.Pos.File)
	}
	for i, on := range objs {
		o := d.Objectives[i]
		r.objective(on, o)
		krs := mappings(format.MapValue(on, "key_results"))
		if len(krs) != len(o.KeyResults) {
			return nil, fmt.Errorf("%s: cannot match the key results of %s", d.Pos.File, o.Ref)
		}
		for j, kn := range krs {
			r.keyResult(kn, o.KeyResults[j])
		}
	}
	return doc, nil
}

func (r *roller) objective(on *yaml.Node, o *model.Objective) {
	if o.AlignsTo == "" || r.parents[o.AlignsTo] {
		return
	}
	owner, _, _ := strings.Cut(o.AlignsTo, "/")
	for i := 0; i+1 < len(on.Content); i += 2 {
		if on.Content[i].Value != "aligns_to" {
			continue
		}
		c := fmt.Sprintf("# aligns_to: %s (no Objectives document of %s covers %s yet; restore it when one does)", o.AlignsTo, owner, r.opts.To)
		on.Content = slices.Delete(on.Content, i, i+2)
		if i < len(on.Content) {
			k := on.Content[i]
			k.HeadComment = strings.TrimSuffix(c+"\n"+k.HeadComment, "\n")
		} else {
			on.FootComment = strings.TrimPrefix(on.FootComment+"\n"+c, "\n")
		}
		r.note(o.Ref, "aligns_to %s removed: no Objectives document of %s covers %s; kept as a comment", o.AlignsTo, owner, r.opts.To)
		return
	}
}

func (r *roller) keyResult(kn *yaml.Node, kr *model.KeyResult) {
	cur := r.reached[kr.Parent.Parent.Pos.File+"\x00"+kr.Ref]
	switch kr.Type {
	case model.Metric, "":
	case model.AtLeast, model.AtMost:
		if cur != nil && kr.Target.Set && score.KeyResultScore(kr, *cur) == 1 {
			r.note(kr.Ref, "already met its target %s in %s (reached %s); raise the target or replace the key result", num(kr.Target.V), r.opts.From, num(*cur))
		}
		return
	case model.Milestone:
		if cur != nil && *cur >= 1 {
			r.note(kr.Ref, "milestone already done in %s; replace it or remove it", r.opts.From)
		}
		return
	default:
		return
	}
	old := Levels{Baseline: kr.Baseline, Commit: kr.Commit, Target: kr.Target, Stretch: kr.Stretch}
	text := ""
	if cur != nil {
		text = r.digits.text(kr, r.opts.From, *cur)
	}
	l, notes := Roll(old, cur, text)
	for _, n := range notes {
		r.note(kr.Ref, "%s", n)
	}
	if l.Baseline != old.Baseline {
		if b := format.MapValue(kn, "baseline"); b != nil {
			setNumber(b, numText(l.Baseline.V, text))
		}
		if mentions(kr.Title, old.Baseline.V) {
			r.note(kr.Ref, "the title still says %s; update it", num(old.Baseline.V))
		}
	}
	if old.Commit.Set && !l.Commit.Set {
		remove(kn, "commit")
	}
}

// Levels are the levels of a metric key result.
type Levels struct {
	Baseline, Commit, Target, Stretch model.Num
}

// Roll returns the levels of a metric key result for the next period, given
// the value it reached (nil without a measurement), and notes on what
// changed: the baseline becomes the value reached, unless there is none or
// it already reached or passed the target (then every level is kept); a
// commit the new baseline has reached or passed is dropped. Levels that do
// not run one way (a validation error) are returned unchanged. The notes
// write the value reached as text, or as the shortest decimal of it when
// text is "".
func Roll(l Levels, reached *float64, text string) (Levels, []string) {
	if !l.Baseline.Set || !l.Target.Set || l.Baseline.V == l.Target.V {
		return l, nil
	}
	if reached == nil {
		return l, []string{fmt.Sprintf("no measurement: baseline %s kept", num(l.Baseline.V))}
	}
	v := *reached
	up := l.Target.V > l.Baseline.V
	past := func(x, level float64) bool { // x is at or beyond level
		if up {
			return x >= level
		}
		return x <= level
	}
	if past(v, l.Target.V) {
		return l, []string{fmt.Sprintf("reached %s, at or past its target %s: levels kept; set a new target", numText(v, text), num(l.Target.V))}
	}
	var notes []string
	if v != l.Baseline.V {
		notes = append(notes, fmt.Sprintf("baseline %s → %s", num(l.Baseline.V), numText(v, text)))
	}
	l.Baseline = model.Some(v)
	if l.Commit.Set && past(v, l.Commit.V) {
		notes = append(notes, fmt.Sprintf("commit %s dropped: the new baseline %s is already at or past it", num(l.Commit.V), numText(v, text)))
		l.Commit = model.Num{}
	}
	return l, notes
}

// num writes a number as the new documents do: the shortest decimal that
// reads back as the same number.
func num(v float64) string {
	if a := math.Abs(v); v != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// mentions reports whether title quotes the number v.
func mentions(title string, v float64) bool {
	re := regexp.MustCompile(`(^|[^0-9.,])` + regexp.QuoteMeta(num(v)) + `([^0-9]|$|\.[^0-9]|\.$)`)
	return re.MatchString(title)
}

// setNumber makes n the plain number text, tagged as YAML resolves it (so
// that the encoder writes it without a tag).
func setNumber(n *yaml.Node, text string) {
	n.Kind, n.Value, n.Style = yaml.ScalarNode, text, 0
	n.Tag = "!!float"
	if _, err := strconv.ParseInt(text, 10, 64); err == nil {
		n.Tag = "!!int"
	}
}

func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}

// mappings returns the items of a sequence that are mappings, as the loader
// reads them (following aliases).
func mappings(s *yaml.Node) []*yaml.Node {
	if s != nil && s.Kind == yaml.AliasNode {
		s = s.Alias
	}
	if s == nil || s.Kind != yaml.SequenceNode {
		return nil
	}
	var out []*yaml.Node
	for _, c := range s.Content {
		if c.Kind == yaml.AliasNode {
			c = c.Alias
		}
		if c != nil && c.Kind == yaml.MappingNode {
			out = append(out, c)
		}
	}
	return out
}

// render writes the documents of one file in the canonical layout.
func render(docs []*yaml.Node) ([]byte, error) {
	b, err := format.Encode(docs...)
	if err != nil {
		return nil, err
	}
	if out, err := format.Source(b); err == nil {
		return out, nil
	}
	return b, nil
}

// validate loads the new files and checks them with the rest of the
// repository, recording each file's errors.
func validate(repo *model.Repo, files []*File, asOf model.Date) {
	contents := map[string][]byte{}
	for _, f := range files {
		contents[f.Path] = f.Content
	}
	nr, probs := source.Files(contents)
	all := *repo
	all.Objectives = append(slices.Clip(repo.Objectives), nr.Objectives...)
	byFile := map[string]*File{}
	for _, f := range files {
		byFile[f.Path] = f
	}
	for _, p := range source.Check(&all, probs, asOf) {
		if f, ok := byFile[p.File]; ok && p.Severity == model.Error {
			f.Problems = append(f.Problems, p)
		}
	}
}
