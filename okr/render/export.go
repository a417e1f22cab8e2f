package render

import (
	"encoding/csv"
	"io"
	"slices"

	"github.com/okr-as-code/okr/okr/sheet"
)

// ExportFormats are the formats of `okr export`; the first is the default.
var ExportFormats = []string{"xlsx", "csv"}

// Export writes the goal definitions in the layout okr import reads
// (SPEC §7): xlsx (the default when format is ""), with the sheets Goals
// and KPIs, or csv, the Goals sheet alone. With lists, the workbook's
// columns of fixed words get drop-down lists (okr export --template).
func Export(w io.Writer, format string, ex *sheet.Export, lists bool) error {
	switch format {
	case "xlsx", "":
		goals := sheet.Table{Name: "Goals", Header: sheet.GoalsColumns, Rows: func(yield func([]sheet.Cell) bool) {
			for _, g := range ex.Goals {
				if !yield(goalCells(g)) {
					return
				}
			}
		}}
		kpis := sheet.Table{Name: "KPIs", Header: sheet.KPIColumns, Rows: func(yield func([]sheet.Cell) bool) {
			for _, k := range ex.KPIs {
				row := []sheet.Cell{
					xlsxText(k.ID), xlsxText(k.Name), xlsxText(k.Owner), xlsxText(k.Unit), xlsxText(k.Direction),
					xNum(k.Target), xNum(k.Warn), xlsxText(k.Cadence), xlsxText(k.Category),
					xlsxText(k.Indicator), xlsxText(k.Description),
				}
				if !yield(row) {
					return
				}
			}
		}}
		if lists {
			goals.Lists = columnLists(sheet.GoalsColumns, sheet.GoalsLists)
			kpis.Lists = columnLists(sheet.KPIColumns, sheet.KPILists)
		}
		return sheet.Write(w, xlsxTime(ex.AsOf), goals, kpis)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(sheet.GoalsColumns); err != nil {
			return err
		}
		for _, g := range ex.Goals {
			cells := goalCells(g)
			rec := make([]string, len(cells))
			for i, c := range cells {
				switch c.Kind {
				case sheet.Text:
					rec[i] = CSV(c.Str) // Text is idempotent: CSV(Cell(s)) is CSV(s)
				case sheet.Date, sheet.DateTime:
					rec[i] = CSV(c.Str) // as written: 2026-11-02, or a timestamp
				case sheet.Empty:
				default:
					rec[i] = Num(c.Num)
				}
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	return UnknownFormat(format, ExportFormats)
}

// goalCells is a Goals row, its text through Cell.
func goalCells(g sheet.Goal) []sheet.Cell {
	return []sheet.Cell{
		xlsxText(g.Owner), xlsxText(g.Period), xlsxText(g.Level), xlsxText(g.Objective), xlsxText(g.ObjectiveTitle),
		xlsxText(g.ObjectiveType), xlsxText(g.AlignsTo), xScalar(g.ObjectiveWeight),
		xlsxText(g.KeyResult), xlsxText(g.Title), xlsxText(g.Type), xlsxText(g.KPI),
		xNum(g.Baseline), xNum(g.Commit), xNum(g.Target), xNum(g.Stretch),
		xlsxText(g.Unit), xlsxText(g.Aggregate), xScalar(g.Weight), xlsxText(g.KROwner), xlsxText(g.Cadence),
		xNum(g.Current), currentAt(g.CurrentAt),
	}
}

// currentAt is a date cell for a date; a timestamp stays text, with its
// offset, which a date-time cell would lose (okr import reads both).
func currentAt(at *string) sheet.Cell {
	if at != nil && len(*at) > len("2026-11-02") {
		return xlsxText(*at)
	}
	return sheet.OptWhen(at)
}

// columnLists maps each listed column's name to its index.
func columnLists(header []string, lists map[string][]string) map[int][]string {
	out := map[int][]string{}
	for name, words := range lists {
		if i := slices.Index(header, name); i >= 0 {
			out[i] = words
		}
	}
	return out
}
