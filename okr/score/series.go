package score

import "github.com/okr-as-code/okr/okr/model"

// Series returns the measurements of metric whose civil date lies in
// [first, last], in the order scoring reads them (instant, then read
// order): for a key result, with first its period's first day and last
// min(as-of, its last day), these are the measurements that count. They
// point into the indexed repository's Measurements.
func (ix *Index) Series(metric string, first, last model.Date) []*model.Measurement {
	var out []*model.Measurement
	window(ix.series(metric), first, last, func(p *point) {
		out = append(out, &ix.repo.Measurements[p.i])
	})
	return out
}

// Repo returns the indexed repository.
func (ix *Index) Repo() *model.Repo { return ix.repo }
