// Package svgchart draws small charts as inline SVG on the server, for
// pages that run no JavaScript: a line over time and horizontal bars, each
// with an optional target line.
//
// Invariants, and why they hold here:
//   - Every text a caller passes (titles, labels, notes) is escaped here,
//     so a community or city name can never become markup.
//   - A chart is accessible: the <svg> has role="img" and is labelled by
//     its <title> and <desc>, which callers fill with words, not numbers
//     alone.
//   - A chart scales to its container: a viewBox and width="100%", no
//     fixed pixel size, so it works at phone width.
//   - Only presentation attributes style it (no style attribute or
//     element), so the pages' Content-Security-Policy, which allows no
//     inline style, does not blank it.
//   - Text uses a font stack that has Chinese glyphs on every common
//     system.
//   - An empty series still draws its frame, title and a "no data" label.
package svgchart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// FontFamily is the font stack of every text element: common CJK system
// fonts first, then the generic family.
const FontFamily = `"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif`

// Colours of the charts, from the pages' palette.
const (
	colourInk    = "#1f2933"
	colourMuted  = "#5f6b7a"
	colourGrid   = "#e6e9ee"
	colourSeries = "#2f6f4f"
	colourTarget = "#b4441f"
	colourBack   = "#f4f6f8"
)

// Point is one value of a line, with the label of its x position.
type Point struct {
	Label string
	Value float64
}

// Line is a line chart: values over evenly spaced x positions, from 0 to
// Max on the y axis.
type Line struct {
	ID          string // prefix of the ids of its title and desc; unique on the page
	Title, Desc string
	Points      []Point
	Max         float64 // the y axis' top; 1 when not positive
	Target      float64 // a dashed line at this value when positive
	TargetLabel string
	Empty       string               // the label of an empty chart
	Format      func(float64) string // y axis labels; Percent when nil
	Width       int                  // viewBox width, 640 when 0
	Height      int                  // viewBox height, 280 when 0
}

// Bar is one bar: its label on the left, its value as the bar's length and
// a note after it.
type Bar struct {
	Label string
	Value float64
	Note  string
}

// Bars is a horizontal bar chart, one row per bar, from 0 to Max.
type Bars struct {
	ID          string
	Title, Desc string
	Bars        []Bar
	Max         float64 // the scale's end; 1 when not positive
	Target      float64 // a dashed vertical line at this value when positive
	TargetLabel string
	Empty       string
	Format      func(float64) string // scale labels; Percent when nil
	Width       int                  // viewBox width, 640 when 0
}

// Percent formats a fraction as a whole percentage ("45%").
func Percent(v float64) string { return strconv.FormatFloat(math.Round(v*100), 'f', 0, 64) + "%" }

// Geometry of the charts, in viewBox units.
const (
	titleBand  = 30  // the heading's height
	axisBand   = 26  // x labels under a line chart, the scale under bars
	leftAxis   = 48  // y labels of a line chart
	rightPad   = 16  // room after the last point
	barLabel   = 120 // the bars' label column
	barNote    = 110 // the notes' column after the bars
	barRow     = 28  // one bar's row
	barThick   = 16  // one bar's thickness
	fontSize   = 13
	smallSize  = 11
	titleSize  = 15
	emptyBarsH = 80 // the body of an empty bar chart
)

// svg writes the opening of a chart: the root with its accessible name,
// the heading and the background.
func open(b *strings.Builder, id, title, desc string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="100%%" `+
		`preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%d" fill="%s">`,
		w, h, esc(id), esc(id), esc(FontFamily), fontSize, colourInk)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	fmt.Fprintf(b, `<rect class="frame" x="0" y="0" width="%d" height="%d" fill="%s"/>`, w, h, colourBack)
	fmt.Fprintf(b, `<text class="heading" x="8" y="20" font-size="%d" font-weight="bold">%s</text>`, titleSize, esc(title))
}

// esc escapes text for an element or a double-quoted attribute.
func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most two decimals.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func orOne(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	return v
}

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) {
		return lo
	}
	return math.Max(lo, math.Min(hi, v))
}

// SVG renders the line chart.
func (c Line) SVG() template.HTML {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 280
	}
	format := c.Format
	if format == nil {
		format = Percent
	}
	top := orOne(c.Max)
	var b strings.Builder
	open(&b, c.ID, c.Title, c.Desc, w, h)
	x0, x1 := float64(leftAxis), float64(w-rightPad)
	y0, y1 := float64(h-axisBand), float64(titleBand+8) // y0 is the value 0
	y := func(v float64) float64 { return y0 - clamp(v/top, 0, 1)*(y0-y1) }
	for i := 0; i <= 4; i++ { // grid and y labels at 0, 25, 50, 75, 100% of Max
		v := top * float64(i) / 4
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x0), num(y(v)), num(x1), num(y(v)), colourGrid)
		fmt.Fprintf(&b, `<text class="ylabel" x="%s" y="%s" text-anchor="end" font-size="%d" fill="%s">%s</text>`,
			num(x0-6), num(y(v)+4), smallSize, colourMuted, esc(format(v)))
	}
	if c.Target > 0 {
		ty := y(c.Target)
		fmt.Fprintf(&b, `<line class="target" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"/>`,
			num(x0), num(ty), num(x1), num(ty), colourTarget)
		fmt.Fprintf(&b, `<text class="target-label" x="%s" y="%s" text-anchor="end" font-size="%d" fill="%s">%s</text>`,
			num(x1), num(ty-4), smallSize, colourTarget, esc(c.TargetLabel))
	}
	n := len(c.Points)
	if n == 0 {
		fmt.Fprintf(&b, `<text class="empty" x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`,
			num((x0+x1)/2), num((y0+y1)/2), colourMuted, esc(c.Empty))
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	x := func(i int) float64 {
		if n == 1 {
			return (x0 + x1) / 2
		}
		return x0 + float64(i)*(x1-x0)/float64(n-1)
	}
	pts := make([]string, n)
	for i, p := range c.Points {
		pts[i] = num(x(i)) + "," + num(y(p.Value))
	}
	fmt.Fprintf(&b, `<polyline class="series" points="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`,
		strings.Join(pts, " "), colourSeries)
	// A dot per point, each with its label and value as a tooltip.
	for i, p := range c.Points {
		fmt.Fprintf(&b, `<circle class="point" cx="%s" cy="%s" r="%s" fill="%s"><title>%s</title></circle>`,
			num(x(i)), num(y(p.Value)), dotSize(n), colourSeries, esc(p.Label+" "+format(p.Value)))
	}
	// At most six x labels, the last point always among them.
	step := (n + 5) / 6
	for i := n - 1; i >= 0; i -= step {
		anchor := "middle"
		if i == n-1 && n > 1 {
			anchor = "end"
		} else if i == 0 {
			anchor = "start"
		}
		fmt.Fprintf(&b, `<text class="xlabel" x="%s" y="%s" text-anchor="%s" font-size="%d" fill="%s">%s</text>`,
			num(x(i)), num(y0+18), anchor, smallSize, colourMuted, esc(c.Points[i].Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// dotSize shrinks the dots of a long series.
func dotSize(n int) string {
	if n > 48 {
		return "1.5"
	}
	return "3"
}

// SVG renders the bar chart.
func (c Bars) SVG() template.HTML {
	w := c.Width
	if w <= 0 {
		w = 640
	}
	format := c.Format
	if format == nil {
		format = Percent
	}
	top := orOne(c.Max)
	body := len(c.Bars) * barRow
	if len(c.Bars) == 0 {
		body = emptyBarsH
	}
	h := titleBand + 8 + body + axisBand
	var b strings.Builder
	open(&b, c.ID, c.Title, c.Desc, w, h)
	x0, x1 := float64(barLabel), float64(w-barNote)
	yTop, yEnd := float64(titleBand+8), float64(titleBand+8+body)
	x := func(v float64) float64 { return x0 + clamp(v/top, 0, 1)*(x1-x0) }
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x(v)), num(yTop), num(x(v)), num(yEnd), colourGrid)
		fmt.Fprintf(&b, `<text class="scale" x="%s" y="%s" text-anchor="middle" font-size="%d" fill="%s">%s</text>`,
			num(x(v)), num(yEnd+16), smallSize, colourMuted, esc(format(v)))
	}
	if len(c.Bars) == 0 {
		fmt.Fprintf(&b, `<text class="empty" x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`,
			num((x0+x1)/2), num((yTop+yEnd)/2+4), colourMuted, esc(c.Empty))
	}
	for i, bar := range c.Bars {
		ry := yTop + float64(i*barRow)
		mid := ry + barRow/2
		fmt.Fprintf(&b, `<text class="label" x="%s" y="%s" text-anchor="end">%s</text>`, num(x0-8), num(mid+4), esc(bar.Label))
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%d" fill="%s"><title>%s</title></rect>`,
			num(x0), num(mid-barThick/2), num(x(bar.Value)-x0), barThick, colourSeries, esc(bar.Label+" "+bar.Note))
		fmt.Fprintf(&b, `<text class="note" x="%s" y="%s" font-size="%d" fill="%s">%s</text>`,
			num(x1+6), num(mid+4), smallSize, colourMuted, esc(bar.Note))
	}
	if c.Target > 0 {
		tx := x(c.Target)
		fmt.Fprintf(&b, `<line class="target" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"/>`,
			num(tx), num(yTop-4), num(tx), num(yEnd), colourTarget)
		fmt.Fprintf(&b, `<text class="target-label" x="%s" y="%s" text-anchor="middle" font-size="%d" fill="%s">%s</text>`,
			num(tx), num(yTop-6), smallSize, colourTarget, esc(c.TargetLabel))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
