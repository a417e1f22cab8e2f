package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/okr-as-code/okr/okr/model"
)

// RuleSameDay is the rule of a metric that is not additive and has
// different values at one at (SPEC §6 "One value per day").
const RuleSameDay = "same-day"

// maxSameDay bounds the same-day warnings of one file, and maxListed the
// measurements one of them lists (a hostile or generated file may hold
// thousands at one at).
const (
	maxSameDay = 100
	maxListed  = 20
)

// sameDay warns where a metric that no key result reads with aggregate:
// sum has different values at one at (dates of one day, or timestamps of
// one instant), naming each one's file and line and the one that counts,
// the one read last. Most series are recorded in order: a first pass finds
// the metrics whose ats ever fail to increase, and only their
// measurements are sorted and compared.
func sameDay(repo *model.Repo) []model.Problem {
	type series struct {
		last    model.AtKey
		seen    bool
		suspect bool
	}
	n := len(repo.KPIs)
	for _, d := range repo.Objectives {
		for _, o := range d.Objectives {
			n += len(o.KeyResults)
		}
	}
	byMetric := make(map[string]int32, n)
	all := make([]series, 0, n)
	// Rows of a file share their metric's string (the loader interns
	// them): a few recent metrics, by the address of their text, spare
	// most lookups by name.
	var recent [256]struct {
		p *byte
		n int
		i int32
	}
	idOf := func(m *model.Measurement) int32 {
		p := unsafe.StringData(m.Metric)
		slot := &recent[(uintptr(unsafe.Pointer(p))>>4^uintptr(unsafe.Pointer(p))>>12)&255]
		if slot.p == p && slot.n == len(m.Metric) && p != nil {
			return slot.i
		}
		id, ok := byMetric[m.Metric]
		if !ok {
			id = int32(len(all))
			byMetric[m.Metric] = id
			all = append(all, series{})
		}
		slot.p, slot.n, slot.i = p, len(m.Metric), id
		return id
	}
	anySuspect := false
	for i := range repo.Measurements {
		m := &repo.Measurements[i]
		s := &all[idOf(m)]
		k := m.Key()
		if s.seen && compareKeys(k, s.last) <= 0 {
			s.suspect, anySuspect = true, true
		}
		s.last, s.seen = k, true
	}
	if !anySuspect {
		return nil
	}
	for metric := range model.AdditiveMetrics(repo) {
		if id, ok := byMetric[metric]; ok {
			all[id].suspect = false
		}
	}
	// The measurements of the metrics whose ats did not always increase.
	idx := map[int32][]int32{}
	for i := range repo.Measurements {
		if id := idOf(&repo.Measurements[i]); all[id].suspect {
			idx[id] = append(idx[id], int32(i))
		}
	}
	var groups [][]int32
	for _, idx := range idx {
		if len(idx) < 2 {
			continue
		}
		ms := repo.Measurements
		slices.SortStableFunc(idx, func(a, b int32) int { return compareKeys(ms[a].Key(), ms[b].Key()) })
		for i := 0; i < len(idx); {
			j := i + 1
			for j < len(idx) && ms[idx[j]].Key() == ms[idx[i]].Key() {
				j++
			}
			run := idx[i:j]
			for _, x := range run[1:] {
				if ms[x].Value != ms[run[0]].Value {
					groups = append(groups, run)
					break
				}
			}
			i = j
		}
	}
	// In read order of their first measurement, so that the output does
	// not depend on the map's order.
	slices.SortFunc(groups, func(a, b []int32) int { return cmp.Compare(a[0], b[0]) })
	var probs []model.Problem
	perFile := map[string]int{}
	for _, g := range groups {
		ms := repo.Measurements
		first := ms[g[0]]
		perFile[first.Pos.File]++
		if n := perFile[first.Pos.File]; n > maxSameDay {
			continue
		}
		var where []string
		for i, x := range g {
			if i == maxListed && len(g) > maxListed+1 {
				where = append(where, fmt.Sprintf("and %d more", len(g)-maxListed))
				break
			}
			where = append(where, fmt.Sprintf("%s at %s:%d", strconv.FormatFloat(ms[x].Value, 'g', -1, 64), ms[x].Pos.File, ms[x].Pos.Line))
		}
		last := ms[g[len(g)-1]]
		probs = append(probs, model.Warnf(first.Pos, RuleSameDay,
			"%s has %d values at %s (%s); only the one read last counts (%s:%d): keep one value per day and delete the others, or give each a time if they are of different moments",
			first.Metric, len(g), first.AtString(), strings.Join(where, ", "), last.Pos.File, last.Pos.Line))
	}
	for file, n := range perFile {
		if n > maxSameDay {
			probs = append(probs, model.Warnf(model.Pos{File: file, Line: 1, Column: 1}, RuleSameDay,
				"%d more metrics have several values at one at in this file (only the first %d are listed)", n-maxSameDay, maxSameDay))
		}
	}
	return probs
}

// compareKeys orders ats: dates before timestamps, then by day or instant.
func compareKeys(a, b model.AtKey) int {
	if a.Stamp != b.Stamp {
		if a.Stamp {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Nanos, b.Nanos))
}
