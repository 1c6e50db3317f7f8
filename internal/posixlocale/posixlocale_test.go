package posixlocale

import "testing"

func TestFix(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // LANGUAGE afterwards
	}{
		{"C.UTF-8 gets english messages", map[string]string{"LANG": "C.UTF-8"}, "en"},
		{"POSIX with modifier", map[string]string{"LC_ALL": "POSIX@euro"}, "en"},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "C.UTF-8"}, ""},
		{"plain C is understood already", map[string]string{"LANG": "C"}, ""},
		{"a real locale is left alone", map[string]string{"LANG": "en_GB.UTF-8"}, ""},
		{"LANGUAGE set by the user is kept", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "de"}, "de"},
		{"nothing set", map[string]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			fix(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if env["LANGUAGE"] != tt.want {
				t.Errorf("LANGUAGE = %q, want %q", env["LANGUAGE"], tt.want)
			}
		})
	}
}
