package record

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okr-as-code/okr/okr/internal/atomicfile"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
	"go.yaml.in/yaml/v3"
)

// Measurement is one measurement to record.
type Measurement struct {
	Metric string  // a KPI id or a key result ref owner/objective/kr
	At     string  // YYYY-MM-DD or an RFC 3339 timestamp, written as it is
	Value  float64 // finite
	// Text is the value as the user wrote it, as ParseValue returns it;
	// when empty, FormatValue(Value) is written.
	Text string
	Note string // optional
	// Confidence, 0..10, is written when HasConfidence is set.
	Confidence    int8
	HasConfidence bool
}

// ValueText is the value as it is written to a file: Text, else
// FormatValue(Value).
func (m Measurement) ValueText() string {
	if m.Text != "" {
		return m.Text
	}
	return FormatValue(m.Value)
}

// confidenceText is the confidence as written to a file, "" without one.
func (m Measurement) confidenceText() string {
	if !m.HasConfidence {
		return ""
	}
	return strconv.Itoa(int(m.Confidence))
}

// Error is a refusal caused by the content of the repository: an unknown
// metric, a file that cannot take the measurement. Nothing was written.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func refusef(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

var decimal = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// ParseValue parses a measurement value: a finite decimal number such as
// 42, -0.5 or 1.5e3 (not hexadecimal, Inf or NaN). It returns the number
// and the text to write, which keeps every digit as the user typed it
// (99999999999999999999999999999999999999 stays that, not 1e+38; 44.50
// stays 44.50) and only drops what a number file does not need: a leading
// + or leading zeros, a trailing point (5. is 5), and it writes .5 as 0.5.
func ParseValue(s string) (float64, string, error) {
	t := strings.TrimSpace(s)
	if !decimal.MatchString(t) {
		return 0, "", fmt.Errorf("value %q is not a number; write a decimal number such as 42 or -0.5", s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, "", fmt.Errorf("value %q is not a finite number", s)
	}
	return v, normalize(t), nil
}

// normalize writes a number that matches decimal in the plain form that
// YAML and CSV read back as the same number, keeping its digits.
func normalize(t string) string {
	sign := ""
	switch t[0] {
	case '-':
		sign, t = "-", t[1:]
	case '+':
		t = t[1:]
	}
	mant, exp := t, ""
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		mant, exp = t[:i], t[i:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart = strings.TrimLeft(intPart, "0"); intPart == "" {
		intPart = "0"
	}
	if frac != "" {
		frac = "." + frac
	}
	return sign + intPart + frac + exp
}

// ParseConfidence parses a confidence: an integer 0..10 written as one
// (6; not 06, 6.0 or 6.5).
func ParseConfidence(s string) (int8, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 10 || strconv.Itoa(n) != s {
		return 0, fmt.Errorf("confidence %q is not an integer from 0 to 10 (0 no chance of reaching the target, 10 certain)", s)
	}
	return int8(n), nil
}

// FormatValue writes a value the way Append does: the shortest decimal that
// reads back as the same number, without an exponent unless it is very
// large or very small.
func FormatValue(v float64) string {
	if v == 0 {
		return "0"
	}
	if a := math.Abs(v); a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// CheckNote reports whether a note can be recorded: valid UTF-8 without
// NUL bytes.
func CheckNote(note string) error {
	if !utf8.ValidString(note) || strings.ContainsRune(note, 0) {
		return errors.New("a note must be UTF-8 text without NUL bytes")
	}
	return nil
}

// Check validates m against repo: its date, value and note are well formed,
// and its metric is a KPI id, or the ref of a key result that has no kpi
// (its values come from the KPI) in a document of its owner whose period
// contains the date. A metric the repository does not know is refused with
// the nearest known one as a suggestion.
func Check(repo *model.Repo, m Measurement) error {
	return newMetrics(repo).check(m)
}

// metrics indexes the names a measurement's metric may have: KPI ids, and
// key result refs with their key results in document order.
type metrics struct {
	repo *model.Repo
	kpis map[string]bool
	krs  map[string][]*model.KeyResult
	// The suggestions made for unknown metrics (see unknown), and the
	// names they are chosen from, gathered at the first.
	names     []string
	suggested map[string]string
}

// maxSuggestions bounds the unknown metrics of one feed that get a "did
// you mean" suggestion: each compares the metric with every KPI id and key
// result ref (0.3 s at SPEC §4's scale), so a feed of a thousand rows
// naming a thousand unknown metrics would take minutes.
const maxSuggestions = 20

// unknownMetric is check's error for a metric that no KPI or key result
// has, before unknown makes its message.
type unknownMetric struct{ metric string }

func (e *unknownMetric) Error() string { return "unknown metric " + strconv.Quote(e.metric) }

// unknown is the refusal of an unknown metric, with the known metric
// nearest to it as a suggestion: the suggestion is made once for each
// metric, and for the first maxSuggestions metrics only.
func (x *metrics) unknown(metric string) error {
	hint, ok := x.suggested[metric]
	if !ok && len(x.suggested) < maxSuggestions {
		if x.suggested == nil {
			x.suggested = map[string]string{}
			x.names = names(x.repo)
		}
		hint = suggest(metric, x.names)
		x.suggested[metric] = hint
	}
	return refusef("unknown metric %q: no KPI or key result has that name%s", metric, hint)
}

func newMetrics(repo *model.Repo) *metrics {
	n := 0
	for _, d := range repo.Objectives {
		for _, o := range d.Objectives {
			n += len(o.KeyResults)
		}
	}
	x := &metrics{repo: repo, kpis: make(map[string]bool, len(repo.KPIs)), krs: make(map[string][]*model.KeyResult, n)}
	for _, k := range repo.KPIs {
		x.kpis[k.ID] = true
	}
	for _, d := range repo.Objectives {
		if strings.Contains(d.Owner, "/") {
			continue // never the first of three parts
		}
		for _, o := range d.Objectives {
			if strings.Contains(o.ID, "/") {
				continue
			}
			for _, kr := range o.KeyResults {
				if strings.Contains(kr.ID, "/") {
					continue
				}
				ref := model.KeyResultRef(kr.Ref, d.Owner, o.ID, kr.ID)
				x.krs[ref] = append(x.krs[ref], kr)
			}
		}
	}
	return x
}

// check is Check.
func (x *metrics) check(m Measurement) error {
	err := x.checkRow(m)
	if u, ok := err.(*unknownMetric); ok {
		return x.unknown(u.metric)
	}
	return err
}

// checkRow is check, but for an unknown metric it returns an
// *unknownMetric, to be made a message with unknown. It changes nothing,
// so that the rows of a feed can be checked a few at once.
func (x *metrics) checkRow(m Measurement) error {
	repo := x.repo
	_, day, err := model.ParseAt(m.At)
	if err != nil {
		return err
	}
	if math.IsInf(m.Value, 0) || math.IsNaN(m.Value) {
		return fmt.Errorf("value %v is not a finite number", m.Value)
	}
	if err := CheckNote(m.Note); err != nil {
		return err
	}
	if m.Text != "" {
		if v, _, err := ParseValue(m.Text); err != nil || v != m.Value {
			return fmt.Errorf("value text %q is not the number %v", m.Text, m.Value)
		}
	}
	if m.HasConfidence && (m.Confidence < 0 || m.Confidence > 10) {
		return fmt.Errorf("confidence %d is not an integer from 0 to 10", m.Confidence)
	}
	if x.kpis[m.Metric] {
		return nil
	}
	parts := strings.Split(m.Metric, "/")
	var found []*model.KeyResult
	if len(parts) == 3 {
		found = x.krs[m.Metric]
	}
	if len(found) == 0 {
		return &unknownMetric{m.Metric}
	}
	fy := repo.Config.FiscalYearStartMonth
	for _, kr := range found {
		d := kr.Parent.Parent
		if d.Period.IsZero() {
			continue
		}
		if first, last := d.Period.Range(fy); day < first || day > last {
			continue
		}
		if kr.KPI != "" {
			return refusef("key result %q takes its values from KPI %q: record them under %q instead (okr record %s VALUE)", m.Metric, kr.KPI, kr.KPI, kr.KPI)
		}
		return nil
	}
	// None whose period contains the day: say which periods it has.
	var periods []string
	for _, kr := range found {
		if d := kr.Parent.Parent; !d.Period.IsZero() {
			first, last := d.Period.Range(fy)
			periods = append(periods, fmt.Sprintf("%s (%s to %s)", d.PeriodText, first, last))
		}
	}
	if len(periods) == 0 {
		return refusef("key result %q is in a document whose period is not valid; fix it first (see okr validate)", m.Metric)
	}
	return refusef("no Objectives document of %q whose period contains %s has key result %q; it is defined for %s",
		parts[0], day, m.Metric, strings.Join(periods, ", "))
}

// names are the names a metric may have: KPI ids and key result refs.
func names(repo *model.Repo) []string {
	var names []string
	for _, k := range repo.KPIs {
		names = append(names, k.ID)
	}
	for _, d := range repo.Objectives {
		for _, o := range d.Objectives {
			for _, kr := range o.KeyResults {
				names = append(names, kr.Ref)
			}
		}
	}
	return names
}

// suggest returns "; did you mean X?" for the name nearest to s.
func suggest(s string, names []string) string {
	if best := model.Nearest(s, names, 0); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// Plan validates m (see Check) and chooses the file it goes to, relative to
// root and "/"-separated. With file not empty (relative to root), that file
// is checked: it must be a .csv, .yaml or .yml file, and when it exists a
// measurement file that okr reads. Otherwise the file is the last file in
// path order that already holds the metric (a CSV row, or a YAML
// Measurements document for it), else measurements/<owner>.csv, where owner
// is the key result ref's owner or the KPI's id.
func Plan(root string, repo *model.Repo, m Measurement, file string) (string, error) {
	if err := Check(repo, m); err != nil {
		return "", err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer r.Close()
	if file == "" {
		if file = holder(repo, m.Metric); file != "" {
			return file, nil
		}
		owner, _, _ := strings.Cut(m.Metric, "/")
		file = "measurements/" + owner + ".csv"
	} else if err := CheckName(file); err != nil {
		return "", err
	}
	if err := checkFile(r, repo, file, m); err != nil {
		return "", err
	}
	return file, nil
}

// checkFile checks that file, relative to the root r, is one that okr
// reads and can take m, and no symbolic link.
func checkFile(r *os.Root, repo *model.Repo, file string, m Measurement) error {
	if fi, err := r.Lstat(file); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return refusef("%s is a symbolic link (okr record does not write through symbolic links); name the file it points to with --file", file)
	}
	return target(r.FS(), repo, file, m)
}

// CheckName checks that a file name has an extension Append can write.
func CheckName(file string) error {
	switch strings.ToLower(path.Ext(file)) {
	case ".csv", ".yaml", ".yml":
		return nil
	}
	return fmt.Errorf("%s: a measurement file is a .csv, .yaml or .yml file", file)
}

// holder returns the last file in path order that holds metric, or "":
// that holds a measurement of it, or a YAML Measurements document for it,
// which may have no values yet.
func holder(repo *model.Repo, metric string) string {
	best := ""
	for i := len(repo.Measurements) - 1; i >= 0; i-- {
		if repo.Measurements[i].Metric == metric {
			best = repo.Measurements[i].Pos.File
			break
		}
	}
	for _, d := range repo.MeasurementDocs {
		if d.Metric == metric && d.File > best {
			best = d.File
		}
	}
	return best
}

func isYAML(f string) bool {
	switch strings.ToLower(path.Ext(f)) {
	case ".yaml", ".yml":
		return true
	}
	return false
}

// target checks that file is one okr reads and can take m: an existing
// file must be a measurement file or YAML that parses, and neither it nor a
// new file may be ignored (by a .gitignore or okr.yaml's ignore globs).
func target(fsys fs.FS, repo *model.Repo, file string, m Measurement) error {
	fi, err := fs.Stat(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		if !readable(fsys, file, []byte(newFile(file, m))) {
			return refusef("%s is ignored (by a .gitignore or okr.yaml's ignore globs): okr would never read a measurement recorded there", file)
		}
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return refusef("%s is %s, not a regular file: okr reads only regular files; choose another file with --file", file, atomicfile.Kind(fi.Mode()))
	}
	if fi.Size() > atomicfile.MaxSize {
		return refusef("%s is larger than %d MiB (%d bytes): okr does not read files that large, so a measurement recorded there would never count; choose another file with --file", file, atomicfile.MaxSize>>20, fi.Size())
	}
	if slices.Contains(repo.Files, file) {
		return nil
	}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, bom))) == 0 {
		data = []byte(newFile(file, m))
	}
	if isYAML(file) {
		if _, err := parseDocs(data); err != nil {
			return refusef("%s: %v; fix it first (see okr validate)", file, err)
		}
		if bytes.Contains(data, []byte("okr/")) && !readable(fsys, file, data) {
			return refusef("%s is ignored (by a .gitignore or okr.yaml's ignore globs): okr would never read a measurement recorded there", file)
		}
		return nil
	}
	// Not read when the repository was loaded: not a measurement file, or
	// ignored, or created since by another recorder.
	if !readable(fsys, file, data) {
		return refusef("%s exists but is not a measurement file okr reads (its header must be metric,at,value,note, and it must not be ignored); choose another file with --file", file)
	}
	return nil
}

// readable reports whether okr reads file when it holds data: whether the
// loader, given the repository's okr.yaml and the .gitignore files on the
// way to file, takes it for an OKR file.
func readable(fsys fs.FS, file string, data []byte) bool {
	return source.Reads(fsys, file, data)
}

// parseDocs parses every document of a YAML stream.
func parseDocs(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		docs = append(docs, &n)
	}
}
