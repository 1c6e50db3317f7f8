package export

import (
	"errors"
	"testing"
)

func TestParseCellSize(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"2km", 2000, true},
		{" 2.5 km ", 2500, true},
		{"500m", 500, true},
		{"1500", 1500, true},
		{"100m", 100, true},
		{"100km", 100000, true},
		{"99m", 0, false},
		{"101km", 0, false},
		{"", 0, false},
		{"two km", 0, false},
		{"NaN", 0, false},
		{"-2km", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCellSize(tt.in)
			if tt.ok != (err == nil) || got != tt.want {
				t.Fatalf("ParseCellSize(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrCellSize) {
				t.Errorf("error %v does not wrap ErrCellSize", err)
			}
		})
	}
}
