package svgchart_test

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"

	"xietong/server/svgchart"
)

// node is a parsed SVG element, enough to check a chart's structure.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all returns the descendants of n named el with class class ("" any).
func (n node) all(el, class string) []node {
	var out []node
	for _, c := range n.Children {
		if c.XMLName.Local == el && (class == "" || c.attr("class") == class) {
			out = append(out, c)
		}
		out = append(out, c.all(el, class)...)
	}
	return out
}

func parse(t *testing.T, svg string) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(svg), &n); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	if n.XMLName.Local != "svg" || n.attr("width") != "100%" || !strings.HasPrefix(n.attr("viewBox"), "0 0 ") ||
		n.attr("role") != "img" || !strings.Contains(n.attr("font-family"), "PingFang SC") {
		t.Errorf("root: %+v", n.Attrs)
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<style") || strings.Contains(svg, "<script") {
		t.Errorf("inline style or script: %s", svg)
	}
	return n
}

// accessible checks the chart's name: a <title> and a <desc> that the
// root's aria-labelledby names.
func accessible(t *testing.T, n node, title, desc string) {
	t.Helper()
	var gotTitle, gotDesc string
	for _, c := range n.Children {
		switch c.XMLName.Local {
		case "title":
			gotTitle = c.Text
			if !strings.Contains(n.attr("aria-labelledby"), c.attr("id")) {
				t.Errorf("title id %q not in aria-labelledby %q", c.attr("id"), n.attr("aria-labelledby"))
			}
		case "desc":
			gotDesc = c.Text
		}
	}
	if gotTitle != title || gotDesc != desc {
		t.Errorf("title %q desc %q, want %q %q", gotTitle, gotDesc, title, desc)
	}
}

// TestBarsProportional: each bar's length is its value's share of Max,
// the target line sits at its share, and text is escaped.
func TestBarsProportional(t *testing.T) {
	c := svgchart.Bars{ID: "cities", Title: "各市进度", Desc: "每个市的创建比例与50%目标", Max: 1, Target: 0.5,
		TargetLabel: "目标 50%", Bars: []svgchart.Bar{
			{Label: "西安市", Value: 0.8, Note: "80% · 8/10"},
			{Label: "宝鸡市", Value: 0.2, Note: "20%"},
			{Label: "<杨凌&示范区>", Value: 0.4, Note: `"40%"`},
			{Label: "汉中市", Value: 0},
			{Label: "超出", Value: 1.7}, // clamped at Max
		}}
	svg := string(c.SVG())
	n := parse(t, svg)
	accessible(t, n, "各市进度", "每个市的创建比例与50%目标")
	bars := n.all("rect", "bar")
	if len(bars) != 5 {
		t.Fatalf("%d bars, want 5", len(bars))
	}
	full := bars[0].num(t, "width") / 0.8
	for i, want := range []float64{0.8, 0.2, 0.4, 0, 1} {
		if got := bars[i].num(t, "width"); math.Abs(got-want*full) > 0.02 {
			t.Errorf("bar %d: width %v, want %v", i, got, want*full)
		}
	}
	x0 := bars[0].num(t, "x")
	target := n.all("line", "target")
	if len(target) != 1 || math.Abs(target[0].num(t, "x1")-(x0+0.5*full)) > 0.02 {
		t.Errorf("target line %+v, want at x %v", target, x0+0.5*full)
	}
	labels := n.all("text", "label")
	if labels[2].Text != "<杨凌&示范区>" || !strings.Contains(svg, "&lt;杨凌&amp;示范区&gt;") {
		t.Errorf("label not escaped: %q", labels[2].Text)
	}
	if got := n.all("text", "target-label"); len(got) != 1 || got[0].Text != "目标 50%" {
		t.Errorf("target label %+v", got)
	}
}

// TestLineProportional: each point's height above the axis is its share
// of Max; at most six x labels, the last point's among them.
func TestLineProportional(t *testing.T) {
	var pts []svgchart.Point
	for i := 0; i < 25; i++ {
		pts = append(pts, svgchart.Point{Label: "2025-" + strconv.Itoa(i), Value: float64(i) / 50})
	}
	c := svgchart.Line{ID: "trend", Title: "趋势", Desc: "每月末的创建比例", Points: pts, Max: 1, Target: 0.5,
		TargetLabel: "目标"}
	n := parse(t, string(c.SVG()))
	accessible(t, n, "趋势", "每月末的创建比例")
	dots := n.all("circle", "point")
	if len(dots) != 25 {
		t.Fatalf("%d points", len(dots))
	}
	base := dots[0].num(t, "cy") // value 0
	unit := (base - dots[10].num(t, "cy")) / 0.2
	for i, d := range dots {
		if got := base - d.num(t, "cy"); math.Abs(got-unit*float64(i)/50) > 0.05 {
			t.Errorf("point %d: height %v, want %v", i, got, unit*float64(i)/50)
		}
	}
	if ty := n.all("line", "target")[0].num(t, "y1"); math.Abs(base-ty-unit*0.5) > 0.05 {
		t.Errorf("target at %v, want %v", base-ty, unit*0.5)
	}
	xl := n.all("text", "xlabel")
	if len(xl) > 6 || len(xl) == 0 || xl[0].Text != "2025-24" {
		t.Errorf("x labels %d, first %q", len(xl), xl[0].Text)
	}
	if len(n.all("polyline", "series")) != 1 {
		t.Error("no series line")
	}
}

// TestEmptyCharts: an empty series still renders a labelled chart.
func TestEmptyCharts(t *testing.T) {
	for name, svg := range map[string]string{
		"line": string(svgchart.Line{ID: "l", Title: "趋势", Desc: "无", Empty: "暂无数据"}.SVG()),
		"bars": string(svgchart.Bars{ID: "b", Title: "各市", Desc: "无", Empty: "暂无数据", Target: 0.5}.SVG()),
	} {
		n := parse(t, svg)
		accessible(t, n, map[string]string{"line": "趋势", "bars": "各市"}[name], "无")
		if e := n.all("text", "empty"); len(e) != 1 || e[0].Text != "暂无数据" {
			t.Errorf("%s: empty label %+v", name, e)
		}
		if len(n.all("text", "heading")) != 1 || len(n.all("line", "grid")) == 0 {
			t.Errorf("%s: no frame", name)
		}
		if len(n.all("rect", "bar"))+len(n.all("circle", "point")) != 0 {
			t.Errorf("%s: marks in an empty chart", name)
		}
	}
}

// TestGolden pins the exact markup of a tiny bar chart.
func TestGolden(t *testing.T) {
	got := string(svgchart.Bars{ID: "g", Title: "T", Desc: "D", Width: 400, Max: 1,
		Bars: []svgchart.Bar{{Label: "A", Value: 0.5, Note: "50%"}}}.SVG())
	want := `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 400 92" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="g-title g-desc" font-family="&#34;PingFang SC&#34;,&#34;Hiragino Sans GB&#34;,&#34;Microsoft YaHei&#34;,&#34;Noto Sans CJK SC&#34;,&#34;Noto Sans SC&#34;,&#34;Source Han Sans SC&#34;,&#34;WenQuanYi Micro Hei&#34;,sans-serif" font-size="13" fill="#1f2933">` +
		`<title id="g-title">T</title><desc id="g-desc">D</desc>` +
		`<rect class="frame" x="0" y="0" width="400" height="92" fill="#f4f6f8"/>` +
		`<text class="heading" x="8" y="20" font-size="15" font-weight="bold">T</text>` +
		`<line class="grid" x1="120" y1="38" x2="120" y2="66" stroke="#e6e9ee"/><text class="scale" x="120" y="82" text-anchor="middle" font-size="11" fill="#5f6b7a">0%</text>` +
		`<line class="grid" x1="162.5" y1="38" x2="162.5" y2="66" stroke="#e6e9ee"/><text class="scale" x="162.5" y="82" text-anchor="middle" font-size="11" fill="#5f6b7a">25%</text>` +
		`<line class="grid" x1="205" y1="38" x2="205" y2="66" stroke="#e6e9ee"/><text class="scale" x="205" y="82" text-anchor="middle" font-size="11" fill="#5f6b7a">50%</text>` +
		`<line class="grid" x1="247.5" y1="38" x2="247.5" y2="66" stroke="#e6e9ee"/><text class="scale" x="247.5" y="82" text-anchor="middle" font-size="11" fill="#5f6b7a">75%</text>` +
		`<line class="grid" x1="290" y1="38" x2="290" y2="66" stroke="#e6e9ee"/><text class="scale" x="290" y="82" text-anchor="middle" font-size="11" fill="#5f6b7a">100%</text>` +
		`<text class="label" x="112" y="56" text-anchor="end">A</text>` +
		`<rect class="bar" x="120" y="44" width="85" height="16" fill="#2f6f4f"><title>A 50%</title></rect>` +
		`<text class="note" x="296" y="56" font-size="11" fill="#5f6b7a">50%</text></svg>`
	if got != want {
		t.Errorf("markup changed:\n got %s\nwant %s", got, want)
	}
}
