package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file that is not a project is refused without quoting it: a user may
// open /etc/shadow by mistake, and messages are shown and printed.
func TestLoadDoesNotQuoteANonProject(t *testing.T) {
	for _, tc := range []struct{ name, content, opening string }{
		{"text", "root:SECRET:19000:0:99999:7:::\n", "unexpected text"},
		{"binary", "PATH=/usr/bin\x00PASSWORD=SECRET\x00", "binary data"},
		{"empty", "\n", "nothing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "shadow")
			os.WriteFile(p, []byte(tc.content), 0o600)
			_, err := Load(p)
			if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "it starts with "+tc.opening+", not a JSON object") {
				t.Errorf("Load = %v", err)
			}
		})
	}
}
