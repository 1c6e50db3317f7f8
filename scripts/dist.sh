#!/usr/bin/env bash
# dist.sh [linux] [windows]: build the packages of the version in
# FyneApp.toml into dist/ (both when no argument is given):
#   linux:   dist/campmap-VERSION-linux-amd64.tar.xz  (fyne package's tarball,
#            with the French desktop entry lines, the MIME types and the licences)
#            dist/campmap_VERSION_amd64.deb           (dpkg-deb)
#   windows: dist/campmap-VERSION-windows-amd64.zip   (campmap.exe, campmap-cli.exe,
#            README, licences, SHA256SUMS)
# and dist/SHA256SUMS over the packages present. Intermediate files go to
# bin/dist/. FYNE names the pinned fyne command (the Makefile builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
GO=${GO:-go}
FYNE=${FYNE:?FYNE must name the fyne command: run make dist}
case $FYNE in /*) ;; *) FYNE=$PWD/$FYNE ;; esac

version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml | head -1)
build=$(sed -n 's/^[[:space:]]*Build[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' FyneApp.toml | head -1)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "dist: FyneApp.toml Version '$version' is not x.y.z" >&2; exit 1; }
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit=$commit-dirty
# The commit, also where the toolchain stamps none (campmap.Commit).
xcommit="-X campmap.buildCommit=$commit"
# The release tag turns Fyne's debug aids off; migrated_fynedo is what
# FyneApp.toml's [Migrations] fyneDo = true means (fyne package sets both).
tags=release,migrated_fynedo
work=bin/dist
mkdir -p dist "$work"
rm -f "$work/credits"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux windows)

step() { printf '%s dist: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# licences DIR GOOS: the licence texts and credits of what the package
# carries: the bundled data's (from data/), the Go modules' linked into the
# binary and Go's own, and the credits campmap --version prints.
licences() {
  local dir=$1 goos=$2
  mkdir -p "$dir"
  cp data/basemap/embed/LICENSE-* data/basemap/embed/PROVENANCE.md "$dir/"
  cp data/sample/calais-2015/README.md "$dir/SAMPLE-DATA.md"
  [ -x "$work/credits" ] || $GO build -buildvcs=true -ldflags "$xcommit" -o "$work/credits" ./scripts/credits # go build stamps the commit, go run does not
  "$work/credits" > "$dir/CREDITS.txt"
  {
    echo "Licences of the Go code linked into campmap ($goos/amd64 build of $version)."
    echo
    echo "==== Go (the standard library and runtime)"
    cat "$($GO env GOROOT)/LICENSE"
    GOOS=$goos GOARCH=amd64 CGO_ENABLED=1 $GO list -deps \
      -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' ./cmd/campmap |
      sort -u | while read -r path ver mdir; do
        echo
        echo "==== $path $ver"
        found=0
        for f in "$mdir"/LICENSE* "$mdir"/LICENCE* "$mdir"/COPYING* "$mdir"/NOTICE* "$mdir"/PATENTS*; do
          [ -f "$f" ] || continue
          found=1; echo "---- $(basename "$f")"; cat "$f"
        done
        [ $found = 1 ] || echo "(no licence file in the module)"
      done
  } > "$dir/THIRD-PARTY-LICENSES.txt"
}

linux() {
  local l=$work/linux
  rm -rf "$l"; mkdir -p "$l/src"
  step "linux: go build"
  CGO_ENABLED=1 $GO build -buildvcs=true -trimpath -tags "$tags" -ldflags "-s -w $xcommit" -o "$l/campmap" ./cmd/campmap

  # fyne package works on a copy of FyneApp.toml: it bumps Build in the
  # file it reads, which must not be the committed one.
  step "linux: fyne package"
  sed 's|^\([[:space:]]*Icon[[:space:]]*=\).*|\1 "icon.png"|' FyneApp.toml > "$l/src/FyneApp.toml"
  cp icons/campmap.png "$l/src/icon.png"
  printf '// Package main only stands for campmap: fyne package wants Go code here.\npackage main\n\nfunc main() {}\n' > "$l/src/main.go"
  (cd "$l" && "$FYNE" package -os linux -release -exe "$PWD/campmap" -src src -icon "$PWD/src/icon.png" \
      -name campmap -app-id org.campmap.app -app-version "$version" -app-build "$build")

  # What fyne's tarball lacks: the French lines of the desktop entry, the
  # MIME type of .campmap (and of .gpkg, .mbtiles, .pmtiles) and the licences.
  local t=$l/tree
  mkdir -p "$t"
  tar -xJf "$l/campmap.tar.xz" -C "$t"
  local usr=$t/campmap/usr/local
  [ -d "$usr" ] || usr=$t/campmap/usr
  local desktop=$usr/share/applications/org.campmap.app.desktop
  grep -qx 'Exec=campmap %F' "$desktop" || { echo "dist: fyne's desktop entry has no 'Exec=campmap %F':" >&2; cat "$desktop" >&2; exit 1; }
  cat packaging/linux/desktop-fr.txt >> "$desktop"
  install -Dm644 packaging/linux/org.campmap.app.xml "$usr/share/mime/packages/org.campmap.app.xml"
  licences "$usr/share/doc/campmap" linux
  cp README.md "$usr/share/doc/campmap/"
  local rel=${usr#"$t"/campmap/}
  # The tarball's Makefile installs the new files too; and its Exec must be
  # the file's name, not the desktop entry's command line with %F.
  sed -i 's/^Exec := "campmap %F"$/Exec := "campmap"/' "$t/campmap/Makefile"
  awk -v rel="$rel" '
    { print }
    /^install:/ { inst = 1 }
    /^uninstall:/ { uninst = 1 }
    inst && /share\/pixmaps/ {
      print "\tinstall -Dm00644 " rel "/share/mime/packages/org.campmap.app.xml $(DESTDIR)$(PREFIX)/share/mime/packages/org.campmap.app.xml"
      print "\tinstall -d $(DESTDIR)$(PREFIX)/share/doc/campmap"
      print "\tinstall -m00644 " rel "/share/doc/campmap/* $(DESTDIR)$(PREFIX)/share/doc/campmap/"
      print "\t-update-mime-database $(DESTDIR)$(PREFIX)/share/mime"
      print "\t-update-desktop-database $(DESTDIR)$(PREFIX)/share/applications"
      inst = 0
    }
    /^user-install:/ { uinst = 1 }
    uinst && /^\tsed / {
      print "\tinstall -Dm00644 " rel "/share/mime/packages/org.campmap.app.xml $(DESTDIR)$(HOME)/.local/share/mime/packages/org.campmap.app.xml"
      print "\t-update-mime-database $(DESTDIR)$(HOME)/.local/share/mime"
      uinst = 0
    }
    uninst && /share\/pixmaps/ {
      print "\t-rm $(DESTDIR)$(PREFIX)/share/mime/packages/org.campmap.app.xml"
      print "\t-rm -r $(DESTDIR)$(PREFIX)/share/doc/campmap"
      uninst = 0
    }' "$t/campmap/Makefile" > "$t/Makefile.new"
  mv "$t/Makefile.new" "$t/campmap/Makefile"
  local mtime
  mtime=$(git log -1 --format=%ct 2>/dev/null || date +%s)
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
      -C "$t" -cJf "dist/campmap-$version-linux-amd64.tar.xz" campmap
  step "linux: wrote dist/campmap-$version-linux-amd64.tar.xz"

  deb "$l/campmap" "$desktop"
}

# deb BINARY DESKTOP: the Debian package, from the same binary and entry.
deb() {
  local bin=$1 desktop=$2 r=$work/deb/root
  rm -rf "$work/deb"; mkdir -p "$r/DEBIAN"
  step "deb: dpkg-deb"
  install -Dm755 "$bin" "$r/usr/bin/campmap"
  install -Dm644 "$desktop" "$r/usr/share/applications/org.campmap.app.desktop"
  for s in 48 128 256 512; do
    mkdir -p "$r/usr/share/icons/hicolor/${s}x$s/apps"
    convert icons/campmap.png -resize "${s}x$s" "PNG32:$r/usr/share/icons/hicolor/${s}x$s/apps/org.campmap.app.png"
  done
  install -Dm644 packaging/linux/org.campmap.app.xml "$r/usr/share/mime/packages/org.campmap.app.xml"
  local doc=$r/usr/share/doc/campmap
  licences "$doc" linux
  cp README.md "$doc/"
  {
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: campmap"
    echo "Source: https://github.com/campmap/campmap"
    echo "Comment: campmap $version, commit $commit. The bundled data, its sources and"
    echo " licences are listed in CREDITS.txt; the licence texts are in this folder,"
    echo " those of the Go modules linked in in THIRD-PARTY-LICENSES.txt."
  } > "$doc/copyright"

  # Depends: what the binary links (dpkg-shlibdeps reads its ELF NEEDED
  # entries) and the X libraries GLFW opens at run time with dlopen, which
  # no tool can see.
  local shl=$work/deb/shlibs
  mkdir -p "$shl/debian"
  printf 'Source: campmap\n\nPackage: campmap\nArchitecture: amd64\n' > "$shl/debian/control"
  local abs_bin
  abs_bin=$(realpath "$r/usr/bin/campmap")
  local linked
  linked=$(cd "$shl" && dpkg-shlibdeps -O "$abs_bin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  [ -n "$linked" ] || { echo "dist: dpkg-shlibdeps found no dependencies of $bin" >&2; exit 1; }
  local depends="$linked, libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1"
  depends=$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | awk '!seen[$1]++' | paste -sd, | sed 's/,/, /g')
  local size
  size=$(du -sk --exclude=DEBIAN "$r" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" packaging/deb/control.in > "$r/DEBIAN/control"
  (cd "$r" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
  find "$r" -type d -exec chmod 755 {} +
  dpkg-deb --root-owner-group -Zxz --build "$r" "dist/campmap_${version}_amd64.deb" >/dev/null
  step "deb: wrote dist/campmap_${version}_amd64.deb (Depends: $depends)"
}

windows() {
  local w=$work/windows
  rm -rf "$w"; mkdir -p "$w/res"
  command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "dist: no x86_64-w64-mingw32-gcc: apt-get install gcc-mingw-w64-x86-64" >&2; exit 1; }
  # Resources: the icon, the version information and the manifest, one
  # .syso for each exe (their names differ), compiled by windres.
  local v4="$version.$build" vc
  vc=$(echo "$v4" | tr . ,)
  convert icons/campmap.png -define icon:auto-resize=256,64,48,32,24,16 "$w/res/campmap.ico"
  sed "s/@VERSION4@/$v4/" packaging/windows/campmap.manifest > "$w/res/campmap.manifest"
  local name desc
  for name in campmap campmap-cli; do
    desc="campmap, an offline map for humanitarian planners"
    [ $name = campmap-cli ] && desc="campmap command line (render, inspect, convert, measure)"
    sed -e "s/@VERSION@/$version/g" -e "s/@VERSIONC@/$vc/g" -e "s/@NAME@/$name/g" \
        -e "s/@DESCRIPTION@/$desc/g" -e "s/@COMMIT@/$commit/g" packaging/windows/campmap.rc.in > "$w/res/$name.rc"
    (cd "$w/res" && x86_64-w64-mingw32-windres -O coff -i "$name.rc" -o "$name.syso")
  done

  # The .syso sits in the main package only while it builds (ignored by git,
  # so the commit is not stamped dirty; only Windows builds read it).
  local syso=cmd/campmap/zz_resources_windows_amd64.syso
  trap 'rm -f cmd/campmap/zz_resources_windows_amd64.syso' EXIT
  local top=$w/zip/campmap-$version-windows-amd64
  mkdir -p "$top"
  local winenv=(GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++)
  step "windows: go build campmap.exe (GUI subsystem)"
  cp "$w/res/campmap.syso" "$syso"
  env "${winenv[@]}" $GO build -buildvcs=true -trimpath -tags "$tags" -ldflags "-s -w -H windowsgui $xcommit" -o "$top/campmap.exe" ./cmd/campmap
  step "windows: go build campmap-cli.exe (console subsystem)"
  cp "$w/res/campmap-cli.syso" "$syso"
  env "${winenv[@]}" $GO build -buildvcs=true -trimpath -tags "$tags" -ldflags "-s -w $xcommit" -o "$top/campmap-cli.exe" ./cmd/campmap
  rm -f "$syso"

  cp README.md "$top/README.md"
  licences "$top/LICENSES" windows
  (cd "$top" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
  local zip=$PWD/dist/campmap-$version-windows-amd64.zip
  rm -f "$zip"
  (cd "$w/zip" && find "campmap-$version-windows-amd64" -exec touch -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)" {} + &&
     LC_ALL=C find "campmap-$version-windows-amd64" -type f | LC_ALL=C sort | zip -X -9 -q "$zip" -@)
  step "windows: wrote dist/campmap-$version-windows-amd64.zip"
}

for t in "${targets[@]}"; do
  case $t in
    linux) linux ;;
    windows) windows ;;
    *) echo "usage: dist.sh [linux] [windows]" >&2; exit 2 ;;
  esac
done

# dist/SHA256SUMS: every package of this version that dist/ holds.
sums=()
for f in "campmap-$version-linux-amd64.tar.xz" "campmap_${version}_amd64.deb" "campmap-$version-windows-amd64.zip"; do
  [ -f "dist/$f" ] && sums+=("$f")
done
(cd dist && sha256sum "${sums[@]}" > SHA256SUMS)
step "wrote dist/SHA256SUMS:"
cat dist/SHA256SUMS
