package model

import (
	"math"
	"time"
)

// APIVersion is the only supported apiVersion of an OKR document.
const APIVersion = "okr/v1"

// Kinds of OKR documents.
const (
	KindObjectives   = "Objectives"
	KindKPI          = "KPI"
	KindMeasurements = "Measurements"
	KindPeople       = "People"
)

// Objective and key result types, aggregates, directions.
const (
	Aspirational = "aspirational"
	Committed    = "committed"

	Metric    = "metric"
	AtLeast   = "at_least"
	AtMost    = "at_most"
	Milestone = "milestone"

	Last = "last"
	Sum  = "sum"
	Max  = "max"
	Min  = "min"
	Mean = "mean"

	Increase = "increase"
	Decrease = "decrease"
)

// Num is an optional number.
type Num struct {
	V   float64
	Set bool
}

// Some returns a set Num.
func Some(v float64) Num { return Num{V: v, Set: true} }

// Finite reports whether n is unset or a finite number.
func (n Num) Finite() bool { return !n.Set || !(math.IsInf(n.V, 0) || math.IsNaN(n.V)) }

// Fields records where each key of a YAML mapping was written, in order:
// the file once, and the line and column of each key's value. (Compact,
// since a repository has a million fields.)
type Fields struct {
	File string
	List []Field
}

// Field is one key of a mapping and the position of its value in the file
// of its Fields. (The position of the key itself is not kept: nothing
// used it.)
type Field struct {
	Key          string
	Line, Column int32
}

// Get returns the position of key's value and whether the key was present.
func (fs Fields) Get(key string) (Pos, bool) {
	for _, f := range fs.List {
		if f.Key == key {
			return Pos{File: fs.File, Line: int(f.Line), Column: int(f.Column)}, true
		}
	}
	return Pos{}, false
}

// At returns the position of key's value, or def when the key is absent.
func (fs Fields) At(key string, def Pos) Pos {
	if p, ok := fs.Get(key); ok {
		return p
	}
	return def
}

// Config is the repository configuration, okr.yaml.
type Config struct {
	File                 string // "" when there is no okr.yaml
	Organization         string
	FiscalYearStartMonth int
	Green, Yellow        float64
	Ignore               []string
	CheckinCadence       string // how often key results get a check-in (SPEC §1); default weekly
	Fields               Fields
}

// DefaultConfig returns the configuration used without okr.yaml.
func DefaultConfig() Config {
	return Config{FiscalYearStartMonth: 1, Green: 0.7, Yellow: 0.4, Ignore: []string{}, CheckinCadence: "weekly"}
}

// Objectives is one Objectives document: an owner's goals for a period.
type Objectives struct {
	Pos        Pos // the document's first line
	Doc        int // index of the document within its file, 0-based
	Owner      string
	Level      string // company | department | team | individual
	PeriodText string
	Period     Period // zero when PeriodText is invalid
	Objectives []*Objective
	Fields     Fields
}

// Objective is one objective with its key results.
type Objective struct {
	Pos         Pos
	ID          string
	Ref         string // owner/id
	Title       string
	Description string
	Type        string // aspirational | committed
	AlignsTo    string
	Weight      float64
	KeyResults  []*KeyResult
	Fields      Fields
	Parent      *Objectives
}

// KeyResult is one key result.
type KeyResult struct {
	Pos       Pos
	ID        string
	Ref       string // owner/objective/id
	Title     string
	Type      string // metric | at_least | at_most | milestone
	KPI       string
	Baseline  Num
	Commit    Num
	Target    Num
	Stretch   Num
	Unit      string
	Aggregate string
	Weight    float64
	Owner     string // the person who checks in; "" when none
	Cadence   string // its check-in cadence as written; "" when none
	Fields    Fields
	Parent    *Objective
}

// Metric returns the metric whose measurements count for the key result:
// its KPI when it has one, else its own ref.
func (kr *KeyResult) Metric() string {
	if kr.KPI != "" {
		return kr.KPI
	}
	return kr.Ref
}

// KPI is one KPI definition.
type KPI struct {
	Pos         Pos
	ID          string
	Name        string
	Owner       string
	Unit        string
	Direction   string
	Target      Num
	Warn        Num
	Cadence     string
	Category    string
	Indicator   string
	Description string
	Fields      Fields
}

// Cadences are the cadence words, shortest first.
var Cadences = []string{"daily", "weekly", "biweekly", "monthly", "quarterly"}

// CadenceDays returns the expected measurement interval of a cadence, or 0
// for an unknown one.
func CadenceDays(cadence string) int {
	switch cadence {
	case "daily":
		return 1
	case "weekly":
		return 7
	case "biweekly":
		return 14
	case "monthly":
		return 31
	case "quarterly":
		return 92
	}
	return 0
}

// Measurement is one recorded value of a metric.
type Measurement struct {
	Pos    Pos
	Metric string
	AtText string    // the at as written when it is a timestamp; "" for a plain date
	At     time.Time // the instant; midnight UTC for a plain date
	Value  float64
	Note   string
	Day    Date // the civil date as written
	// Confidence is how likely the owner thinks the key result is to reach
	// its target, 0..10 (SPEC §1); HasConfidence is false when absent.
	// (Day and these share a word: a repository holds a million
	// measurements.)
	Confidence    int8
	HasConfidence bool
	Seq           int // read order across the repository
}

// ConfidenceWord names the band of a confidence: low 0–3, medium 4–6,
// high 7–10.
func ConfidenceWord(c int) string {
	switch {
	case c <= 3:
		return "low"
	case c <= 6:
		return "medium"
	}
	return "high"
}

// AtString returns the measurement's at as written: its timestamp, or
// its date.
func (m *Measurement) AtString() string {
	if m.AtText != "" {
		return m.AtText
	}
	return m.Day.String()
}

// Person is one person of a People document (SPEC §5): who an owner id
// is, so that a message can name and mention them.
type Person struct {
	Pos    Pos
	ID     string
	Name   string
	Email  string
	Slack  string // Slack member id, for mentions; "" when none
	Teams  string // Microsoft Teams user (UPN or Entra object id); "" when none
	Team   string // an owner id; "" when none
	Fields Fields
}

// MeasurementDoc is a Measurements document of a YAML file: its metric
// and its file.
type MeasurementDoc struct {
	Metric, File string
}

// Repo is everything loaded from an OKR repository.
type Repo struct {
	Config       Config
	Objectives   []*Objectives // path order, then document order
	KPIs         []*KPI
	Measurements []Measurement // read order
	Files        []string      // the OKR files read, in path order
	// People are the people of every People document, in path order,
	// then document order (SPEC §5); HasPeople says whether the
	// repository has a People document at all (one may list no one
	// readable).
	People    []*Person
	HasPeople bool
	// MeasurementDocs are the YAML Measurements documents (apiVersion
	// okr/v1, with a metric), in path order, then document order, those
	// with no values yet included: where okr record finds the file that
	// holds a metric without reading the files again.
	MeasurementDocs []MeasurementDoc
	// UnreadOwners and UnreadKPIs are the owners and KPI ids that OKR
	// files which do not parse would define, as far as their text shows
	// (a top-level owner: or id: line). The checks do not report
	// measurements and references naming them as unknown as well
	// (SPEC §1: one mistake gives one error).
	UnreadOwners []string
	UnreadKPIs   []string
}
