package calendar

import "slices"

// period is one holiday period of a notice: the days off from first to last,
// weekend days included, and the weekend days worked to make up for it.
type period struct {
	name, nameEn string
	first, last  Date
	workdays     []Date
}

// official holds the published schedules, one line per holiday period, as
// read from the notices and cross-checked against github.com/6tail/lunar-go
// (calendar_lunar_test.go).
var official = []struct {
	year    int
	source  string
	periods []period
}{
	{2025, "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）", []period{
		{"元旦", "New Year's Day", Date{2025, 1, 1}, Date{2025, 1, 1}, nil},
		{"春节", "Spring Festival", Date{2025, 1, 28}, Date{2025, 2, 4}, []Date{{2025, 1, 26}, {2025, 2, 8}}},
		{"清明节", "Qingming Festival", Date{2025, 4, 4}, Date{2025, 4, 6}, nil},
		{"劳动节", "Labour Day", Date{2025, 5, 1}, Date{2025, 5, 5}, []Date{{2025, 4, 27}}},
		{"端午节", "Dragon Boat Festival", Date{2025, 5, 31}, Date{2025, 6, 2}, nil},
		{"国庆节、中秋节", "National Day and Mid-Autumn Festival", Date{2025, 10, 1}, Date{2025, 10, 8}, []Date{{2025, 9, 28}, {2025, 10, 11}}},
	}},
	{2026, "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）", []period{
		{"元旦", "New Year's Day", Date{2026, 1, 1}, Date{2026, 1, 3}, []Date{{2026, 1, 4}}},
		{"春节", "Spring Festival", Date{2026, 2, 15}, Date{2026, 2, 23}, []Date{{2026, 2, 14}, {2026, 2, 28}}},
		{"清明节", "Qingming Festival", Date{2026, 4, 4}, Date{2026, 4, 6}, nil},
		{"劳动节", "Labour Day", Date{2026, 5, 1}, Date{2026, 5, 5}, []Date{{2026, 5, 9}}},
		{"端午节", "Dragon Boat Festival", Date{2026, 6, 19}, Date{2026, 6, 21}, nil},
		{"中秋节", "Mid-Autumn Festival", Date{2026, 9, 25}, Date{2026, 9, 27}, nil},
		{"国庆节", "National Day", Date{2026, 10, 1}, Date{2026, 10, 7}, []Date{{2026, 9, 20}, {2026, 10, 10}}},
	}},
	// The 2027 notice's document number could not be confirmed; the dates
	// agree with lunar-go v1.4.7 ("新增：2027年法定假日", 2026-11-06).
	{2027, "国务院办公厅关于2027年部分节假日安排的通知", []period{
		{"元旦", "New Year's Day", Date{2027, 1, 1}, Date{2027, 1, 3}, nil},
		{"春节", "Spring Festival", Date{2027, 2, 5}, Date{2027, 2, 13}, []Date{{2027, 1, 31}, {2027, 2, 14}}},
		{"清明节", "Qingming Festival", Date{2027, 4, 3}, Date{2027, 4, 5}, nil},
		{"劳动节", "Labour Day", Date{2027, 5, 1}, Date{2027, 5, 5}, []Date{{2027, 5, 8}}},
		{"端午节", "Dragon Boat Festival", Date{2027, 6, 9}, Date{2027, 6, 9}, nil},
		{"中秋节", "Mid-Autumn Festival", Date{2027, 9, 15}, Date{2027, 9, 15}, nil},
		{"国庆节", "National Day", Date{2027, 10, 1}, Date{2027, 10, 7}, []Date{{2027, 9, 26}, {2027, 10, 9}}},
	}},
}

// Official returns the schedules published by the State Council General
// Office for 2025, 2026 and 2027, with their days sorted by date. Each call
// returns fresh copies that the caller may change.
func Official() []Year {
	out := make([]Year, 0, len(official))
	for _, o := range official {
		y := Year{Year: o.year, Source: o.source}
		for _, p := range o.periods {
			for d := p.first; !d.After(p.last); d = d.AddDays(1) {
				y.Days = append(y.Days, Day{Date: d, Kind: Holiday, Name: p.name, NameEn: p.nameEn})
			}
			for _, d := range p.workdays {
				y.Days = append(y.Days, Day{Date: d, Kind: Workday, Name: p.name, NameEn: p.nameEn})
			}
		}
		slices.SortFunc(y.Days, func(a, b Day) int { return a.Date.Compare(b.Date) })
		out = append(out, y)
	}
	return out
}
