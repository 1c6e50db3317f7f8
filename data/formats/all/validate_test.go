package all_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// validateGPKG is GDAL's GeoPackage validator (Debian's python3-gdal).
const validateGPKG = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"

// validateBatch runs the validator's check, with its extra checks and
// warnings as errors, on every file named on the command line in one
// Python process (starting one per file costs half a second each).
const validateBatch = `
import runpy, sys
check = runpy.run_path(sys.argv[1])["check"]
bad = 0
for f in sys.argv[2:]:
    try:
        errs = check(f, abort_at_first_error=False, extra_checks=True, warning_as_error=True, warning_msg=False)
    except Exception as e:
        errs = [(None, repr(e))]
    for req, msg in errs:
        print("%s: Req %s: %s" % (f, req, msg))
        bad = 1
sys.exit(bad)
`

// checker gives the files a test writes names in one folder, runs
// ogrinfo on each GeoPackage as it is written and GDAL's validator on all
// of them once the test's subtests are done. Both are run when installed
// (make test installs gdal-bin and python3-gdal, and sets
// CAMPMAP_REQUIRE_GDAL, which makes their absence a failure).
type checker struct {
	dir   string
	mu    sync.Mutex
	n     int
	files []string
}

// newChecker starts the checks of test t.
func newChecker(t *testing.T) *checker {
	c := &checker{dir: t.TempDir()}
	t.Cleanup(func() { c.validate(t) }) // before the folder goes (cleanups run last first)
	return c
}

// path returns a new file name with extension ext.
func (c *checker) path(ext string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return filepath.Join(c.dir, fmt.Sprintf("out%d%s", c.n, ext))
}

// written checks the file at path: ogrinfo must print no warning or error
// on a GeoPackage, which the validator will check later.
func (c *checker) written(t *testing.T, path string) {
	t.Helper()
	if !strings.HasSuffix(path, ".gpkg") {
		return
	}
	c.mu.Lock()
	c.files = append(c.files, path)
	c.mu.Unlock()
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

// validate runs GDAL's validator on every GeoPackage written.
func (c *checker) validate(t *testing.T) {
	if len(c.files) == 0 {
		return
	}
	if _, err := os.Stat(validateGPKG); err != nil {
		missing(t, "validate_gpkg.py (python3-gdal)")
		return
	}
	python := "/usr/bin/python3" // Debian's, which has GDAL's bindings
	if _, err := os.Stat(python); err != nil {
		python = "python3"
	}
	out, err := exec.Command(python, append([]string{"-c", validateBatch, validateGPKG}, c.files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("validate_gpkg.py on %d GeoPackages: %v\n%s", len(c.files), err, out)
	} else {
		t.Logf("validate_gpkg.py: %d GeoPackages valid", len(c.files))
	}
}

// missing skips the GDAL checks with a message, or fails when
// CAMPMAP_REQUIRE_GDAL is set.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CAMPMAP_REQUIRE_GDAL") != "" {
		t.Fatalf("%s not found: make test installs it", what)
	}
	t.Logf("%s not found: the GeoPackage is not checked by GDAL (make test installs it)", what)
}
