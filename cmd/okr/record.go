package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/record"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newRecordCmd(a *app) *cobra.Command {
	var note, file, confidence string
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
created: a CSV file with the header metric,at,value,note, or a YAML
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
To record a negative value, put -- before it: okr record METRIC -- -0.5`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("okr record takes METRIC and VALUE, got %d argument(s)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
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
	switch d.Action {
	case record.Unchanged:
		fmt.Fprintf(a.stdout, "already recorded at %s:%d\n", render.Text(d.Pos.File), d.Pos.Line)
		return nil
	case record.Replace:
		if _, err := record.Apply(root, d.Pos.File, []record.Edit{{Line: d.Pos.Line, M: m}}); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "replaced %s = %s%s at %s in %s:%d (was %s)\n", render.Text(m.Metric), m.ValueText(), conf, m.At, render.Text(d.Pos.File), d.Pos.Line, record.FormatValue(d.Old.Value))
		return nil
	}
	res, err := record.Append(root, file, m)
	if err != nil {
		return err
	}
	created := ""
	if res.Created {
		created = " (new file)"
	}
	fmt.Fprintf(a.stdout, "recorded %s = %s%s at %s in %s%s\n", render.Text(m.Metric), m.ValueText(), conf, m.At, render.Text(res.File), created)
	return nil
}
