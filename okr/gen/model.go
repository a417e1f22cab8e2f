package gen

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The model is everything the generator writes, built in memory first so
// that Write and WriteHistory render exactly the same files. It is built in
// slices in a fixed order from PCG streams seeded by Config.Seed; no map is
// ever iterated.

// Random streams, one per part of the model, so that a change to one part
// leaves the others as they were.
const (
	streamKPIs uint64 = 1 + iota
	streamObjectives
	streamMeasurements
	streamHistory
)

const (
	company       = "acme"
	companyKRs    = 3 // key results per company objective
	kpisPerFile   = 20
	yamlKPIEvery  = 10 // every tenth KPI keeps its measurements in YAML
	kpiRowShare   = 2  // KPIs get at most 1/kpiRowShare of the rows
	notesHeader   = "# Notes\n\nHow we run OKRs as code. One line per change to the process.\n\n"
	percentUnit   = "percent"
	maxPercent100 = 100
)

type krKind uint8

const (
	krMetric krKind = iota
	krAtLeast
	krAtMost
	krMilestone
)

var kindNames = [...]string{"metric", "at_least", "at_most", "milestone"}

type cadence uint8

const (
	daily cadence = iota
	weekly
	monthly
	quarterly
)

var cadenceNames = [...]string{"daily", "weekly", "monthly", "quarterly"}

type kpi struct {
	id, name string
	owner    int
	m        *metric
	cadence  cadence
	v0, vEnd int64 // trend at the first and the last day of the year
	target   int64
	warn     int64
	noise    int64
	desc     int // index into descriptions + 1, 0 for none
	inYAML   bool
}

type keyResult struct {
	id        string
	kind      krKind
	m         *metric    // metric, at_least, at_most
	ms        *milestone // milestone
	kpi       int32      // index into model.kpis, -1 for none
	baseline  int64
	commit    int64
	target    int64
	stretch   int64
	hasBase   bool // at_least and at_most may carry a baseline
	hasLevels bool // metric with commit and stretch
	aggregate string
	verb      uint8
	weight    uint8
	owner     string
	// History: a key result whose target is changed during the year starts
	// out with orig and shows it while pending.
	changed bool
	pending bool
	orig    int64
}

type objective struct {
	id, title string
	desc      int // index into descriptions + 1, 0 for none
	committed bool
	alignsTo  string
	weight    uint8
	krs       []keyResult
}

type objDoc struct {
	owner       string
	level       string
	period      string
	path        string
	first, last int // days of the year, inclusive
	objectives  []objective
}

type series struct {
	metric string
	dec    int
	kpi    int32 // index into model.kpis, -1 for a key result
	file   int32
	lo, hi int32 // its rows: model.rowDay[lo:hi] …
}

type mfile struct {
	path   string
	label  string // for commit messages
	yaml   bool
	series []int32
	rows   []int32 // row indexes sorted by day, ties in series order
	csv    []byte  // CSV: the whole file
	ends   []int32 // CSV: ends[k] is the length of the file holding its first k rows
}

type model struct {
	cfg       Config
	jan1      time.Time
	days      int      // days in the year
	dates     []string // YYYY-MM-DD of each day of the year
	qFirst    [4]int
	qLast     [4]int
	owners    []string
	kpis      []kpi
	byOwner   [][]int32 // KPIs of each owner
	docs      []objDoc  // team documents, owner-major, then the company document
	series    []series
	rowDay    []int16
	rowVal    []int64
	rowNote   []uint8 // index into rowNotes + 1, 0 for none
	rowSeries []int32
	files     []mfile
	plan      []plannedCommit
	notes     []string // lines of docs/notes.md after the header, one per docs commit
}

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

func build(cfg Config) (*model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &model{cfg: cfg}
	m.calendar()
	w := max(4, len(strconv.Itoa(cfg.Owners)))
	m.owners = make([]string, cfg.Owners)
	for i := range m.owners {
		m.owners[i] = "team-" + pad(i+1, w)
	}
	m.buildKPIs(newRand(cfg.Seed, streamKPIs))
	m.buildObjectives(newRand(cfg.Seed, streamObjectives))
	m.buildMeasurements(newRand(cfg.Seed, streamMeasurements))
	m.buildFiles()
	m.buildPlan(newRand(cfg.Seed, streamHistory))
	return m, nil
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func (m *model) calendar() {
	y := m.cfg.Year
	m.jan1 = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	m.days = time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
	m.dates = make([]string, m.days)
	for d := range m.dates {
		m.dates[d] = m.jan1.AddDate(0, 0, d).Format(time.DateOnly)
	}
	for q := range 4 {
		m.qFirst[q] = time.Date(y, time.Month(3*q+1), 1, 0, 0, 0, 0, time.UTC).YearDay() - 1
		m.qLast[q] = time.Date(y, time.Month(3*q+4), 0, 0, 0, 0, 0, time.UTC).YearDay() - 1
	}
}

// clamp keeps a value of metric mt non-negative and a percentage at most 100.
func clamp(mt *metric, v int64) int64 {
	if v < 0 {
		return 0
	}
	if mt.unit == percentUnit {
		if top := maxPercent100 * pow10[mt.dec]; v > top {
			return top
		}
	}
	return v
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000}

func (m *model) buildKPIs(r *rand.Rand) {
	n := m.cfg.KPIs
	w := max(4, len(strconv.Itoa(n)))
	m.kpis = make([]kpi, n)
	m.byOwner = make([][]int32, m.cfg.Owners)
	for i := range m.kpis {
		mt := &metrics[r.IntN(len(metrics))]
		owner := int(int64(i) * int64(m.cfg.Owners) / int64(n))
		span := mt.hi - mt.lo
		c := weekly
		switch p := r.IntN(100); {
		case p < 10:
			c = daily
		case p < 60:
			c = weekly
		case p < 90:
			c = monthly
		default:
			c = quarterly
		}
		v0 := mt.lo + span*3/10 + r.Int64N(span*4/10+1)
		vEnd := v0 + mt.dir*(span/20+r.Int64N(span*15/100+1))
		target := clamp(mt, vEnd+mt.dir*max(1, span/20))
		warn := clamp(mt, target-mt.dir*max(1, span/5))
		if warn == target { // a percentage at its cap
			target -= mt.dir
		}
		k := kpi{
			id:      mt.kpiID + "_" + pad(i+1, w),
			name:    mt.name,
			owner:   owner,
			m:       mt,
			cadence: c,
			v0:      v0,
			vEnd:    vEnd,
			target:  target,
			warn:    warn,
			noise:   max(1, span*3/100),
			inYAML:  i%yamlKPIEvery == yamlKPIEvery-1,
		}
		if r.IntN(4) == 0 {
			k.desc = 1 + r.IntN(len(descriptions))
		}
		m.kpis[i] = k
		m.byOwner[owner] = append(m.byOwner[owner], int32(i))
	}
}

// trend is a KPI's expected value on day d, before noise.
func (m *model) trend(k *kpi, d int) int64 {
	return k.v0 + (k.vEnd-k.v0)*int64(d)/int64(m.days-1)
}

var (
	increasing []*metric // templates of at_least key results
	decreasing []*metric // templates of at_most key results
)

func init() {
	for i := range metrics {
		if metrics[i].dir > 0 {
			increasing = append(increasing, &metrics[i])
		} else {
			decreasing = append(decreasing, &metrics[i])
		}
	}
}

func (m *model) buildObjectives(r *rand.Rand) {
	cfg := m.cfg
	m.docs = make([]objDoc, 0, cfg.Owners*cfg.Quarters+1)
	year := strconv.Itoa(cfg.Year)
	perm := make([]int, len(themes))
	for o, owner := range m.owners {
		for q := range cfg.Quarters {
			period := year + "-Q" + strconv.Itoa(q+1)
			d := objDoc{
				owner:  owner,
				level:  "team",
				period: period,
				path:   "teams/" + owner + "/" + period + ".yaml",
				first:  m.qFirst[q],
				last:   m.qLast[q],
			}
			for i := range perm {
				perm[i] = i
			}
			d.objectives = make([]objective, cfg.ObjectivesPer)
			for i := range d.objectives {
				// A partial Fisher–Yates shuffle: distinct themes first.
				k := i % len(themes)
				if k == i {
					j := i + r.IntN(len(themes)-i)
					perm[i], perm[j] = perm[j], perm[i]
				}
				th := themes[perm[k]]
				id, title := th.id, th.title
				if i >= len(themes) {
					round := i / len(themes)
					id += "-" + strconv.Itoa(round+1)
					title += " " + qualifiers[(round-1)%len(qualifiers)]
				}
				ob := objective{id: id, title: title, weight: 1}
				if r.IntN(100) < 80 {
					ob.alignsTo = company + "/" + companyThemes[th.align].id
				}
				m.fillObjective(r, &ob, o, cfg.KeyResultsPer, d.first, d.last, false)
				d.objectives[i] = ob
			}
			m.docs = append(m.docs, d)
		}
	}
	cd := objDoc{
		owner:  company,
		level:  "company",
		period: year,
		path:   "company/" + year + ".yaml",
		first:  0,
		last:   m.days - 1,
	}
	for i, th := range companyThemes {
		ob := objective{id: th.id, title: th.title, weight: 1}
		// The first company key result always has measurements of its own,
		// so that every repository has somewhere to put key result rows.
		m.fillObjective(r, &ob, -1, companyKRs, cd.first, cd.last, i == 0)
		cd.objectives = append(cd.objectives, ob)
	}
	m.docs = append(m.docs, cd)
}

// fillObjective sets an objective's optional fields and key results. owner is
// the team's index, -1 for the company.
func (m *model) fillObjective(r *rand.Rand, ob *objective, owner, n, first, last int, plainFirst bool) {
	if r.IntN(100) < 30 {
		ob.desc = 1 + r.IntN(len(descriptions))
	}
	ob.committed = r.IntN(100) < 25
	if r.IntN(100) < 10 {
		ob.weight = 2
	}
	kinds := make([]krKind, n)
	allMilestones := true
	for i := range kinds {
		switch p := r.IntN(100); {
		case p < 55:
			kinds[i] = krMetric
		case p < 67:
			kinds[i] = krAtLeast
		case p < 77:
			kinds[i] = krAtMost
		default:
			kinds[i] = krMilestone
		}
		allMilestones = allMilestones && kinds[i] == krMilestone
	}
	if allMilestones || plainFirst {
		kinds[0] = krMetric
	}
	ob.krs = make([]keyResult, n)
	for i, kind := range kinds {
		kr := m.newKR(r, kind, owner, first, last, plainFirst && i == 0)
		for _, prev := range ob.krs[:i] {
			if kr.kpi >= 0 && prev.kpi == kr.kpi { // one KPI, two key results: pointless
				kr = m.newKR(r, kind, owner, first, last, true)
				break
			}
		}
		kr.id = uniqueID(ob.krs[:i], kr.id)
		ob.krs[i] = kr
	}
}

func uniqueID(prev []keyResult, id string) string {
	try := id
	for n := 2; ; n++ {
		taken := false
		for i := range prev {
			if prev[i].id == try {
				taken = true
				break
			}
		}
		if !taken {
			return try
		}
		try = id + "-" + strconv.Itoa(n)
	}
}

func (m *model) newKR(r *rand.Rand, kind krKind, owner, first, last int, plain bool) keyResult {
	kr := keyResult{kind: kind, kpi: -1, weight: 1, aggregate: "last", verb: uint8(r.IntN(3))}
	switch kind {
	case krMetric:
		if !plain && len(m.kpis) > 0 && r.IntN(100) < 30 {
			var k int32
			if owner >= 0 && len(m.byOwner[owner]) > 0 && r.IntN(2) == 0 {
				k = m.byOwner[owner][r.IntN(len(m.byOwner[owner]))]
			} else {
				k = int32(r.IntN(len(m.kpis)))
			}
			kp := &m.kpis[k]
			mt := kp.m
			kr.kpi, kr.m, kr.id = k, mt, mt.krID
			kr.baseline = m.trend(kp, first)
			kr.target = clamp(mt, m.trend(kp, last)+mt.dir*max(1, (mt.hi-mt.lo)/20))
			if kr.target == kr.baseline { // a percentage at its cap
				kr.baseline -= mt.dir
			}
			break
		}
		mt := &metrics[r.IntN(len(metrics))]
		span := mt.hi - mt.lo
		kr.m, kr.id = mt, mt.krID
		if mt.dir > 0 {
			kr.baseline = mt.lo + r.Int64N(span-span*45/100+1)
		} else {
			kr.baseline = mt.lo + span*45/100 + r.Int64N(span-span*45/100+1)
		}
		delta := max(1, span*(8+r.Int64N(23))/100)
		kr.target = kr.baseline + mt.dir*delta
		if delta >= 2 && r.IntN(100) < 30 {
			kr.hasLevels = true
			kr.commit = kr.baseline + mt.dir*(delta/2)
			kr.stretch = kr.baseline + mt.dir*(delta+delta/2)
		}
		if r.IntN(100) < 8 {
			kr.aggregate = "mean"
		}
	case krAtLeast:
		mt := increasing[r.IntN(len(increasing))]
		span := mt.hi - mt.lo
		kr.m, kr.id = mt, mt.krID
		kr.target = mt.lo + r.Int64N(span+1)
		if r.IntN(100) < 30 {
			kr.hasBase = true
			kr.baseline = clamp(mt, kr.target-max(1, span/10))
		}
		if r.IntN(100) < 30 {
			kr.aggregate = "min"
		}
	case krAtMost:
		if r.IntN(4) == 0 {
			kr.m, kr.id = &sevOne, sevOne.krID
			kr.target = 1 + r.Int64N(4)
			kr.aggregate = "sum"
			break
		}
		mt := decreasing[r.IntN(len(decreasing))]
		span := mt.hi - mt.lo
		kr.m, kr.id = mt, mt.krID
		kr.target = mt.lo + r.Int64N(span+1)
		if r.IntN(100) < 30 {
			kr.hasBase = true
			kr.baseline = kr.target + max(1, span/10)
		}
		if r.IntN(100) < 30 {
			kr.aggregate = "max"
		}
	case krMilestone:
		ms := &milestones[r.IntN(len(milestones))]
		kr.ms, kr.id = ms, ms.id
	}
	if r.IntN(100) < 10 {
		kr.weight = 2
	}
	if r.IntN(100) < 15 {
		kr.owner = people[r.IntN(len(people))]
	}
	return kr
}

// kpiDays lists the days a KPI of cadence c is measured on, in order, the
// last one close to the end of the year.
func (m *model) kpiDays(c cadence) []int {
	var ds []int
	switch c {
	case daily:
		for d := range m.days {
			ds = append(ds, d)
		}
	case weekly:
		for d := (m.days - 1) % 7; d < m.days; d += 7 {
			ds = append(ds, d)
		}
	case monthly:
		for mo := 1; mo <= 12; mo++ {
			ds = append(ds, time.Date(m.cfg.Year, time.Month(mo), 1, 0, 0, 0, 0, time.UTC).YearDay()-1)
		}
	case quarterly:
		ds = append(ds, m.qFirst[:]...)
	}
	return ds
}

func (m *model) buildMeasurements(r *rand.Rand) {
	total := int64(m.cfg.Measurements)
	m.rowDay = make([]int16, 0, total)
	m.rowVal = make([]int64, 0, total)
	m.rowNote = make([]uint8, 0, total)
	m.rowSeries = make([]int32, 0, total)

	// KPIs first: each gets its cadence's days of the year, or, when that
	// would take more than its share of the rows, the latest of them.
	var cadDays [4][]int
	for c := range cadDays {
		cadDays[c] = m.kpiDays(cadence(c))
	}
	var need int64
	for i := range m.kpis {
		need += int64(len(cadDays[m.kpis[i].cadence]))
	}
	kpiRows := min(need, total/kpiRowShare)
	// Every KPI gets its latest day when there are rows enough; the rest
	// goes in proportion to the days each would want.
	base := int64(0)
	if kpiRows >= int64(len(m.kpis)) {
		base = 1
	}
	spare, spareNeed := kpiRows-base*int64(len(m.kpis)), need-base*int64(len(m.kpis))
	var cum int64
	for i := range m.kpis {
		k := &m.kpis[i]
		ds := cadDays[k.cadence]
		w := int64(len(ds)) - base
		n := int(base) + share(spare, spareNeed, cum, w)
		cum += w
		if n == 0 {
			continue
		}
		s := m.startSeries(k.id, k.m.dec)
		m.series[s].kpi = int32(i)
		for _, d := range ds[len(ds)-n:] {
			v := m.trend(k, d) + r.Int64N(2*k.noise+1) - k.noise
			m.addRow(r, d, clamp(k.m, v))
		}
		m.endSeries(s)
	}

	// Then every key result without a KPI, weighted by type.
	type krRef struct {
		doc, obj, kr int
		weight       int64
	}
	var krs []krRef
	var weights int64
	for di := range m.docs {
		d := &m.docs[di]
		scale := int64(1)
		if d.owner == company {
			scale = 4 // a year of check-ins
		}
		for oi := range d.objectives {
			for ki := range d.objectives[oi].krs {
				kr := &d.objectives[oi].krs[ki]
				if kr.kpi >= 0 {
					continue
				}
				w := int64(2 + r.IntN(3))
				if kr.kind == krMilestone {
					w = int64(1 + r.IntN(2))
				}
				w *= scale
				krs = append(krs, krRef{di, oi, ki, w})
				weights += w
			}
		}
	}
	rest := total - kpiRows
	cum = 0
	for _, ref := range krs {
		n := share(rest, weights, cum, ref.weight)
		cum += ref.weight
		if n == 0 {
			continue
		}
		d := &m.docs[ref.doc]
		ob := &d.objectives[ref.obj]
		kr := &ob.krs[ref.kr]
		dec := 0
		if kr.m != nil {
			dec = kr.m.dec
		}
		s := m.startSeries(d.owner+"/"+ob.id+"/"+kr.id, dec)
		m.krRows(r, kr, d.first, d.last, n)
		m.endSeries(s)
	}
}

// share is the part of total that falls to an item of weight w whose
// predecessors weigh cum, out of all weights: the parts sum to total exactly.
func share(total, all, cum, w int64) int {
	if all == 0 {
		return 0
	}
	return int(total*(cum+w)/all - total*cum/all)
}

func (m *model) startSeries(metric string, dec int) int {
	m.series = append(m.series, series{metric: metric, dec: dec, kpi: -1, lo: int32(len(m.rowDay))})
	return len(m.series) - 1
}

func (m *model) endSeries(s int) { m.series[s].hi = int32(len(m.rowDay)) }

func (m *model) addRow(r *rand.Rand, d int, v int64) {
	var note uint8
	if r.IntN(100) < 3 {
		note = uint8(1 + r.IntN(len(rowNotes)))
	}
	m.rowDay = append(m.rowDay, int16(d))
	m.rowVal = append(m.rowVal, v)
	m.rowNote = append(m.rowNote, note)
	m.rowSeries = append(m.rowSeries, int32(len(m.series)-1))
}

// krRows adds n measurements of a key result, spread over its period.
func (m *model) krRows(r *rand.Rand, kr *keyResult, first, last, n int) {
	span := int64(last - first + 1)
	day := func(i int) int { return first + int((2*int64(i)+1)*span/(2*int64(n))) }
	switch kr.kind {
	case krMetric:
		reach := kr.target
		if kr.hasLevels {
			reach = kr.stretch
		}
		delta := reach - kr.baseline
		got := int64(r.IntN(136)) - 10 // percent of the way, -10 … 125
		noise := max(1, abs(delta)/20)
		for i := range n {
			v := kr.baseline + delta*got*int64(i+1)/(100*int64(n)) + r.Int64N(2*noise+1) - noise
			m.addRow(r, day(i), clamp(kr.m, v))
		}
	case krAtLeast, krAtMost:
		if kr.m.sum {
			for i := range n {
				v := int64(0)
				if p := r.IntN(100); p < 3 {
					v = 2
				} else if p < 20 {
					v = 1
				}
				m.addRow(r, day(i), v)
			}
			return
		}
		spread := max(1, (kr.m.hi-kr.m.lo)/20)
		for i := range n {
			v := kr.target + r.Int64N(3*spread+1) - spread
			if kr.kind == krAtMost {
				v = kr.target - r.Int64N(3*spread+1) + spread
			}
			m.addRow(r, day(i), clamp(kr.m, v))
		}
	case krMilestone:
		doneAt := n
		if r.IntN(100) < 55 {
			doneAt = n - 1 - r.IntN(n/3+1)
		}
		for i := range n {
			v := int64(0)
			if i >= doneAt {
				v = 1
			}
			m.addRow(r, day(i), v)
		}
	}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// buildFiles assigns every series to its measurement file: a team's key
// results and KPIs to measurements/<owner>.csv, the company's key results to
// measurements/acme.yaml, every tenth KPI to measurements/kpis/<id>.yaml.
func (m *model) buildFiles() {
	index := make(map[string]int32) // lookup only; the order comes from sorting
	for si := range m.series {
		s := &m.series[si]
		var path, label string
		yaml := false
		switch {
		case strings.HasPrefix(s.metric, company+"/"):
			path, label, yaml = "measurements/"+company+".yaml", company, true
		case s.kpi >= 0:
			k := &m.kpis[s.kpi]
			if k.inYAML {
				path, label, yaml = "measurements/kpis/"+k.id+".yaml", k.id, true
			} else {
				label = m.owners[k.owner]
				path = "measurements/" + label + ".csv"
			}
		default:
			label, _, _ = strings.Cut(s.metric, "/")
			path = "measurements/" + label + ".csv"
		}
		fi, ok := index[path]
		if !ok {
			fi = int32(len(m.files))
			index[path] = fi
			m.files = append(m.files, mfile{path: path, label: label, yaml: yaml})
		}
		s.file = fi
		m.files[fi].series = append(m.files[fi].series, int32(si))
	}
	slices.SortFunc(m.files, func(a, b mfile) int { return strings.Compare(a.path, b.path) })
	for fi := range m.files {
		f := &m.files[fi]
		n := 0
		for _, si := range f.series {
			m.series[si].file = int32(fi)
			n += int(m.series[si].hi - m.series[si].lo)
		}
		f.rows = make([]int32, 0, n)
		for _, si := range f.series {
			for row := m.series[si].lo; row < m.series[si].hi; row++ {
				f.rows = append(f.rows, row)
			}
		}
		slices.SortStableFunc(f.rows, func(a, b int32) int { return int(m.rowDay[a]) - int(m.rowDay[b]) })
		if !f.yaml {
			m.renderCSV(f)
		}
	}
}
