package all_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// validateGPKG is GDAL's GeoPackage validator (Debian's python3-gdal).
const validateGPKG = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"

// validate runs GDAL's validator and ogrinfo on every GeoPackage the
// round-trip tests write, when they are installed (make test installs
// gdal-bin and python3-gdal; CAMPMAP_REQUIRE_GDAL makes their absence a
// failure): the validator with its extra checks and warnings as errors
// must pass, and ogrinfo must print no warning or error.
func validate(t *testing.T, path string) {
	t.Helper()
	if !strings.HasSuffix(path, ".gpkg") {
		return
	}
	if _, err := os.Stat(validateGPKG); err != nil {
		missing(t, "validate_gpkg.py (python3-gdal)")
	} else if out, err := exec.Command("python3", validateGPKG, "-k", "--extra", "--warning-as-error", path).CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("validate_gpkg.py %s: %v\n%s", path, err, out)
	}
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		missing(t, "ogrinfo (gdal-bin)")
		return
	}
	out, err := exec.Command(ogrinfo, "-ro", "-al", "-so", path).CombinedOutput()
	if err != nil {
		t.Errorf("ogrinfo %s: %v\n%s", path, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Warning") || strings.HasPrefix(line, "ERROR") {
			t.Errorf("ogrinfo %s: %s", path, line)
		}
	}
}

// missing skips the GDAL checks with a message, once per test, or fails
// when CAMPMAP_REQUIRE_GDAL is set.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CAMPMAP_REQUIRE_GDAL") != "" {
		t.Fatalf("%s not found: make test installs it", what)
	}
	t.Logf("%s not found: the GeoPackage is not checked by GDAL (make test installs it)", what)
}
