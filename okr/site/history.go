package site

import (
	"github.com/okr-as-code/okr/okr/model"
	"github.com/okr-as-code/okr/okr/render"
	"github.com/okr-as-code/okr/okr/scorelog"
)

// histPoint is an owner's score after one commit.
type histPoint struct {
	Commit, Short, Author, Subject string
	Date                           string // the author date, RFC 3339
	Day                            model.Date
	Score                          float64
}

// ownerSeries returns, for each owner of the site, its score after each
// commit of the log dated within its period and up to asOf, oldest first,
// keeping only the commits that changed it (and the first).
func ownerSeries(l *scorelog.Log, owners []ownerView, asOf model.Date) map[string][]histPoint {
	out := map[string][]histPoint{}
	type want struct {
		key         string
		first, last model.Date
	}
	var wants []want
	seen := map[string]bool{}
	for _, o := range owners {
		if !seen[o.Key] {
			seen[o.Key] = true
			wants = append(wants, want{o.Key, o.first, min(o.last, asOf)})
		}
	}
	keys := make([]string, len(wants))
	for j, w := range wants {
		keys[j] = w.key
	}
	find := scorelog.NewFinder(keys)
	for i := len(l.Commits) - 1; i >= 0; i-- {
		e := &l.Commits[i]
		if len(e.Date) < 10 {
			continue
		}
		day, err := model.ParseDate(e.Date[:10]) // the day in the commit's own time zone
		if err != nil {
			continue
		}
		idx := find.Indexes(e.Scores)
		for j, w := range wants {
			if idx[j] < 0 || day < w.first || day > w.last {
				continue
			}
			v := e.Scores.Value(idx[j])
			pts := out[w.key]
			if n := len(pts); n > 0 && pts[n-1].Score == v {
				continue
			}
			out[w.key] = append(pts, histPoint{Commit: e.Commit, Short: e.Short, Author: render.Text(e.Author), Subject: render.Text(e.Subject),
				Date: e.Date, Day: day, Score: v})
		}
	}
	return out
}
