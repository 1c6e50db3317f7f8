#!/usr/bin/env bash
# dist-check.sh [linux] [debian] [windows]: check the packages make dist
# wrote for the version in FyneApp.toml (all three when no argument is given).
#   linux:   dist/SHA256SUMS verifies; the tarball's Makefile installs into a
#            temporary prefix; the .deb unpacks into a clean root (dpkg -x) and
#            apt would install it here (simulated); from each installed path
#            campmap --version prints "campmap VERSION (commit ...)" first and
#            campmap render --sample writes a PNG; the desktop entry validates,
#            its MIME file registers *.campmap, and its Exec line, run under
#            Xvfb, opens the campmap window (screenshot in bin/dist-check/).
#   debian:  (root) apt-get installs the .deb into a clean Debian 12 root made
#            by debootstrap, where campmap --version and a render then run.
#   windows: the zip's SHA256SUMS verify; campmap.exe is PE32+ for the GUI
#            subsystem and campmap-cli.exe for the console, both with the icon,
#            version and manifest resources, importing only DLLs Windows has.
#            (Debian's wine cannot start Go 1.26 programs: the files are checked,
#            not run.)
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml | head -1)
out=bin/dist-check
rm -rf "$out"; mkdir -p "$out"
tmp=$(mktemp -d)
xvfb="" app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  awk -v r="$tmp/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r | xargs -r umount 2>/dev/null
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok    $*"; }
bad() { fails=$((fails + 1)); echo "FAIL  $*"; }
# check WHAT CMD...: run one check; what it printed goes to bin/dist-check/checks.log.
check() {
  local what=$1; shift
  if "$@" >"$tmp/last.log" 2>&1; then ok "$what"; else bad "$what"; sed 's/^/      /' "$tmp/last.log" | tail -20; fi
  { echo "== $what"; cat "$tmp/last.log"; } >> "$out/checks.log"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux debian windows)

# version_ok BIN: campmap --version's first line names this version and a commit.
version_ok() {
  local first
  first=$(HOME=$tmp/home "$1" --version | head -1)
  echo "$first"
  [[ $first =~ ^campmap\ $version\ \(commit\ [0-9a-f]{7,}(-dirty)?\)$ ]] || { echo "want: campmap $version (commit HASH)"; return 1; }
  HOME=$tmp/home "$1" --version | grep -q "Natural Earth"
}

# render_ok BIN NAME: a headless render of the sample writes a real PNG.
render_ok() {
  local png=$out/$2-render.png
  env -u DISPLAY -u WAYLAND_DISPLAY HOME=$tmp/home "$1" render --sample -o "$png" --size 800x500
  [ "$(identify -format '%m %wx%h' "$png")" = "PNG 800x500" ]
}

# free_display: the first X display number from 140 whose lock and socket
# are free (the Go Xvfb test picks them the same way), removing the lock and
# socket of a server that died without cleaning up.
free_display() {
  local n pid
  for n in $(seq 140 199); do
    if [ -f "/tmp/.X$n-lock" ]; then
      pid=$(tr -dc 0-9 < "/tmp/.X$n-lock")
      if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then rm -f "/tmp/.X$n-lock" "/tmp/.X11-unix/X$n"; fi
    fi
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { echo "$n"; return 0; }
  done
  return 1
}

# start_xvfb: an Xvfb on a free display, answering before it returns; sets
# disp and xvfb.
start_xvfb() {
  local n
  n=$(free_display) || { echo "no free X display number in :140-:199"; return 1; }
  disp=:$n
  Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >"$tmp/xvfb-$n.log" 2>&1 &
  xvfb=$!
  for _ in $(seq 100); do DISPLAY=$disp xdpyinfo >/dev/null 2>&1 && { echo "Xvfb on $disp"; return 0; }; sleep 0.1; done
  echo "Xvfb on $disp does not answer after 10 s:"; cat "$tmp/xvfb-$n.log"
  return 1
}

stop_xvfb() { [ -n "$xvfb" ] && { kill "$xvfb"; wait "$xvfb" 2>/dev/null || true; }; xvfb=""; }

# exec_opens_window DESKTOP BINDIR NAME: run the entry's Exec (field codes
# dropped, the command found on PATH from BINDIR) under Xvfb, wait for the
# campmap window and take a screenshot of it. A start that fails before any
# window (the X server refusing the first client) is tried once more on a
# fresh server, and what campmap printed first is shown.
exec_opens_window() {
  local desktop=$1 bindir=$2 name=$3 cmd disp="" try win=""
  cmd=$(sed -n 's/^Exec=//p' "$desktop" | head -1 | sed 's/ *%[fFuUick]//g')
  echo "Exec: $cmd"
  mkdir -p "$tmp/home-$name"
  for try in 1 2; do
    start_xvfb || return 1
    # shellcheck disable=SC2086 # the Exec line is a command line
    env -u WAYLAND_DISPLAY -u XAUTHORITY DISPLAY=$disp PATH=$bindir:$PATH HOME=$tmp/home-$name \
      XDG_CONFIG_HOME=$tmp/home-$name/.config $cmd >"$tmp/$name-app.log" 2>&1 &
    app=$!
    win=""
    for _ in $(seq 200); do
      win=$(DISPLAY=$disp xwininfo -root -tree 2>/dev/null | awk '/"campmap"/ {print $1; exit}')
      [ -n "$win" ] && break
      kill -0 "$app" 2>/dev/null || break
      sleep 0.3
    done
    [ -n "$win" ] && break
    kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; app=""
    stop_xvfb
    echo "try $try: no campmap window; campmap printed first:"
    head -12 "$tmp/$name-app.log"
  done
  [ -n "$win" ] || return 1
  sleep "${SETTLE:-4}"
  DISPLAY=$disp import -window "$win" "$out/$name-window.png"
  DISPLAY=$disp xwininfo -id "$win" | grep -E 'Width|Height'
  kill "$app"; wait "$app" 2>/dev/null || true; app=""
  stop_xvfb
  # A drawn window, not a blank one: its pixels vary.
  local sd
  sd=$(convert "$out/$name-window.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  echo "window screenshot $out/$name-window.png, grey standard deviation $sd"
  awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }'
}

linux() {
  local tarball=dist/campmap-$version-linux-amd64.tar.xz deb=dist/campmap_${version}_amd64.deb
  check "dist/SHA256SUMS verifies" bash -c "cd dist && sha256sum -c SHA256SUMS"
  check "dist/SHA256SUMS covers the tarball and the .deb" bash -c "grep -q ' campmap-$version-linux-amd64.tar.xz\$' dist/SHA256SUMS && grep -q ' campmap_${version}_amd64.deb\$' dist/SHA256SUMS"

  # The tarball, installed with its own Makefile into a temporary prefix.
  local prefix=$tmp/prefix
  mkdir -p "$tmp/tar" "$prefix" "$tmp/home"
  tar -xJf "$tarball" -C "$tmp/tar"
  check "tarball: make install DESTDIR=prefix PREFIX=/usr/local" make -C "$tmp/tar/campmap" install DESTDIR="$prefix" PREFIX=/usr/local
  local tbin=$prefix/usr/local/bin/campmap tdesk=$prefix/usr/local/share/applications/org.campmap.app.desktop
  check "tarball: installed campmap --version" version_ok "$tbin"
  check "tarball: installed campmap render --sample (no display)" render_ok "$tbin" tarball
  check "tarball: desktop entry validates" desktop-file-validate "$tdesk"
  check "tarball: desktop entry in English and French, Exec=campmap %F, MIME types" bash -c "
    d=$tdesk
    for k in 'Name=campmap' 'GenericName=' 'GenericName\[fr\]=' 'Comment=' 'Comment\[fr\]=' 'Categories=' 'Exec=campmap %F' 'Icon=org.campmap.app'; do
      grep -q \"^\$k\" \$d || { echo \"no \$k\"; exit 1; }
    done
    for m in application/x-campmap application/geo+json application/geopackage+sqlite3 application/x-mbtiles application/vnd.pmtiles; do
      grep -q \"^MimeType=.*\$m;\" \$d || { echo \"no MIME type \$m\"; exit 1; }
    done"
  check "tarball: the MIME database learns *.campmap and *.pmtiles" bash -c "
    grep -q 'application/x-campmap:\*\.campmap' $prefix/usr/local/share/mime/globs2 &&
    grep -q 'application/vnd.pmtiles:\*\.pmtiles' $prefix/usr/local/share/mime/globs2"
  check "tarball: icon and licences installed" bash -c "
    test -s $prefix/usr/local/share/pixmaps/org.campmap.app.png &&
    for f in CREDITS.txt LICENSE-GPL-3 LICENSE-LGPL-3 LICENSE-NaturalEarth-CC0.txt THIRD-PARTY-LICENSES.txt; do
      test -s $prefix/usr/local/share/doc/campmap/\$f || { echo \"no \$f\"; exit 1; }; done"
  local uhome=$tmp/uhome
  check "tarball: make user-install (no root) into ~/.local" bash -c "
    make -C $tmp/tar/campmap user-install HOME=$uhome >/dev/null &&
    grep -qx 'Exec=$uhome/.local/bin/campmap %F' $uhome/.local/share/applications/org.campmap.app.desktop &&
    grep -q 'application/x-campmap:\*\.campmap' $uhome/.local/share/mime/globs2 &&
    HOME=$uhome $uhome/.local/bin/campmap --version | head -1 | grep -q '^campmap $version '"
  check "tarball: make uninstall removes the program" bash -c "make -C $tmp/tar/campmap uninstall DESTDIR=$prefix PREFIX=/usr/local >/dev/null && test ! -e $tbin"

  # The .deb: its fields, unpacked into a clean root, and what apt would do.
  check "deb: Package, Version, Architecture" bash -c "
    [ \"\$(dpkg-deb -f $deb Package Version Architecture | tr '\n' ' ')\" = 'Package: campmap Version: $version Architecture: amd64 ' ]"
  check "deb: Depends on libc6, the GL and the X libraries" bash -c "
    dep=\$(dpkg-deb -f $deb Depends); echo \"\$dep\"
    for p in libc6 libgl1 libx11-6 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1; do
      echo \"\$dep\" | grep -Eq \"(^|, )\$p( |,|\$)\" || { echo \"no \$p\"; exit 1; }; done"
  # What ldd shows: the libraries campmap names (NEEDED) must come from
  # packages in Depends; the ones they pull in (libGLdispatch, libxcb...)
  # come with those packages' own dependencies.
  check "deb: every library campmap links (ldd) comes from a package it depends on" bash -c "
    dep=\$(dpkg-deb -f $deb Depends)
    mkdir -p $tmp/ldd && dpkg-deb -x $deb $tmp/ldd
    needed=\$(objdump -p $tmp/ldd/usr/bin/campmap | awk '/NEEDED/ {print \$2}')
    ldd $tmp/ldd/usr/bin/campmap | awk '/=>/ {print \$1, \$3}' | while read -r name lib; do
      pkg=\$(dpkg -S \"\$lib\" 2>/dev/null | head -1 | cut -d: -f1)
      [ -z \"\$pkg\" ] && pkg=\$(dpkg -S \"\$(readlink -f \$lib)\" 2>/dev/null | head -1 | cut -d: -f1)
      if echo \"\$needed\" | grep -qx \"\$name\"; then
        echo \"\$name (NEEDED): \$pkg\"
        echo \"\$dep\" | grep -Eq \"(^|, )\$pkg( |,|\$)\" || { echo \"\$pkg is not in Depends\"; exit 1; }
      else
        echo \"\$name (through another library): \$pkg\"
      fi
    done"
  local root=$tmp/root
  check "deb: unpacks into a clean root (dpkg -x)" dpkg -x "$deb" "$root"
  check "deb: installed /usr/bin/campmap --version" version_ok "$root/usr/bin/campmap"
  check "deb: installed /usr/bin/campmap render --sample (no display)" render_ok "$root/usr/bin/campmap" deb
  check "deb: desktop entry validates" desktop-file-validate "$root/usr/share/applications/org.campmap.app.desktop"
  check "deb: icon, MIME file, copyright" bash -c "
    test -s $root/usr/share/icons/hicolor/512x512/apps/org.campmap.app.png &&
    test -s $root/usr/share/icons/hicolor/48x48/apps/org.campmap.app.png &&
    test -s $root/usr/share/mime/packages/org.campmap.app.xml && test -s $root/usr/share/doc/campmap/copyright"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    check "deb: apt-get install --simulate ./$deb resolves its dependencies" apt-get install --simulate -q "./$deb"
  fi
  check "deb: its desktop entry's Exec opens the campmap window under Xvfb" exec_opens_window \
    "$root/usr/share/applications/org.campmap.app.desktop" "$root/usr/bin" deb
}

# in_debian CMD: run a shell command in the clean Debian root.
in_debian() { chroot "$tmp/debian" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive /bin/sh -c "$1"; }

# debian: a clean Debian 12 root (debootstrap --variant=minbase, from the
# mirror this machine's apt uses), the .deb installed into it by apt-get
# with its dependencies, then run there: no build package, no X server.
debian() {
  local deb=dist/campmap_${version}_amd64.deb r=$tmp/debian mirror
  if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
    bad "debian: needs root and debootstrap (apt-get install debootstrap)"; return
  fi
  mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || { bad "debian: no Debian mirror in this machine's apt sources"; return; }
  check "debian: debootstrap a minimal Debian 12 root" debootstrap --variant=minbase bookworm "$r" "$mirror"
  cp "$deb" "$r/tmp/"
  check "debian: apt-get install ./$(basename "$deb") in the clean root" \
    in_debian "apt-get update -q && apt-get install -y -q /tmp/$(basename "$deb")"
  check "debian: the build packages are not there" in_debian "
    for p in gcc pkg-config libgl1-mesa-dev libx11-dev; do
      dpkg-query -W -f='\${Status}' \$p 2>/dev/null | grep -q 'install ok installed' && { echo \"\$p is installed\"; exit 1; }
    done; true"
  check "debian: campmap --version from /usr/bin" in_debian "campmap --version | head -1 | grep -x 'campmap $version (commit [0-9a-f-]*\(dirty\)\?)' || { campmap --version | head -1; exit 1; }"
  check "debian: campmap render --sample from /usr/bin" bash -c "
    chroot $r /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp campmap render --sample -o /tmp/debian.png --size 800x500 &&
    [ \"\$(identify -format '%m %wx%h' $r/tmp/debian.png)\" = 'PNG 800x500' ] && cp $r/tmp/debian.png $out/debian-render.png"
  # Nothing is mounted in the root, but make sure before it is deleted.
  awk -v r="$r" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r | xargs -r umount
}

# pe_ok EXE SUBSYSTEM: objdump's view of a Windows executable.
pe_ok() {
  local exe=$1 want=$2 p=$tmp/$(basename "$1").objdump
  x86_64-w64-mingw32-objdump -p "$exe" > "$p"
  file "$exe"
  file "$exe" | grep -q 'PE32+ executable' || { echo "not PE32+"; return 1; }
  grep -q '^Magic[[:space:]]*020b' "$p" || { echo "no PE32+ magic"; return 1; }
  grep -E '^Subsystem' "$p"
  grep -Eq "^Subsystem[[:space:]]+0000000$want" "$p" || { echo "subsystem is not $want"; return 1; }
  # Resource types: 3 icon, 0xe icon group, 0x10 version, 0x18 manifest,
  # as objdump lists them at the top of the resource directory.
  local t types
  types=$(sed -n '/Resource Directory/,$p' "$p" | sed -nE 's/^[0-9a-f]+ {3}Entry: ID: 0x0*([0-9a-f]+),.*/\1/p' | tr '\n' ' ')
  echo "resource types (hex): $types"
  for t in 3 e 10 18; do
    [[ " $types " == *" $t "* ]] || { echo "no resource of type 0x$t"; return 1; }
  done
  # The version resource holds the version (UTF-16 strings).
  strings -el "$exe" | grep -qx "$version" || { echo "no $version in the version resource"; return 1; }
  # Every DLL it imports comes with Windows: no MinGW runtime DLL to ship.
  local dlls
  dlls=$(sed -n 's/^[[:space:]]*DLL Name: //p' "$p" | tr 'A-Z' 'a-z' | sort -u)
  echo "imports:" $dlls
  local d
  for d in kernel32.dll opengl32.dll gdi32.dll user32.dll; do
    echo "$dlls" | grep -qx "$d" || { echo "does not import $d"; return 1; }
  done
  for d in $dlls; do
    case $d in
      kernel32.dll|user32.dll|gdi32.dll|opengl32.dll|shell32.dll|ole32.dll|advapi32.dll|winmm.dll|ws2_32.dll| \
      msvcrt.dll|ntdll.dll|shlwapi.dll|imm32.dll|dwmapi.dll|comdlg32.dll|comctl32.dll|uxtheme.dll|oleaut32.dll| \
      version.dll|setupapi.dll|cfgmgr32.dll|hid.dll|dinput8.dll|xinput1_4.dll|bcrypt.dll|crypt32.dll|secur32.dll| \
      userenv.dll|iphlpapi.dll|dnsapi.dll|netapi32.dll|powrprof.dll|mswsock.dll|winspool.drv|api-ms-win-*) ;;
      *) echo "imports $d, which Windows does not have"; return 1 ;;
    esac
  done
}

windows() {
  local zip=dist/campmap-$version-windows-amd64.zip
  check "dist/SHA256SUMS verifies" bash -c "cd dist && sha256sum -c SHA256SUMS"
  check "dist/SHA256SUMS covers the Windows zip" grep -q " campmap-$version-windows-amd64.zip\$" dist/SHA256SUMS
  local z=$tmp/zip top
  check "windows: zip unpacks" unzip -q "$zip" -d "$z"
  top=$z/campmap-$version-windows-amd64
  check "windows: zip holds the exes, the README, the licences and SHA256SUMS" bash -c "
    for f in campmap.exe campmap-cli.exe README.md SHA256SUMS LICENSES/CREDITS.txt LICENSES/LICENSE-GPL-3 \
             LICENSES/LICENSE-LGPL-3 LICENSES/LICENSE-NaturalEarth-CC0.txt LICENSES/PROVENANCE.md \
             LICENSES/SAMPLE-DATA.md LICENSES/THIRD-PARTY-LICENSES.txt; do
      test -s $top/\$f || { echo \"no \$f\"; exit 1; }; done"
  check "windows: the zip's SHA256SUMS verify and cover every file" bash -c "
    cd $top && sha256sum -c --quiet SHA256SUMS &&
    [ \$(find . -type f ! -name SHA256SUMS | wc -l) = \$(wc -l < SHA256SUMS) ]"
  check "windows: campmap.exe is PE32+, GUI subsystem, with icon, version, manifest" pe_ok "$top/campmap.exe" 2
  check "windows: campmap-cli.exe is PE32+, console subsystem, with icon, version, manifest" pe_ok "$top/campmap-cli.exe" 3
  check "windows: the manifest runs as the invoker, DPI-aware" bash -c "
    strings $top/campmap.exe | grep -q 'requestedExecutionLevel level=\"asInvoker\"' &&
    strings $top/campmap.exe | grep -q 'PerMonitorV2'"
}

for t in "${targets[@]}"; do
  case $t in
    linux) linux ;;
    debian) debian ;;
    windows) windows ;;
    *) echo "usage: dist-check.sh [linux] [debian] [windows]" >&2; exit 2 ;;
  esac
done
echo "dist-check: $passes passed, $fails failed"
[ "$fails" = 0 ]
