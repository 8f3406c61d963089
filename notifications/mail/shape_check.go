package mail

import (
	"fmt"
	"strings"
	tparse "text/template/parse"
)

// Shaped may put a message's values into a render of other values only if
// the templates print the values and test whether they are there, and
// never compute with them: a comparison such as {{if eq .LeadOrg "…"}}
// would be true for one organisation and not for the probes. The second
// probe catches a value that is formatted, cut or escaped otherwise, but
// not a comparison, so usesValues reads the templates themselves: a value
// (any field or method of the view not in shapeNames, or what such a
// value holds) may be printed, tested, ranged over, passed on to a
// template or to Row, and given to and, or and not; given to any other
// function or method, it makes the kind's shapes unusable.

// shapeNames are the view's fields and methods that are part of a shape
// (or of the renderer's state), not values: the templates may compute with
// them.
var shapeNames = map[string]bool{
	"TaskStatus": true, "Priority": true, "Provisional": true,
	"Action": true, "Role": true, "Reason": true, "Step": true, "Listed": true,
	"Level": true, "Score": true, "NoticeID": true, "TitleID": true, "ObjectionID": true, "City": true,
	"PeriodFrom": true, "PeriodTo": true, "CertificateNo": true, "GrantedOn": true, "ExpiresOn": true,
	"Kind": true, "Lang": true, "IsTask": true, "IsApplication": true, "IsHotspot": true,
	"Replyable": true, "Audience": true, "Has": true, "Closed": true, "Overdue": true, "DueSoon": true,
	"Weekday": true, "StatusText": true, "PriorityText": true,
	"StepText": true, "LevelText": true, "ReasonText": true, "Commands": true, "NoteLabel": true,
	"LinkLabel": true,
}

// countedDays are the numbers of working days that are values only beyond
// the few the mail tells apart (Shaped keeps the days left from fewestDays
// to dueSoonWorkingDays in the shape, and so the days overdue from 0 to
// 1): a template may compare them with numbers within those few, which
// every value beyond compares alike.
var countedDays = map[string][2]int64{"WorkingDaysLeft": {fewestDays, dueSoonWorkingDays}, "DaysOverdue": {0, -fewestDays}}

var comparisons = map[string]bool{"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true}

// passValues are the functions and view methods that may be given a value:
// they test it or hand it back whole (Row puts it in a card row).
var passValues = map[string]bool{"and": true, "or": true, "not": true, "Row": true}

// catalogOwnData are the catalogue's key prefixes whose messages the
// supervision report renders over its own data, not over a notice.
var catalogOwnData = []string{"report.", "pilot."}

// usesValues returns an error naming the first place where the templates
// (by name, executed from "layout") compute with a value, or nil.
func usesValues(trees map[string]*tparse.Tree) error {
	c := &valueCheck{trees: trees, done: map[string]bool{}}
	return c.template("layout", false)
}

// messagesUseValues returns an error naming the first catalog message that
// computes with a value, or nil.
func messagesUseValues(cats map[string]catalog) error {
	c := &valueCheck{}
	for lang, cat := range cats {
		for key, m := range cat {
			if m.t == nil || hasAnyPrefix(key, catalogOwnData) {
				continue
			}
			c.vars = []map[string]bool{{"$": false}}
			if err := c.list(m.t.Tree.Root, false); err != nil {
				return fmt.Errorf("%s message %s: %w", lang, key, err)
			}
		}
	}
	return nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// namedTrees are a template set's parse trees by name.
func namedTrees[T interface{ Name() string }](set []T, tree func(T) *tparse.Tree) map[string]*tparse.Tree {
	out := map[string]*tparse.Tree{}
	for _, t := range set {
		if tr := tree(t); tr != nil {
			out[t.Name()] = tr
		}
	}
	return out
}

// valueCheck walks templates, knowing which variables (and whether dot)
// hold a value.
type valueCheck struct {
	trees map[string]*tparse.Tree
	done  map[string]bool // template name and whether its dot is a value
	vars  []map[string]bool
}

func (c *valueCheck) template(name string, dotValue bool) error {
	key := fmt.Sprint(name, dotValue)
	t, ok := c.trees[name]
	if c.done[key] || !ok || t.Root == nil {
		return nil
	}
	c.done[key] = true
	saved := c.vars
	c.vars = []map[string]bool{{"$": dotValue}}
	defer func() { c.vars = saved }()
	if err := c.list(t.Root, dotValue); err != nil {
		return fmt.Errorf("template %s: %w", name, err)
	}
	return nil
}

func (c *valueCheck) list(l *tparse.ListNode, dotValue bool) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := c.node(n, dotValue); err != nil {
			return err
		}
	}
	return nil
}

func (c *valueCheck) node(n tparse.Node, dotValue bool) error {
	switch n := n.(type) {
	case *tparse.ActionNode:
		_, err := c.pipe(n.Pipe, dotValue, false)
		return err
	case *tparse.IfNode:
		return c.branch(&n.BranchNode, dotValue, false, false)
	case *tparse.WithNode:
		return c.branch(&n.BranchNode, dotValue, true, false)
	case *tparse.RangeNode:
		return c.branch(&n.BranchNode, dotValue, true, true)
	case *tparse.TemplateNode:
		v := false
		if n.Pipe != nil {
			var err error
			if v, err = c.pipe(n.Pipe, dotValue, false); err != nil {
				return err
			}
		}
		return c.template(n.Name, v)
	}
	return nil // text, comments, break, continue
}

// branch checks an if, with or range: its pipeline, then its body with dot
// (for with and range) the pipeline's value, then its else.
func (c *valueCheck) branch(b *tparse.BranchNode, dotValue, setsDot, ranges bool) error {
	c.vars = append(c.vars, map[string]bool{})
	defer func() { c.vars = c.vars[:len(c.vars)-1] }()
	v, err := c.pipe(b.Pipe, dotValue, ranges)
	if err != nil {
		return err
	}
	inner := dotValue
	if setsDot {
		inner = v
	}
	if err := c.list(b.List, inner); err != nil {
		return err
	}
	return c.list(b.ElseList, dotValue)
}

// pipe checks a pipeline and reports whether its result holds a value.
// Declared variables take the result; in a range, the first of two is the
// index.
func (c *valueCheck) pipe(p *tparse.PipeNode, dotValue, ranges bool) (bool, error) {
	if p == nil {
		return false, nil
	}
	v := false
	for i, cmd := range p.Cmds {
		var err error
		if v, err = c.command(cmd, dotValue, i > 0 && v); err != nil {
			return false, err
		}
	}
	for i, d := range p.Decl {
		c.vars[len(c.vars)-1][d.Ident[0]] = v && !(ranges && len(p.Decl) == 2 && i == 0)
	}
	return v, nil
}

// command checks one command; piped tells whether the previous command of
// the pipeline, which becomes its last argument, holds a value.
func (c *valueCheck) command(cmd *tparse.CommandNode, dotValue, piped bool) (bool, error) {
	args := make([]bool, len(cmd.Args)-1)
	for i, a := range cmd.Args[1:] {
		var err error
		if args[i], err = c.operand(a, dotValue); err != nil {
			return false, err
		}
	}
	args = append(args, piped)
	anyValue := false
	for _, a := range args {
		anyValue = anyValue || a
	}
	name := ""
	var result bool
	switch f := cmd.Args[0].(type) {
	case *tparse.IdentifierNode:
		name, result = f.Ident, false
		if anyValue && passValues[name] {
			result = true
		}
	case *tparse.FieldNode:
		name, result = f.Ident[len(f.Ident)-1], dotValue || !shapeNames[f.Ident[0]]
	case *tparse.VariableNode:
		if len(f.Ident) > 1 {
			name = f.Ident[len(f.Ident)-1]
		}
		result = c.variable(f.Ident[0]) || (len(f.Ident) > 1 && !shapeNames[f.Ident[1]])
	default:
		if len(cmd.Args) > 1 || piped {
			return false, fmt.Errorf("at byte %s: %s is given arguments", pos(cmd), cmd)
		}
		return c.operand(cmd.Args[0], dotValue)
	}
	if anyValue && !passValues[name] {
		if c.comparesCountedDays(cmd, dotValue) {
			return false, nil
		}
		return false, fmt.Errorf("at byte %s: a value is given to %s in %s", pos(cmd), name, cmd)
	}
	return result || (anyValue && passValues[name]), nil
}

// comparesCountedDays reports whether cmd compares one of countedDays with
// numbers within its few.
func (c *valueCheck) comparesCountedDays(cmd *tparse.CommandNode, dotValue bool) bool {
	f, ok := cmd.Args[0].(*tparse.IdentifierNode)
	if !ok || !comparisons[f.Ident] || len(cmd.Args) < 3 {
		return false
	}
	field := ""
	var nums []int64
	for _, a := range cmd.Args[1:] {
		switch a := a.(type) {
		case *tparse.NumberNode:
			if !a.IsInt {
				return false
			}
			nums = append(nums, a.Int64)
		case *tparse.FieldNode:
			if dotValue || len(a.Ident) != 1 || field != "" {
				return false
			}
			field = a.Ident[0]
		case *tparse.VariableNode:
			if len(a.Ident) != 2 || a.Ident[0] != "$" || c.variable("$") || field != "" {
				return false
			}
			field = a.Ident[1]
		default:
			return false
		}
	}
	few, ok := countedDays[field]
	if !ok {
		return false
	}
	for _, n := range nums {
		if n < few[0] || n > few[1] {
			return false
		}
	}
	return true
}

// operand reports whether an argument holds a value.
func (c *valueCheck) operand(n tparse.Node, dotValue bool) (bool, error) {
	switch n := n.(type) {
	case *tparse.DotNode:
		return dotValue, nil
	case *tparse.FieldNode:
		return dotValue || !shapeNames[n.Ident[0]], nil
	case *tparse.VariableNode:
		return c.variable(n.Ident[0]) || (len(n.Ident) > 1 && !shapeNames[n.Ident[1]]), nil
	case *tparse.ChainNode:
		inner, err := c.operand(n.Node, dotValue)
		return inner || !shapeNames[n.Field[0]], err
	case *tparse.PipeNode:
		return c.pipe(n, dotValue, false)
	}
	return false, nil // literals
}

// variable reports whether variable name holds a value.
func (c *valueCheck) variable(name string) bool {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if v, ok := c.vars[i][name]; ok {
			return v
		}
	}
	return true // unknown: assume the worst
}

func pos(n tparse.Node) string { return fmt.Sprint(int(n.Position())) }
