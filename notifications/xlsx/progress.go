package xlsx

import (
	"cmp"
	"fmt"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
)

// progressTop is the first row of 创建进度's table: the rows above it are
// the chart's, so that the chart is the first thing in view when the sheet
// opens and does not cover the figures.
const progressTop = 20

// progressCols are the columns of 创建进度's table; the chart reads A
// (regions), D and F (the two levels' rates) and G (the target).
var progressCols = []column{{"region", 16}, {"progress.communities", 12}, {"progress.titled_city", 14},
	{"progress.rate_city", 12}, {"progress.titled_province", 14}, {"progress.rate_province", 12},
	{"progress.target", 10}, {"progress.to_target", 14}}

// progress writes 创建进度: a native column chart of each region's rate at
// both title levels against the target line, anchored at A1, and below it
// the figures: the as-of day, then one row per region (a province's
// cities, a city's counties) and the scope's total. A scope with no
// regions still gets its chart, empty but titled. The sheet is small, so
// it is written cell by cell rather than streamed, which leaves the chart
// free to sit above the table.
func (b *book) progress() error {
	p := b.r.Progress
	name := b.t("sheet.progress")
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	for i, c := range progressCols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := b.f.SetColWidth(name, col, col, c.width); err != nil {
			return err
		}
	}
	var city, prov domain.ReportProgressLevel
	for _, l := range p.Levels {
		if l.Level == domain.LevelProvince {
			prov = l
		} else {
			city = l
		}
	}
	provOf := map[string]domain.ProgressCount{}
	for _, g := range prov.Regions {
		provOf[g.Code] = g.ProgressCount
	}
	put := func(row int, cells ...excelize.Cell) error {
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := b.f.SetCellValue(name, ref, c.Value); err != nil {
				return err
			}
			if err := b.f.SetCellStyle(name, ref, ref, c.StyleID); err != nil {
				return err
			}
		}
		return nil
	}
	line := func(label string, c, pc domain.ProgressCount) []excelize.Cell {
		toGo := b.noData()
		if c.Communities > 0 {
			toGo = b.num(c.ToTarget(p.Target))
		}
		return []excelize.Cell{b.text(label), b.num(c.Communities), b.num(c.Titled), b.progressRate(c),
			b.num(pc.Titled), b.progressRate(pc), b.share(p.Target), toGo}
	}
	row := progressTop - 1
	if err := put(row, b.text(b.t("progress.as_of")), b.date(p.AsOf)); err != nil {
		return err
	}
	row++
	header := make([]excelize.Cell, len(progressCols))
	for i, c := range progressCols {
		header[i] = excelize.Cell{StyleID: b.st.header, Value: b.t(c.key)}
	}
	if err := put(row, header...); err != nil {
		return err
	}
	first := row + 1
	for _, g := range city.Regions {
		row++
		zh, en := domain.RegionNames(g.Code)
		if err := put(row, line(pick(b.en, cmp.Or(zh, g.Code), en), g.ProgressCount, provOf[g.Code])...); err != nil {
			return err
		}
	}
	n := row - first + 1
	if err := put(row+1, line(b.t("all"), city.Total, prov.Total)...); err != nil {
		return err
	}
	return b.progressChart(name, first, n)
}

// progressChart anchors at A1 of sheet the column chart of rows first to
// first+n−1 of the progress table, with the target as a line across it.
func (b *book) progressChart(sheet string, first, n int) error {
	ref := func(col string) string {
		if n == 0 { // an empty range past the table: the chart draws nothing
			return fmt.Sprintf("'%s'!$Z$1:$Z$1", sheet)
		}
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, first, col, first+n-1)
	}
	header := func(col string) string { return fmt.Sprintf("'%s'!$%s$%d", sheet, col, first-1) }
	lo, hi := 0.0, 1.0
	none := excelize.ChartMarker{Symbol: "none"}
	title := fmt.Sprintf(b.t("progress.chart"), b.r.Progress.AsOf)
	return b.f.AddChart(sheet, "A1", &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: header("D"), Categories: ref("A"), Values: ref("D")},
			{Name: header("F"), Categories: ref("A"), Values: ref("F")},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		YAxis:     excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		Dimension: excelize.ChartDimension{Width: 760, Height: 360},
	}, &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{Name: header("G"), Categories: ref("A"), Values: ref("G"), Marker: none,
			Line: excelize.LineOptions{Width: 2}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C62828"}}}},
	})
}

// progressRate writes a region's rate, or no data when it has no
// communities (never 0%).
func (b *book) progressRate(c domain.ProgressCount) excelize.Cell {
	if c.Communities == 0 {
		return b.noData()
	}
	return b.share(c.Rate())
}
