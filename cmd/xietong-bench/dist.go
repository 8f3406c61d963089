package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/domain/calendar"
)

// model says what a province's tasks look like: which organisations lead
// them (a few bureaus carry most of the work), how many co-organisers
// help, how many are still open, when they fall due and what was done on
// them. Every figure here is a guess at the shape of real work, stated once
// so that BENCHMARKS.md can quote it.
type model struct {
	orgs        []int64   // organisation ids, in the order of their weight
	cum         []float64 // cumulative lead weights (Zipf, exponent 0.8)
	communities []int64
	cal         *calendar.Calendar
	first       calendar.Date // the earliest assignment day
	last        calendar.Date // the latest due date
	today       calendar.Date
	loc         *time.Location
	assigner    int64           // the user who assigns and closes
	depts       map[int64]int64 // each organisation's department user
	plan        []planned       // each task's status and assignment day, by id - 1
}

// planned is a task's status and the day it was assigned.
type planned struct {
	status   string
	assigned calendar.Date
}

// planTasks draws the status and the assignment day of tasks 1..n, then
// numbers them in the order they were assigned. A live server writes a
// task on the day it is assigned, so ids and the table's pages follow
// time: a month's tasks sit together, as they do here. (Drawn task by
// task, a month's tasks had been spread over every page of the table, and
// a report of one month read all of it.)
func (m *model) planTasks(n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, math.MaxUint64))
	m.plan = make([]planned, n)
	for i := range m.plan {
		status := pick(r, statuses, statusWeights)
		var assigned calendar.Date
		if status == "closed" {
			assigned = m.first.AddDays(r.IntN(daysBetween(m.first, m.today.AddDays(-10)) + 1))
		} else {
			// Open work is recent: assigned within the last eleven weeks, so
			// that about two in five open tasks are overdue.
			assigned = m.today.AddDays(-r.IntN(75))
		}
		m.plan[i] = planned{status, assigned}
	}
	slices.SortStableFunc(m.plan, func(a, b planned) int { return a.assigned.Compare(b.assigned) })
}

func newModel(orgs, communities []int64, today calendar.Date, seed uint64) *model {
	m := &model{orgs: slices.Clone(orgs), communities: communities,
		cal: calendar.New(calendar.Official()...), first: calendar.NewDate(2025, 1, 1),
		last: calendar.NewDate(2026, 12, 31), today: today}
	m.loc = shanghai()
	if m.today.After(m.last) {
		m.last = m.today.AddDays(180)
	}
	r := rand.New(rand.NewPCG(seed, 0))
	r.Shuffle(len(m.orgs), func(i, j int) { m.orgs[i], m.orgs[j] = m.orgs[j], m.orgs[i] })
	total := 0.0
	for i := range m.orgs {
		total += 1 / math.Pow(float64(i+1), 0.8)
		m.cum = append(m.cum, total)
	}
	for i := range m.cum {
		m.cum[i] /= total
	}
	return m
}

// lead picks a lead organisation by weight.
func (m *model) lead(r *rand.Rand) int64 {
	i, _ := slices.BinarySearch(m.cum, r.Float64())
	return m.orgs[min(i, len(m.orgs)-1)]
}

// pick returns a value by weighted choice: weights in per cent.
func pick[T any](r *rand.Rand, values []T, weights []int) T {
	n := r.IntN(100)
	for i, w := range weights {
		if n < w {
			return values[i]
		}
		n -= w
	}
	return values[len(values)-1]
}

var (
	statuses      = []string{"closed", "assigned", "accepted", "in_progress", "submitted"}
	statusWeights = []int{80, 5, 3, 9, 3}
	priorities    = []string{"normal", "high", "urgent"}
	prioWeights   = []int{75, 20, 5}
	sources       = []string{"plan", "meeting", "instruction", "other"}
	sourceWeights = []int{40, 25, 20, 15}
	coCounts      = []int{0, 1, 2, 3}
	coWeights     = []int{40, 30, 20, 10}
	categories    = []string{"elderly", "children", "disabled", "hardship", "entitled_groups",
		"employment", "social_security", "public_security", "environment", "property_management",
		"facilities", "volunteer", "other"}
	categoryNames = []string{"养老服务", "儿童关爱", "助残服务", "困难群众帮扶", "优抚对象服务",
		"就业服务", "社会保障", "治安防控", "环境整治", "物业管理", "配套设施", "志愿服务", "其他事项"}
)

// genTask is one generated task with its co-organisers and record.
type genTask struct {
	lead   int64
	closed bool
	due    time.Time
	row    []any
	coOrgs []int64
	events [][]any
}

// task generates task id from r.
func (m *model) task(r *rand.Rand, id int64) genTask {
	status, assigned := m.plan[id-1].status, m.plan[id-1].assigned
	lead := m.lead(r)
	n := 5 + r.IntN(56) // due in 5 to 60 working days
	due, provisional := m.cal.AddWorkingDays(assigned, n)
	if due.After(m.last) {
		due, provisional = m.last, !m.cal.Loaded(m.last.Year)
	}
	var dueWD any
	if r.IntN(2) == 0 {
		dueWD = n
	}
	cat := r.IntN(len(categories))
	var community any
	title := fmt.Sprintf("%s问题督办（%d号）", categoryNames[cat], id)
	if r.IntN(100) < 40 {
		c := m.communities[r.IntN(len(m.communities))]
		community = c
	}
	created := m.at(r, assigned)
	t := genTask{}
	co := make([]int64, 0, 3)
	for range pick(r, coCounts, coWeights) {
		o := m.orgs[r.IntN(len(m.orgs))]
		if o != lead && !slices.Contains(co, o) {
			co = append(co, o)
		}
	}
	slices.Sort(co)
	t.coOrgs = co

	// The record: assignment, then the steps that led to the status.
	ev := func(at time.Time, action, note, from, to string, org any) {
		actor, name := m.assigner, "bench-lead"
		if org != nil {
			actor, name = m.depts[lead], fmt.Sprintf("bench-dept-%d", lead)
		}
		t.events = append(t.events, []any{id, at, actor, name, org, "web", action, note, from, to, false})
	}
	at := created
	ev(at, "assign", "", "", "assigned", nil)
	cur := "assigned"
	var closedAt any
	if status != "assigned" {
		at = at.Add(time.Duration(1+r.IntN(48)) * time.Hour)
		ev(at, "accept", "", cur, "accepted", lead)
		cur = "accepted"
	}
	if status == "in_progress" || status == "submitted" || status == "closed" {
		for range 1 + r.IntN(2) {
			at = at.Add(time.Duration(1+r.IntN(120)) * time.Hour)
			ev(at, "progress", "已联系相关单位，正在推进整改。", cur, "in_progress", lead)
			cur = "in_progress"
		}
	}
	if status == "submitted" || status == "closed" {
		at = at.Add(time.Duration(1+r.IntN(72)) * time.Hour)
		ev(at, "submit", "已按要求整改完毕，请审核。", cur, "submitted", lead)
		cur = "submitted"
	}
	if status == "closed" {
		at = at.Add(time.Duration(1+r.IntN(72)) * time.Hour)
		ev(at, "close", "", cur, "closed", nil)
		closedAt = at
	}
	t.lead, t.closed, t.due = lead, status == "closed", due.In(time.UTC)
	t.row = []any{id, title, "", lead, community, pick(r, priorities, prioWeights), pick(r, sources, sourceWeights),
		categories[cat], status, t.due, dueWD, assigned.In(time.UTC), provisional, false,
		m.assigner, int32(len(t.events)), created, at, closedAt, idList(co)}
	return t
}

// idList is how tasks.co_org_ids holds the co-organisers: ascending ids,
// comma-separated, as the server writes them.
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// taskColumns are the columns of genTask.row, in order.
var taskColumns = []string{"id", "title", "description", "lead_org_id", "community_id", "priority", "source",
	"category", "status", "due_date", "due_working_days", "assigned_on", "provisional", "transfer_requested",
	"created_by", "version", "created_at", "updated_at", "closed_at", "co_org_ids"}

// participantColumns are the columns of task_participants, which triggers
// fill for the server and the generator writes itself.
var participantColumns = []string{"task_id", "org_id", "lead", "closed", "due_date"}

// eventColumns are the columns of genTask.events rows, in order.
var eventColumns = []string{"task_id", "at", "actor_id", "actor", "actor_org_id", "channel", "action", "note",
	"from_status", "to_status", "internal"}

// at is a moment during office hours on day d, in UTC.
func (m *model) at(r *rand.Rand, d calendar.Date) time.Time {
	return d.In(m.loc).Add(8*time.Hour + time.Duration(r.IntN(10*3600))*time.Second).UTC()
}

func daysBetween(a, b calendar.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}
