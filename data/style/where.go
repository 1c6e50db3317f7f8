package style

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Conditions on values.
//
// A layer's Where is a list of conditions on its properties; a feature
// shows when it meets every one (AND), on top of the hidden categories and
// the value Filter. The old single Filter is itself one condition (its
// property is not one of its hidden values: OpNotIn) and Conditions lists
// it first, so that files written before Where read and filter as they
// did, and the one place that evaluates them, render.LayerView.Keeper,
// walks one list. Legends and captions state Where (render.WhereNote); the
// value Filter shows there as the values it leaves out, as before.

// Op is how a condition compares a feature's value with its own.
type Op string

// The operators of a condition. Text comparisons (=, !=, ~) ignore case and
// accents. The order comparisons and OpBetween compare numbers when the
// condition's value is a number (a text property reads as a number when
// it holds one, as IOM's counts do), else dates written YYYY-MM-DD (or
// YYYY-MM, YYYY), else text.
const (
	OpEq       Op = "="
	OpNe       Op = "!="
	OpContains Op = "~"
	OpLt       Op = "<"
	OpLe       Op = "<="
	OpGt       Op = ">"
	OpGe       Op = ">="
	// OpBetween keeps values from Min to Max, both included; either may
	// be empty for an open end.
	OpBetween Op = "between"
	// OpIn keeps the features whose value is one of Values.
	OpIn Op = "in"
	// OpNotIn hides the features whose value is one of Values (the value
	// Filter's kind).
	OpNotIn Op = "not in"
)

// Ops lists every operator, in the order a chooser offers them.
var Ops = []Op{OpEq, OpNe, OpContains, OpLt, OpLe, OpGt, OpGe, OpBetween, OpIn, OpNotIn}

// CommandOps are the operators a condition written as text ("FIELD OP
// VALUE", ParseCondition) may use, longest first so that "<=" is not read
// as "<".
var CommandOps = []Op{OpNe, OpLe, OpGe, OpEq, OpContains, OpLt, OpGt}

// Condition is one test on the value of property Key.
//
// A feature without the property (or whose value is null) does not meet
// it, except for OpNe and OpNotIn, which it meets (as the value Filter
// keeps such features). A value that is not a number never meets a
// numeric comparison.
type Condition struct {
	Key string `json:"key"`
	Op  Op     `json:"op"`
	// Value is what =, !=, ~, <, <=, > and >= compare with.
	Value string `json:"value,omitempty"`
	// Min and Max bound OpBetween ("" for an open end).
	Min string `json:"min,omitempty"`
	Max string `json:"max,omitempty"`
	// Values are the values of OpIn and OpNotIn, as text.
	Values Set `json:"values,omitempty"`
}

// Conditions returns every condition s puts on values: its value Filter
// (as OpNotIn) when it hides anything, then Where.
func (s Style) Conditions() []Condition {
	if !s.Filter.Active() {
		return s.Where
	}
	out := make([]Condition, 0, 1+len(s.Where))
	out = append(out, Condition{Key: s.Filter.Key, Op: OpNotIn, Values: s.Filter.Hidden})
	return append(out, s.Where...)
}

// IsNumeric reports whether the condition compares numbers: an order
// comparison or OpBetween whose bounds are numbers.
func (c Condition) IsNumeric() bool {
	switch c.Op {
	case OpLt, OpLe, OpGt, OpGe:
		_, ok := ParseNumber(c.Value)
		return ok
	case OpBetween:
		_, okMin := ParseNumber(c.Min)
		_, okMax := ParseNumber(c.Max)
		return (okMin || c.Min == "") && (okMax || c.Max == "") && (c.Min != "" || c.Max != "")
	}
	return false
}

// Check reports a condition no campmap can evaluate: no property, an
// unknown operator, or bounds of OpBetween that are neither both numbers
// nor both dates.
func (c Condition) Check() error {
	if strings.TrimSpace(c.Key) == "" {
		return fmt.Errorf("condition %s %q names no property", c.Op, c.Value)
	}
	if !slices.Contains(Ops, c.Op) {
		return fmt.Errorf("condition on %q: operator %q is not one of %s", c.Key, c.Op, opList(Ops))
	}
	if c.Op == OpBetween && c.Min == "" && c.Max == "" {
		return fmt.Errorf("condition on %q: between needs a minimum, a maximum or both", c.Key)
	}
	if c.Op == OpBetween && !c.IsNumeric() {
		_, okMin := ParseDate(c.Min)
		_, okMax := ParseDate(c.Max)
		if !(okMin || c.Min == "") || !(okMax || c.Max == "") {
			return fmt.Errorf("condition on %q: between %q and %q: write both bounds as numbers or dates (YYYY-MM-DD)", c.Key, c.Min, c.Max)
		}
	}
	return nil
}

// String writes c as a person reads it, and as ParseCondition reads it
// back for the operators it knows: `Cause of death ~ "drown"`.
func (c Condition) String() string {
	switch c.Op {
	case OpBetween:
		switch {
		case c.Min == "":
			return fmt.Sprintf("%s <= %s", c.Key, c.Max)
		case c.Max == "":
			return fmt.Sprintf("%s >= %s", c.Key, c.Min)
		}
		return fmt.Sprintf("%s %s..%s", c.Key, c.Min, c.Max)
	case OpIn, OpNotIn:
		vs := c.Values.Sorted()
		for i, v := range vs {
			vs[i] = strconv.Quote(v)
		}
		return fmt.Sprintf("%s %s {%s}", c.Key, c.Op, strings.Join(vs, ", "))
	}
	if _, num := ParseNumber(c.Value); num {
		return fmt.Sprintf("%s %s %s", c.Key, c.Op, c.Value)
	}
	return fmt.Sprintf("%s %s %q", c.Key, c.Op, c.Value)
}

// ParseCondition reads a condition written "FIELD OP VALUE" (the command
// line's --where): OP is one of CommandOps; spaces around it are optional
// and VALUE may be quoted. FIELD may hold spaces ("Cause of death ~ drown").
func ParseCondition(s string) (Condition, error) {
	best, at := Op(""), -1
	for _, op := range CommandOps {
		if i := strings.Index(s, string(op)); i >= 0 && (at < 0 || i < at || i == at && len(op) > len(best)) {
			best, at = op, i
		}
	}
	if at < 0 {
		return Condition{}, fmt.Errorf("%q has no operator: write FIELD OP VALUE with OP one of %s", s, opList(CommandOps))
	}
	key := strings.TrimSpace(s[:at])
	val := strings.TrimSpace(s[at+len(best):])
	if uq, err := strconv.Unquote(val); err == nil {
		val = uq
	} else if len(val) >= 2 && val[0] == '\'' && val[len(val)-1] == '\'' {
		val = val[1 : len(val)-1]
	}
	if key == "" {
		return Condition{}, fmt.Errorf("%q names no field before %s", s, best)
	}
	return Condition{Key: key, Op: best, Value: val}, nil
}

func opList(ops []Op) string {
	parts := make([]string, len(ops))
	for i, op := range ops {
		parts[i] = string(op)
	}
	return strings.Join(parts, " ")
}

// ParseNumber reads a number as people write it in tables: spaces and
// no-break spaces grouping thousands are ignored, and a decimal comma is
// read when there is no point ("1 234,5"). ok is false for anything else,
// empty text included.
func ParseNumber(s string) (f float64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, !isNaNOrInf(f)
	}
	t := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || isNaNOrInf(f) {
		return 0, false
	}
	return f, true
}

func isNaNOrInf(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}

// ParseDate reads the start of a date written YYYY-MM-DD, YYYY-MM or YYYY
// (a time after the day, "2015-10-01T12:00", is ignored) as a number that
// orders dates: YYYYMMDD, with 00 for a missing month or day.
func ParseDate(s string) (int, bool) {
	s = strings.TrimSpace(s)
	digit := func(i int) (int, bool) {
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		return int(s[i] - '0'), true
	}
	num := func(from, n int) (int, bool) {
		v := 0
		for i := from; i < from+n; i++ {
			d, ok := digit(i)
			if !ok {
				return 0, false
			}
			v = v*10 + d
		}
		return v, true
	}
	y, ok := num(0, 4)
	if !ok || len(s) > 4 && s[4] != '-' {
		return 0, false
	}
	if len(s) == 4 {
		return y * 10000, true
	}
	m, ok := num(5, 2)
	if !ok || m < 1 || m > 12 {
		return 0, false
	}
	if len(s) == 7 {
		return y*10000 + m*100, true
	}
	if len(s) < 10 || s[7] != '-' {
		return 0, false
	}
	d, ok := num(8, 2)
	if !ok || d < 1 || d > 31 || len(s) > 10 && s[10] != 'T' && s[10] != ' ' {
		return 0, false
	}
	return y*10000 + m*100 + d, true
}

// cloneWhere returns a deep copy of w.
func cloneWhere(w []Condition) []Condition {
	if w == nil {
		return nil
	}
	out := slices.Clone(w)
	for i := range out {
		out[i].Values = maps.Clone(out[i].Values)
	}
	return out
}

// checkWhere reports the first condition of w Check rejects, numbered.
func checkWhere(w []Condition) error {
	for i, c := range w {
		if err := c.Check(); err != nil {
			return fmt.Errorf("where, condition %d: %w", i+1, err)
		}
	}
	return nil
}

// explainWhere names the condition of a style's JSON object that does not
// read (see Explain), or returns nil.
func explainWhere(obj []byte) error {
	var raw struct {
		Where json.RawMessage `json:"where"`
	}
	if json.Unmarshal(obj, &raw) != nil || len(raw.Where) == 0 || string(raw.Where) == "null" {
		return nil
	}
	var conds []json.RawMessage
	if json.Unmarshal(raw.Where, &conds) != nil {
		return fmt.Errorf("where is not a list of conditions: write [{\"key\": \"FIELD\", \"op\": \"=\", \"value\": \"VALUE\"}]")
	}
	for i, b := range conds {
		var c Condition
		if err := json.Unmarshal(b, &c); err != nil {
			var key struct {
				Key any `json:"key"`
			}
			json.Unmarshal(b, &key)
			return fmt.Errorf("where, condition %d (key %v): %v: key, op, value, min and max are text, values a list of text", i+1, key.Key, err)
		}
	}
	return nil
}
