package scorelog

import "slices"

// Columns places the scores of a log's entries in the columns of a table
// with a column per key of the log (its Keys, in that order). Consecutive
// entries mostly score the same keys: Columns remembers the placement of
// the last entry's, so that a long log is placed at the cost of the entries
// whose keys change.
type Columns struct {
	// Keys are the columns: the log's Keys.
	Keys []string

	index map[string]int // key -> column
	last  Scores         // the entry the fields below are for
	col   []int          // col[j]: the column of last.Keys[j]
	order []int          // the indices j by column
	init  bool
}

// Columns returns the placement of l's scores in the columns of its keys.
func (l *Log) Columns() *Columns {
	keys := l.Keys()
	c := &Columns{Keys: keys, index: make(map[string]int, len(keys))}
	for i, k := range keys {
		c.index[k] = i
	}
	return c
}

// Place returns the indices j of s's scores in column order, and col, where
// col[j] is the column of s.Keys[j]. s must be the scores of an entry of
// the log; both slices hold until the next call, and must not be modified.
func (c *Columns) Place(s Scores) (order, col []int) {
	if c.init && sameKeys(s, c.last) {
		return c.order, c.col
	}
	c.init, c.last = true, s
	c.col, c.order = c.col[:0], c.order[:0]
	for j, k := range s.Keys {
		c.col = append(c.col, c.index[k])
		c.order = append(c.order, j)
	}
	slices.SortFunc(c.order, func(a, b int) int { return c.col[a] - c.col[b] })
	return c.order, c.col
}

// Finder finds given keys among the scores of a log's entries. Like
// Columns, it remembers what it found for the last entry's keys, which
// the next entries mostly share.
type Finder struct {
	keys []string
	last Scores
	idx  []int
	init bool
}

// NewFinder returns a Finder of keys.
func NewFinder(keys []string) *Finder {
	return &Finder{keys: keys, idx: make([]int, len(keys))}
}

// Indexes returns, for each of the Finder's keys, the index of its score
// in s (for s.Value), or -1 when s has none. The slice holds until the
// next call, and must not be modified.
func (f *Finder) Indexes(s Scores) []int {
	if f.init && sameKeys(s, f.last) {
		return f.idx
	}
	f.init, f.last = true, s
	pos := make(map[string]int, len(s.Keys))
	for j, k := range s.Keys {
		pos[k] = j
	}
	for i, k := range f.keys {
		if p, ok := pos[k]; ok {
			f.idx[i] = p
		} else {
			f.idx[i] = -1
		}
	}
	return f.idx
}
