# campmap: the two commands a fresh Debian 12 machine needs are `make run`
# and `make test`; both install what is missing first (run them as root, or
# as a user with sudo).

SHELL := /bin/bash
GO ?= go
BIN := bin/campmap

# Debian packages for Fyne's cgo build (GLFW, OpenGL, X11).
APT_BUILD := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev
# What the tests add: a virtual X server, screenshots, PDF to PNG, GDAL
# (ogr2ogr writes the GeoPackages the reader is tested on; ogrinfo and
# python3-gdal's validate_gpkg.py check every GeoPackage campmap writes).
APT_TEST := xvfb x11-utils libgl1-mesa-dri imagemagick poppler-utils gdal-bin python3-gdal
# PostgreSQL and PostGIS for data/postgis: scripts/postgis.sh starts a
# throwaway server on loopback for the tests and removes it afterwards.
APT_PG := postgresql postgresql-15-postgis-3

.PHONY: run build test test-run test-go test-race test-xvfb check-imports staticcheck deps-build deps-test \
        screenshot screenshot-fr screenshots-tools bench basemap sample geodesic-golden fuzz clean \
        dist dist-linux dist-windows dist-check dist-check-linux deps-dist

run: deps-build build
	./$(BIN)

build:
	$(GO) build -o $(BIN) ./cmd/campmap

# The tests run with a PostGIS server (CAMPMAP_TEST_PG) that is stopped and
# deleted afterwards, also when they fail; CAMPMAP_REQUIRE_PG makes the
# PostGIS tests fail instead of skipping if it is missing.
test: deps-test check-imports staticcheck
	$(GO) vet ./...
	CAMPMAP_REQUIRE_PG=1 scripts/postgis.sh with $(MAKE) --no-print-directory test-run

test-run:
	CAMPMAP_REQUIRE_GDAL=1 $(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./data/... ./geo/... ./render/... ./export/... ./ui/... ./internal/...
	CAMPMAP_REQUIRE_XVFB=1 $(GO) test -count=1 -run 'TestWindowUnderXvfb' -v ./cmd/campmap

# staticcheck (honnef.co/go/tools) at a pinned version, built into bin/ so
# that its own dependencies stay out of campmap's go.mod: the default
# checks plus U1000 (unused code); any finding fails the build.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/staticcheck-$(STATICCHECK_VERSION)

$(STATICCHECK):
	@mkdir -p bin
	GOBIN=$(CURDIR)/bin/.staticcheck $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/.staticcheck/staticcheck $@ && rmdir bin/.staticcheck

staticcheck: $(STATICCHECK)
	$(STATICCHECK) -checks inherit,U1000 ./...

# data, geo and render are pure Go: they must never pull in the GUI toolkit.
check-imports:
	@bad=$$($(GO) list -deps ./data/... ./geo/... ./render/... ./icons/... ./export/... | grep '^fyne.io/' || true); \
	if [ -n "$$bad" ]; then echo "data/geo/render/icons/export import Fyne: $$bad" >&2; exit 1; fi; \
	echo "check-imports: data, geo, render, icons and export do not import Fyne"

deps-build:
	@scripts/apt-ensure.sh $(APT_BUILD)
	@scripts/go-ensure.sh

deps-test: deps-build
	@scripts/apt-ensure.sh $(APT_BUILD) $(APT_TEST) $(APT_PG)

# The README's screenshot: the real window under Xvfb.
screenshot: deps-test build
	scripts/screenshot.sh $(BIN) docs/screenshot.png

# The measure tool, a selection and an edit in progress in the real window
# under Xvfb, driven by xdotool (DEVELOPERS.md, "Screenshots").
screenshots-tools: deps-test build
	@scripts/apt-ensure.sh xdotool
	scripts/shots-tools.sh $(BIN) docs/shots

# The French screenshot: the window in French, light theme, its File menu
# opened from the keyboard (Alt).
screenshot-fr: deps-test build
	@scripts/apt-ensure.sh xdotool
	LC_MESSAGES=fr_FR.UTF-8 FYNE_THEME=light XDO="key alt" scripts/screenshot.sh $(BIN) docs/screenshot-fr.png

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./data/... ./geo/... ./render/...

# Regenerate derived data (needs a copy of the shared data folder: SRC=...).
basemap:
	@test -n "$(SRC)" || { echo "usage: make basemap SRC=/path/to/shared/data/basemap" >&2; exit 2; }
	$(GO) run ./data/basemap/gen -src $(SRC) -out data/basemap/embed

sample:
	$(GO) run ./data/sample/gen

# Regenerate geo/testdata/geodesic.tsv, GeographicLib's distances, azimuths
# and areas that geo's tests compare with (the tests read the committed
# table and need no Python).
geodesic-golden:
	@scripts/apt-ensure.sh python3-geographiclib
	/usr/bin/python3 geo/testdata/gen_geodesic.py > geo/testdata/geodesic.tsv.tmp
	mv geo/testdata/geodesic.tsv.tmp geo/testdata/geodesic.tsv

# Every fuzz target in the module, FUZZTIME seconds each.
FUZZTIME ?= 30
fuzz:
	GO=$(GO) scripts/fuzz.sh $(FUZZTIME)

# Packages (scripts/dist.sh): for the version in FyneApp.toml, the Linux
# tarball (fyne package's) and .deb, the Windows zip cross-compiled with
# MinGW, and dist/SHA256SUMS. dist-linux leaves Windows out. dist-check
# installs them into temporary roots and runs them (scripts/dist-check.sh).
# fyne (fyne.io/tools) at a pinned version, built into bin/ like staticcheck.
FYNE_VERSION := v1.7.4
FYNE := bin/fyne-$(FYNE_VERSION)
APT_DIST := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 dpkg-dev xz-utils zip unzip imagemagick \
            shared-mime-info desktop-file-utils debootstrap

$(FYNE):
	@mkdir -p bin
	GOBIN=$(CURDIR)/bin/.fyne $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VERSION)
	mv bin/.fyne/fyne $@ && rmdir bin/.fyne

deps-dist: deps-build
	@scripts/apt-ensure.sh $(APT_DIST)

dist: deps-dist $(FYNE)
	FYNE=$(FYNE) GO=$(GO) scripts/dist.sh linux windows

dist-linux: deps-dist $(FYNE)
	FYNE=$(FYNE) GO=$(GO) scripts/dist.sh linux

dist-windows: deps-dist $(FYNE)
	FYNE=$(FYNE) GO=$(GO) scripts/dist.sh windows

dist-check: deps-test deps-dist
	scripts/dist-check.sh linux debian windows

dist-check-linux: deps-test deps-dist
	scripts/dist-check.sh linux debian

clean:
	rm -rf bin dist
