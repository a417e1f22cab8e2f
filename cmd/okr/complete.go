package main

import (
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/source"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Shell completion (`okr completion bash`) for every flag value and
// argument, registered by flag name over the whole command tree once it is
// built, so that a command added later gets them too. Values that are data
// (owners, periods, metrics, revisions) come from the repository, read by
// the loader the commands use. Completion never fails loudly: on any error
// it offers nothing.

// noPeriodAll are the commands whose --period takes no "all".
var noPeriodAll = map[string]bool{"report": true}

type completeFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// registerCompletions registers the completion of every flag of c and its
// subcommands that it knows by name, and of their arguments.
func registerCompletions(a *app, c *cobra.Command) {
	byFlag := map[string]completeFunc{
		"format":     a.completeFormat,
		"period":     a.completePeriod,
		"from":       a.completeFromPeriod,
		"to":         a.completeToPeriod,
		"owner":      a.completeOwner,
		"dir":        completeDirs,
		"at":         completeNothing,
		"since":      completeNothing,
		"note":       completeNothing,
		"out":        completeDirs,
		"file":       completeFiles("csv", "yaml", "yml"),
		"confidence": completeConfidence,
		"fail-on":    completeFailOn,
	}
	register := func(cmd *cobra.Command, fs *pflag.FlagSet) {
		fs.VisitAll(func(f *pflag.Flag) {
			fn, ok := byFlag[f.Name]
			if !ok {
				return
			}
			if _, exists := cmd.GetFlagCompletionFunc(f.Name); exists {
				return // a persistent flag registered on a parent
			}
			_ = cmd.RegisterFlagCompletionFunc(f.Name, fn)
		})
	}
	register(c, c.PersistentFlags())
	register(c, c.LocalNonPersistentFlags())
	if c.ValidArgsFunction == nil {
		switch c.Name() {
		case "record":
			c.ValidArgsFunction = a.completeMetric
		case "diff":
			c.ValidArgsFunction = a.completeRevisions(2)
		case "log":
			c.ValidArgsFunction = a.completeRevisions(1)
		case "init":
			c.ValidArgsFunction = completeDirs
		case "validate":
			c.ValidArgsFunction = completeFiles("yaml", "yml", "csv")
		case "fmt":
			c.ValidArgsFunction = completeFiles("yaml", "yml")
		default:
			if c.HasParent() && c.Args != nil && c.Args(c, []string{"x"}) != nil {
				c.ValidArgsFunction = completeNothing // takes no arguments
			}
		}
	}
	for _, sub := range c.Commands() {
		registerCompletions(a, sub)
	}
}

func completeNothing(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func completeDirs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

func completeFiles(ext ...string) completeFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return ext, cobra.ShellCompDirectiveFilterFileExt
	}
}

func completeConfidence(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for i := 0; i <= 10; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeFailOn completes a comma-separated list of the --fail-on kinds.
func completeFailOn(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, _ := cutLast(toComplete, ",")
	var out []string
	for _, k := range []string{"moved", "removed", "changed"} {
		if !slices.Contains(strings.Split(done, ","), k) {
			out = append(out, joinNonEmpty(done, ",", k))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeFormat offers the formats of the command being completed.
func (a *app) completeFormat(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	return slices.Clone(a.formats[cmd]), cobra.ShellCompDirectiveNoFileComp
}

// completionRepo reads the repository as the commands do (without
// checking it); nil when it cannot be read.
func (a *app) completionRepo() *model.Repo {
	wd, err := a.workDir()
	if err != nil {
		return nil
	}
	t, err := source.WorkTree(wd, source.Options{Unchecked: true})
	if err != nil {
		return nil
	}
	return t.Repo
}

// periods are the periods of the repository's Objectives documents.
func periods(repo *model.Repo) []string {
	var out []string
	for _, o := range repo.Objectives {
		if !o.Period.IsZero() {
			out = append(out, o.Period.String())
		}
	}
	return sortedUnique(out)
}

func (a *app) completePeriod(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	repo := a.completionRepo()
	if repo == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := periods(repo)
	if !noPeriodAll[cmd.Name()] {
		out = append(out, "all")
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func (a *app) completeFromPeriod(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	repo := a.completionRepo()
	if repo == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return periods(repo), cobra.ShellCompDirectiveNoFileComp
}

// completeToPeriod offers the period after each of the repository's that
// has no document yet: what a rollover would start.
func (a *app) completeToPeriod(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	repo := a.completionRepo()
	if repo == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	have := periods(repo)
	var out []string
	for _, p := range have {
		q, err := model.ParsePeriod(p)
		if err != nil {
			continue
		}
		if n := nextPeriod(q).String(); !slices.Contains(have, n) {
			out = append(out, n)
		}
	}
	return sortedUnique(out), cobra.ShellCompDirectiveNoFileComp
}

// nextPeriod is the period of the same kind after p.
func nextPeriod(p model.Period) model.Period {
	switch {
	case p.Kind == model.Year:
		return model.Period{Year: p.Year + 1, Kind: model.Year}
	case p.Kind == model.Quarter && p.N == 4, p.Kind == model.Half && p.N == 2:
		return model.Period{Year: p.Year + 1, Kind: p.Kind, N: 1}
	}
	return model.Period{Year: p.Year, Kind: p.Kind, N: p.N + 1}
}

// completeOwner offers the owners of documents and KPIs and the key
// results' owners.
func (a *app) completeOwner(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	repo := a.completionRepo()
	if repo == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, o := range repo.Objectives {
		out = append(out, o.Owner)
	}
	for kr := range keyResults(repo) {
		out = append(out, kr.Owner)
	}
	for _, k := range repo.KPIs {
		out = append(out, k.Owner)
	}
	return sortedUnique(out), cobra.ShellCompDirectiveNoFileComp
}

// completeMetric offers record's METRIC: the KPI ids, and the refs of the
// key results that take no values from a KPI.
func (a *app) completeMetric(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp // VALUE
	}
	repo := a.completionRepo()
	if repo == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, k := range repo.KPIs {
		out = append(out, k.ID)
	}
	for kr := range keyResults(repo) {
		if kr.KPI == "" {
			out = append(out, kr.Ref)
		}
	}
	return sortedUnique(out), cobra.ShellCompDirectiveNoFileComp
}

// keyResults yields every key result of the repository's Objectives
// documents.
func keyResults(repo *model.Repo) iter.Seq[*model.KeyResult] {
	return func(yield func(*model.KeyResult) bool) {
		for _, o := range repo.Objectives {
			for _, obj := range o.Objectives {
				for _, kr := range obj.KeyResults {
					if !yield(kr) {
						return
					}
				}
			}
		}
	}
}

// completeRevisions offers git revisions for up to max arguments: HEAD and
// its first ancestors, branches, remote branches and tags; after A.. or
// A..., the revisions that may follow.
func (a *app) completeRevisions(max int) completeFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= max {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		revs := a.revisions()
		if revs == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if i := strings.LastIndex(toComplete, ".."); i >= 0 {
			pre := toComplete[:i+2]
			if strings.HasPrefix(toComplete[i+2:], ".") {
				pre += "."
			}
			for i, r := range revs {
				revs[i] = pre + r
			}
		}
		return revs, cobra.ShellCompDirectiveNoFileComp
	}
}

// revisions are the names of the git repository that encloses the root.
func (a *app) revisions() []string {
	wd, err := a.workDir()
	if err != nil {
		return nil
	}
	root, err := source.FindRoot(wd)
	if err != nil {
		return nil
	}
	r, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil
	}
	refs, err := r.References()
	if err != nil {
		return nil
	}
	var names []string
	_ = refs.ForEach(func(ref *plumbing.Reference) error {
		n := ref.Name()
		if (n.IsBranch() || n.IsRemote() || n.IsTag()) && !strings.HasSuffix(n.String(), "/HEAD") {
			names = append(names, n.Short())
		}
		return nil
	})
	return append([]string{"HEAD", "HEAD~1", "HEAD~2", "HEAD~3"}, sortedUnique(names)...)
}

func sortedUnique(s []string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func cutLast(s, sep string) (before, after string) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):]
	}
	return "", s
}

func joinNonEmpty(a, sep, b string) string {
	if a == "" {
		return b
	}
	return a + sep + b
}
