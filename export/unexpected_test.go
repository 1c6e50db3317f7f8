package export

import (
	"strings"
	"testing"
)

// A manifest that is not JSON is refused without quoting it.
func TestReadManifestDoesNotQuoteANonManifest(t *testing.T) {
	_, err := ReadManifest([]byte("root:SECRET:19000:0:99999:7:::\n"))
	if err == nil || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "not a campmap manifest: it starts with unexpected text") {
		t.Errorf("ReadManifest = %v", err)
	}
}
