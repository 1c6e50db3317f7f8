package data

import (
	"math"
	"strconv"
)

// ValueType tells how a property Value is to be read.
type ValueType uint8

// The types a property value can have. Objects and arrays are kept as their
// raw JSON text (ValueJSON).
const (
	ValueNull ValueType = iota
	ValueString
	ValueNumber
	ValueBool
	ValueJSON
)

// Value is one property value. It is a small value type: copying it is cheap
// and its Str shares memory with the layer it came from.
type Value struct {
	Type ValueType
	Num  float64 // ValueNumber; 1 or 0 for ValueBool
	Str  string  // ValueString and ValueJSON
}

// String returns the value as a user would read it.
func (v Value) String() string {
	switch v.Type {
	case ValueString, ValueJSON:
		return v.Str
	case ValueNumber:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	case ValueBool:
		if v.Num != 0 {
			return "true"
		}
		return "false"
	}
	return "null"
}

// Text returns a string Value.
func Text(s string) Value { return Value{Type: ValueString, Str: s} }

// Number returns a numeric Value.
func Number(f float64) Value { return Value{Type: ValueNumber, Num: f} }

// Bool returns a boolean Value.
func Bool(b bool) Value {
	if b {
		return Value{Type: ValueBool, Num: 1}
	}
	return Value{Type: ValueBool}
}

// RawJSON returns a Value holding an object or array as JSON text.
func RawJSON(s string) Value { return Value{Type: ValueJSON, Str: s} }

// Property is one key and value of a feature.
type Property struct {
	Key   string
	Value Value
}

// packed value storage: 8 bytes of payload and 1 byte of type per value.
// Strings are stored in the layer's byte arena as offset<<24 | length.
const (
	maxPackedLen = 1<<24 - 1
	maxPackedOff = 1<<40 - 1
)

func packNum(f float64) uint64 { return math.Float64bits(f) }
