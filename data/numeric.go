package data

import (
	"math"
	"strconv"
	"strings"
)

// Number returns feature i's value of property key as a finite number: a
// number, or text that reads as one ("12", " 4.5 "). It reports false for
// a missing, empty, non-numeric or non-finite value.
func (l *Layer) Number(i int, key string) (float64, bool) {
	v, ok := l.Prop(i, key)
	if !ok {
		return 0, false
	}
	var f float64
	switch v.Type {
	case ValueNumber:
		f = v.Num
	case ValueString:
		s := strings.TrimSpace(v.Str)
		if s == "" {
			return 0, false
		}
		p, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, false
		}
		f = p
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// NumericKeys returns the properties of l, in the layer's order, whose
// values are numbers (Number) for at least half of the features that have
// a value, and for one feature at least: the fields graduated symbols can
// be drawn by. It looks at no more than the first 5,000 features.
func (l *Layer) NumericKeys() []string {
	var out []string
	n := min(l.Len(), 5000)
	for _, k := range l.Keys() {
		num, with := 0, 0
		for i := range n {
			v, ok := l.Prop(i, k)
			if !ok || v.Type == ValueNull || v.Type == ValueString && strings.TrimSpace(v.Str) == "" {
				continue
			}
			with++
			if _, ok := l.Number(i, k); ok {
				num++
			}
		}
		if num > 0 && 2*num >= with {
			out = append(out, k)
		}
	}
	return out
}
