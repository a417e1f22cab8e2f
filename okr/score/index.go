package score

import (
	"cmp"
	"slices"

	"github.com/okr-as-code/okr/okr/model"
)

// slack is how many days an instant may lie from the civil date it was
// written on. A timestamp's offset is at most a day or so, so a measurement
// whose Day is d has its instant in (d-2, d+3) days of UTC; three days either
// side is a safe margin. The index is sorted by instant, so a window of days
// is found by binary search on the widened range and then filtered by Day.
const slack = 3

const secondsPerDay = 86400

// point is one measurement in the index: its instant, civil date, read order
// and value.
type point struct {
	sec   int64 // At, Unix seconds
	nsec  int32 // At, nanoseconds within the second
	day   model.Date
	seq   int
	value float64
	i     int32 // index in Repo.Measurements
	conf  int8  // the measurement's confidence, -1 when it has none
}

func comparePoints(a, b point) int {
	return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec), cmp.Compare(a.seq, b.seq))
}

// Index holds a repository's measurements grouped by metric, each metric's
// series sorted by (instant, Seq): ties are broken by read order. Build it
// once with NewIndex and score from it as many times as needed; it is not
// modified by scoring and is safe for concurrent use.
type Index struct {
	repo   *model.Repo
	metric map[string]int32 // metric → series number
	start  []int32          // series k is pts[start[k]:start[k+1]]
	pts    []point
	// Reindex's scratch, kept for the next call.
	ids, counts, next []int32
}

// NewIndex indexes the measurements of repo in O(n) plus the cost of
// sorting each metric's series (usually already in order, which is checked
// in linear time). The repository must not be modified while the index is
// in use.
func NewIndex(repo *model.Repo) *Index {
	ix := &Index{}
	ix.Reindex(repo)
	return ix
}

// Reindex makes ix the index of repo, as NewIndex would, reusing its
// memory: for a caller that indexes many small repositories one after the
// other (okr log scores each document alone). ix must not be in use.
func (ix *Index) Reindex(repo *model.Repo) {
	ms := repo.Measurements
	ix.repo = repo
	if ix.metric == nil {
		ix.metric = make(map[string]int32)
	} else {
		clear(ix.metric)
	}
	ids := slices.Grow(ix.ids[:0], len(ms))[:len(ms)]
	counts := ix.counts[:0]
	prev, prevID := "", int32(-1)
	for i := range ms {
		name := ms[i].Metric
		if prevID < 0 || name != prev {
			id, ok := ix.metric[name]
			if !ok {
				id = int32(len(counts))
				ix.metric[name] = id
				counts = append(counts, 0)
			}
			prev, prevID = name, id
		}
		ids[i] = prevID
		counts[prevID]++
	}
	ix.start = slices.Grow(ix.start[:0], len(counts)+1)[:len(counts)+1]
	ix.start[0] = 0
	for k, c := range counts {
		ix.start[k+1] = ix.start[k] + c
	}
	next := append(ix.next[:0], ix.start[:len(counts)]...)
	ix.pts = slices.Grow(ix.pts[:0], len(ms))[:len(ms)]
	for i := range ms {
		m := &ms[i]
		k := ids[i]
		conf := int8(-1)
		if m.HasConfidence {
			conf = m.Confidence
		}
		ix.pts[next[k]] = point{
			sec:   m.At.Unix(),
			nsec:  int32(m.At.Nanosecond()),
			day:   m.Day,
			seq:   m.Seq,
			value: m.Value,
			i:     int32(i),
			conf:  conf,
		}
		next[k]++
	}
	for k := range counts {
		s := ix.pts[ix.start[k]:ix.start[k+1]]
		if !slices.IsSortedFunc(s, comparePoints) {
			// Stable, so equal (At, Seq) keep read order.
			slices.SortStableFunc(s, comparePoints)
		}
	}
	ix.ids, ix.counts, ix.next = ids, counts, next
}

// series returns the measurements of one metric, sorted.
func (ix *Index) series(metric string) []point {
	k, ok := ix.metric[metric]
	if !ok {
		return nil
	}
	return ix.pts[ix.start[k]:ix.start[k+1]]
}

// lowerBound returns the first index of s whose instant is at or after
// midnight UTC of day d.
func lowerBound(s []point, d model.Date) int {
	sec := int64(d) * secondsPerDay
	i, _ := slices.BinarySearchFunc(s, sec, func(p point, sec int64) int {
		return cmp.Compare(p.sec, sec)
	})
	return i
}

// window calls fn for each point of s whose Day lies in [first, last], in
// index order (instant, then Seq).
func window(s []point, first, last model.Date, fn func(p *point)) {
	if first > last || len(s) == 0 {
		return
	}
	end := int64(last+slack+1) * secondsPerDay
	for i := lowerBound(s, first-slack); i < len(s) && s[i].sec < end; i++ {
		if p := &s[i]; p.day >= first && p.day <= last {
			fn(p)
		}
	}
}
