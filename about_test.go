package campmap

import (
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionIsFyneApps reads FyneApp.toml from disk, as fyne package and
// make dist do, and checks that the embedded version is the one it holds.
func TestVersionIsFyneApps(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*\[Details\][^\[]*?^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version in [Details]")
	}
	if Version != string(m[1]) {
		t.Errorf("Version = %q, FyneApp.toml says %q", Version, m[1])
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(Version) {
		t.Errorf("Version %q is not x.y.z, as fyne package and the Windows version resource need", Version)
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"details", "[Details]\n  Icon = \"x.png\"\n  Version = \"1.2.3\"\n", "1.2.3"},
		{"no spaces", "Version=\"0.9.0\"", "0.9.0"},
		{"missing", "[Details]\n  Name = \"campmap\"\n", "unknown"},
		{"commented out", "# Version = \"9.9.9\"\n", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseVersion(tt.toml); got != tt.want {
				t.Errorf("parseVersion = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCommitOf(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name string
		in   []debug.BuildSetting
		want string
	}{
		{"none", nil, "unknown"},
		{"clean", []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "false"}}, "0123456789ab"},
		{"dirty", []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}, "0123456789ab-dirty"},
		{"short", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}, "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := commitOf(tt.in); got != tt.want {
				t.Errorf("commitOf = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCreditsNameTheirFiles checks that every licence file the credits name
// is in the repository, where make dist copies it from.
func TestCreditsNameTheirFiles(t *testing.T) {
	files := regexp.MustCompile(`LICENSE-[A-Za-z0-9.-]+`)
	for _, c := range Credits {
		if c.Data == "" || c.Source == "" || c.Licence == "" {
			t.Errorf("incomplete credit %+v", c)
		}
		for _, f := range files.FindAllString(c.Licence, -1) {
			f = strings.TrimSuffix(f, ".")
			if _, err := os.Stat("data/basemap/embed/" + f); err != nil {
				t.Errorf("credit %q names %s: %v", c.Data, f, err)
			}
		}
	}
}

func TestAbout(t *testing.T) {
	a := About()
	first, _, _ := strings.Cut(a, "\n")
	if !strings.HasPrefix(first, "campmap "+Version+" (commit ") {
		t.Errorf("first line %q, want campmap %s (commit ...)", first, Version)
	}
	for _, want := range []string{"Natural Earth", "GSHHG", "Wessel", "LGPL-3", "World Port Index", "OpenStreetMap"} {
		if !strings.Contains(a, want) {
			t.Errorf("About() lacks %q", want)
		}
	}
}
