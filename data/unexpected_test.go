package data

import "testing"

func TestOpening(t *testing.T) {
	tests := []struct{ name, head, want string }{
		{"empty", " \n", "nothing"},
		{"text", "root:SECRET:19000:0:99999:7:::\n", "unexpected text"},
		{"a NUL", "PATH=/usr/bin\x00HOME=/root\x00", "binary data"},
		{"controls", "\x01\x02\x03\x04ELF", "binary data"},
		{"C1 controls in UTF-8", "\u0081\u0082\u0083", "binary data"},
		{"one stray vertical tab in a table", "lat,lon,name\n50.9,1.8,a\x0bb\n50.9,1.8,c\n50.9,1.8,d\n50.9,1.8,e\n50.9,1.8,f\n", "unexpected text"},
		{"accents", "café, déjà – Calais", "unexpected text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Opening([]byte(tt.head)); got != tt.want {
				t.Errorf("Opening(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}
