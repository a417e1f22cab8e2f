package scorelog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/model"
)

// Options select the scores of each entry.
type Options struct {
	// Period: "" scores the documents whose period contains each commit's
	// date; "all" every document; else the documents of that period.
	Period string
	// Owner narrows to one owner.
	Owner string
	// Since, when set, leaves out the commits dated (their author day, as
	// each entry's scores are dated) before it: the log starts with a full
	// read of the first commit on or after it and goes on from there, with
	// the same scores as a log of the whole history (okr site draws only
	// the commits of the periods it shows).
	Since model.Date
}

// Entry is one commit of the log.
type Entry struct {
	Commit  string `json:"commit"`
	Short   string `json:"short"`
	Date    string `json:"date"` // author date, RFC 3339
	Author  string `json:"author"`
	Subject string `json:"subject"`
	// Scores maps "<period>/<owner>" to the owner's score as of the
	// commit's date, NaN (null in JSON) where the document's period had not
	// begun.
	Scores Scores `json:"scores"`
}

// Log is the score history.
type Log struct {
	Commits []Entry `json:"commits"`
	// Truncated is true when the history is shallow and the walk stopped
	// at its boundary.
	Truncated bool `json:"truncated"`
	// Head is the repository at the start revision and HeadProblems the
	// problems found loading it (before the semantic checks), so that the
	// caller need not read it again.
	Head         *model.Repo     `json:"-"`
	HeadProblems []model.Problem `json:"-"`
}

// Keys returns every "<period>/<owner>" key of the log, sorted by period
// start (a longer period first: 2026, 2026-H2, 2026-Q3, 2026-Q4), then
// owner.
func (l *Log) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	var last Scores
	for i, e := range l.Commits {
		if i > 0 && sameKeys(e.Scores, last) {
			continue // the keys of the entry before
		}
		last = e.Scores
		for _, k := range e.Scores.Keys {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, compareKeys)
	return keys
}

func compareKeys(a, b string) int {
	pa, oa, _ := strings.Cut(a, "/")
	pb, ob, _ := strings.Cut(b, "/")
	return cmp.Or(comparePeriods(pa, pb), strings.Compare(oa, ob))
}

// comparePeriods orders periods by first day, a longer period before a
// shorter one that starts the same day; invalid periods last, by text. The
// order is the same for every fiscal year start month.
func comparePeriods(a, b string) int {
	pa, ea := model.ParsePeriod(a)
	pb, eb := model.ParsePeriod(b)
	if ea != nil || eb != nil {
		return cmp.Or(cmp.Compare(boolRank(ea != nil), boolRank(eb != nil)), strings.Compare(a, b))
	}
	fa, la := pa.Range(1)
	fb, lb := pb.Range(1)
	return cmp.Or(cmp.Compare(fa, fb), cmp.Compare(lb, la), strings.Compare(a, b))
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Build walks the history from start and returns the log. The state of
// the OKR files is carried from each commit to the next and updated with
// the files the commit changed; each owner document is rescored only when
// its files or measurements changed, or the commit's date crossed one of
// its measurements' dates.
func Build(h *history.Repo, start *object.Commit, opts Options) (*Log, error) {
	return build(h, start, opts)
}
