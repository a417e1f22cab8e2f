package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/record"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newRecordCmd(a *app) *cobra.Command {
	var note, file, confidence, from string
	var replace bool
	cmd := &cobra.Command{
		Use:   "record METRIC VALUE",
		Short: "Append one measurement of a KPI or key result",
		Long: `Appends one measurement: METRIC is a KPI id or a key result ref
owner/objective/kr, VALUE a number, written as typed (its digits kept).
--at is the date (YYYY-MM-DD, default today) or an RFC 3339 timestamp such
as 2026-11-02T14:00:00Z.

Without --file, the measurement goes to the last file, in path order, that
already holds the metric, else to measurements/<owner>.csv (the key result's
owner, or the KPI's id), created if needed. A --file that does not exist is
created: a CSV file with the header metric,at,value,note,confidence, or a YAML
Measurements document (.yaml, .yml).

--confidence N (0 no chance to 10 certain) records how likely the key
result is to reach its target: confidence: N in YAML, the fifth column of
a CSV file. A CSV file whose header lacks the note or confidence column
that the measurement needs gets it added to its header line; its rows stay
as they are.

One value per day: a metric that no key result reads with aggregate: sum
holds one value at one --at (a date, or a timestamp's instant). Recording
the value already there writes nothing and says where it is ("already
recorded at FILE:LINE"); another value is refused, naming FILE:LINE,
unless --replace, which rewrites that line in place (its value, and its
note and confidence when given). A metric read with aggregate: sum takes
any number of values at one --at.

The metric, value and date are checked first; when okr record refuses,
nothing changes (exit 1 for a problem with the repository's content, such
as an unknown metric, 2 for a usage error). Writes are atomic and keep every
existing line and comment; concurrent invocations, and okr fmt run at the
same time, all land (they share a lock on the file's directory).
To record a negative value, put -- before it: okr record METRIC -- -0.5

--from FILE records many measurements at once (a data feed): FILE is CSV
with the header metric,at,value[,note[,confidence]], or JSON Lines (one
object a line: {"metric": "nps", "at": "2026-11-02", "value": 44}), - for
standard input. A row without at takes --at. Every row is checked first,
also against the rows before it; on any problem, all are listed as
FILE:LINE: error: … and nothing is written (exit 1). Then each file is
written once. A row already there counts as already recorded, also for a
metric read with aggregate: sum, so the same FILE can be sent again and
again: it prints "12 recorded, 3 already recorded, 0 replaced" (--format
json: {"recorded", "unchanged", "replaced", "files"}).

Formats: text (default), json (what was recorded, already recorded and
replaced, in all and by file; for one measurement too).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("from") {
				if len(args) != 0 {
					return usagef("okr record --from FILE takes no METRIC and VALUE (they are in FILE), got %d argument(s)", len(args))
				}
				for _, f := range []string{"note", "confidence"} {
					if cmd.Flags().Changed(f) {
						return usagef("--%s is for one measurement; with --from, give it in FILE's %s column", f, f)
					}
				}
				return nil
			}
			if len(args) != 2 {
				return usagef("okr record takes METRIC and VALUE, got %d argument(s)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("from") {
				return recordFrom(a, from, file, replace)
			}
			m := record.Measurement{Metric: args[0], Note: note}
			v, text, err := record.ParseValue(args[1])
			if err != nil {
				return usageError{err}
			}
			m.Value, m.Text = v, text
			if cmd.Flags().Changed("confidence") {
				c, err := record.ParseConfidence(confidence)
				if err != nil {
					return usagef("--confidence: %v", err)
				}
				m.Confidence, m.HasConfidence = c, true
			}
			m.At = model.DateOf(a.now()).String()
			if a.at != "" {
				if _, _, err := model.ParseAt(a.at); err != nil {
					return usagef("--at: %v", err)
				}
				m.At = a.at
			}
			if err := record.CheckNote(note); err != nil {
				return usageError{err}
			}
			l, err := a.load(model.DateOf(a.now()))
			if err != nil {
				return err
			}
			rel := ""
			if file != "" {
				if rel, err = a.inRoot(l.root, file); err != nil {
					return err
				}
				if err := record.CheckName(rel); err != nil {
					return usagef("--file %v", err)
				}
			}
			if rel, err = record.Plan(l.root, l.repo, m, rel); err == nil {
				err = recordOne(a, l.root, l.repo, rel, m, replace)
				if err == nil {
					return nil
				}
			}
			var re *record.Error
			if errors.As(err, &re) {
				fmt.Fprintf(a.stderr, "okr: %s\n", render.Text(err.Error()))
				return errProblems
			}
			return err
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note kept with the measurement")
	cmd.Flags().StringVar(&confidence, "confidence", "", "how likely the key result is to reach its target, an integer `N` from 0 (no chance) to 10 (certain)")
	a.setFormats(cmd, []string{"text", "json"})
	cmd.Flags().StringVar(&from, "from", "", "record every measurement of `FILE` (CSV with the header metric,at,value[,note[,confidence]], or JSON Lines; - for standard input)")
	cmd.Flags().BoolVar(&replace, "replace", false, "rewrite the value already recorded for METRIC at that date (or instant) in place")
	cmd.Flags().StringVar(&file, "file", "", "record in `FILE` (.csv, .yaml or .yml; relative to -C), created if needed")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// -5 reads as the unknown shorthand flag 5.
		var ne *pflag.NotExistError
		if errors.As(err, &ne) && strings.IndexAny(ne.GetSpecifiedShortnames(), "0123456789.") == 0 {
			return usagef("%v (to record a negative value, put -- before it: okr record METRIC -- -5)", err)
		}
		return usageError{err}
	})
	return cmd
}

// inRoot returns a path argument relative to root, "/"-separated; it must
// lie inside root.
func (a *app) inRoot(root, p string) (string, error) {
	abs, err := a.resolve(p)
	if err != nil {
		return "", err
	}
	rel, ok := relToRoot(root, abs)
	if !ok || rel == "." {
		return "", usagef("%s is outside the repository root %s", p, root)
	}
	return rel, nil
}

// recordOne records m as SPEC §6 says: appended to file, already there,
// or replaced in place.
func recordOne(a *app, root string, repo *model.Repo, file string, m record.Measurement, replace bool) error {
	d, err := record.Decide(record.Existing(repo, m), model.AdditiveMetrics(repo)[m.Metric], m, replace)
	if err != nil {
		return err
	}
	conf := ""
	if m.HasConfidence {
		conf = fmt.Sprintf(" (confidence %d)", m.Confidence)
	}
	json := func(f record.FileEdits) error {
		return countsJSON(a, &record.FeedPlan{Files: []record.FileEdits{f}})
	}
	switch d.Action {
	case record.Unchanged:
		if a.format == "json" {
			return json(record.FileEdits{File: d.Pos.File, Unchanged: 1})
		}
		fmt.Fprintf(a.stdout, "already recorded at %s:%d\n", render.Text(d.Pos.File), d.Pos.Line)
		return nil
	case record.Rewrite:
		// The value replaced, as the file wrote it (70.0, not 70).
		was := record.WrittenValue(root, d.Pos, m)
		if was == "" {
			was = record.FormatValue(d.Old.Value)
		}
		if _, err := record.Apply(root, d.Pos.File, []record.Edit{{Line: d.Pos.Line, M: m}}); err != nil {
			return err
		}
		if a.format == "json" {
			return json(record.FileEdits{File: d.Pos.File, Replaced: 1})
		}
		fmt.Fprintf(a.stdout, "replaced %s = %s%s at %s in %s:%d (was %s)\n", render.Text(m.Metric), m.ValueText(), conf, m.At, render.Text(d.Pos.File), d.Pos.Line, render.Text(was))
		return nil
	}
	res, err := record.Append(root, file, m)
	if err != nil {
		return err
	}
	if a.format == "json" {
		return json(record.FileEdits{File: res.File, Recorded: 1})
	}
	created := ""
	if res.Created {
		created = " (new file)"
	}
	fmt.Fprintf(a.stdout, "recorded %s = %s%s at %s in %s%s\n", render.Text(m.Metric), m.ValueText(), conf, m.At, render.Text(res.File), created)
	return nil
}

// feedName is how a --from FILE is named in messages.
func feedName(from string) string {
	if from == "-" {
		return "<stdin>"
	}
	return from
}

// recordFrom records the measurements of a feed (SPEC §6 "Many at once").
func recordFrom(a *app, from, file string, replace bool) error {
	// Nearly all it allocates (the repository, the feed's rows) stays
	// live until it ends, as for okr validate.
	defer keepHeap()()
	defaultAt := model.DateOf(a.now()).String()
	if a.at != "" {
		if _, _, err := model.ParseAt(a.at); err != nil {
			return usagef("--at: %v", err)
		}
		defaultAt = a.at
	}
	data, err := a.readFeed(from)
	if err != nil {
		return err
	}
	// The feed is read while the repository loads.
	type parsed struct {
		rows  []record.Row
		probs []record.FeedProblem
	}
	feed := make(chan parsed, 1)
	go func() {
		rows, probs := record.ParseFeed(data, defaultAt)
		feed <- parsed{rows, probs}
	}()
	name := feedName(from)
	wd, err := a.workDir()
	if err != nil {
		return err
	}
	// The checks of okr validate are not needed to record: the rows are
	// checked against the repository's documents as they are read.
	t, err := source.WorkTree(wd, source.Options{Unchecked: true})
	if err != nil {
		return err
	}
	f := <-feed
	rows, probs := f.rows, f.probs
	if err := feedNotInRepo(a, t, from); err != nil {
		return err
	}
	rel := ""
	if file != "" {
		if rel, err = a.inRoot(t.Root, file); err != nil {
			return err
		}
		if err := record.CheckName(rel); err != nil {
			return usagef("--file %v", err)
		}
	}
	plan, more, err := record.PlanFeed(t.Root, t.Repo, rows, rel, replace)
	if err != nil {
		return err
	}
	// Every problem, those of reading FILE and those of checking its rows
	// against the repository, in the order of FILE's lines.
	probs = append(probs, more...)
	slices.SortStableFunc(probs, func(a, b record.FeedProblem) int { return a.Line - b.Line })
	if len(probs) > 0 {
		return feedProblems(a, name, probs)
	}
	if _, err := plan.Apply(t.Root); err != nil {
		var re *record.Error
		if errors.As(err, &re) {
			fmt.Fprintf(a.stderr, "okr: %s\n", render.Text(err.Error()))
			fmt.Fprintf(a.stderr, "okr: nothing recorded from %s\n", render.Text(name))
			return errProblems
		}
		return err
	}
	if a.format == "json" {
		return countsJSON(a, plan)
	}
	recorded, unchanged, replaced := plan.Totals()
	for _, f := range plan.Files {
		fmt.Fprintf(a.stdout, "%s: %s\n", render.Text(f.File), counts(f.Recorded, f.Unchanged, f.Replaced))
	}
	fmt.Fprintln(a.stdout, counts(recorded, unchanged, replaced))
	return nil
}

// feedNotInRepo refuses a --from FILE that the repository itself reads
// as a measurement file: its rows would be found "already recorded" in
// FILE itself, and, once recorded elsewhere, counted twice.
func feedNotInRepo(a *app, t *source.Tree, from string) error {
	if from == "-" {
		return nil
	}
	abs, err := a.resolve(from)
	if err != nil {
		return err
	}
	rel, ok := relToRoot(t.Root, abs)
	if !ok || !slices.Contains(t.Repo.Files, rel) {
		return nil
	}
	return usagef("--from %s is a measurement file of this repository (okr reads it with the others): move it out of the repository, or list it in .gitignore or in okr.yaml's ignore, then run again", from)
}

// countsJSON writes the JSON shape of SPEC §6 "Many at once".
func countsJSON(a *app, plan *record.FeedPlan) error {
	type fileJSON struct {
		File      string `json:"file"`
		Recorded  int    `json:"recorded"`
		Unchanged int    `json:"unchanged"`
		Replaced  int    `json:"replaced"`
	}
	recorded, unchanged, replaced := plan.Totals()
	out := struct {
		Recorded  int        `json:"recorded"`
		Unchanged int        `json:"unchanged"`
		Replaced  int        `json:"replaced"`
		Files     []fileJSON `json:"files"`
	}{recorded, unchanged, replaced, []fileJSON{}}
	for _, f := range plan.Files {
		out.Files = append(out.Files, fileJSON{f.File, f.Recorded, f.Unchanged, f.Replaced})
	}
	return render.JSON(a.stdout, out)
}

func counts(recorded, unchanged, replaced int) string {
	return fmt.Sprintf("%d recorded, %d already recorded, %d replaced", recorded, unchanged, replaced)
}

// feedProblems prints the problems of a feed, FILE:LINE: error: …, and
// returns errProblems.
func feedProblems(a *app, name string, probs []record.FeedProblem) error {
	for _, p := range probs {
		fmt.Fprintf(a.stderr, "%s:%d: error: %s\n", render.Text(name), p.Line, render.Text(p.Msg))
	}
	fmt.Fprintf(a.stderr, "okr: %d problem(s) in %s; nothing recorded\n", len(probs), render.Text(name))
	return errProblems
}

// readFeed reads a --from FILE (relative to -C), or standard input for
// "-": at most 256 MiB, as any file okr reads.
func (a *app) readFeed(from string) ([]byte, error) {
	var r io.Reader = a.stdin
	if from != "-" {
		p, err := a.resolve(from)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("--from %s: no such file", from)
		}
		if err != nil {
			return nil, usagef("--from: %v", err)
		}
		if !fi.Mode().IsRegular() {
			return nil, usagef("--from %s is not a regular file", from)
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, usagef("--from: %v", err)
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		r = strings.NewReader("")
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFeed+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", feedName(from), err)
	}
	if len(data) > maxFeed {
		return nil, usagef("--from %s is larger than %d MiB; split it", feedName(from), maxFeed>>20)
	}
	return data, nil
}

// maxFeed bounds a --from FILE, as SPEC §1 bounds any file okr reads.
const maxFeed = 256 << 20
