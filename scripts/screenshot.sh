#!/usr/bin/env bash
# screenshot.sh BIN OUT.png [ARGS...]: open campmap in a real window under a
# virtual X server, wait until it has drawn, and save a screenshot.
# XDO, when set, is given to xdotool once the window has drawn, to bring it
# to a state first (XDO="key F10": the command palette; XDO="mousemove 40 14
# click 1": the first menu open), then SETTLE seconds more pass.
set -euo pipefail
bin=$1; out=$2; shift 2
export LANG=C.UTF-8
disp=""
for n in $(seq 90 130); do
  if [ ! -e /tmp/.X11-unix/X$n ] && [ ! -e /tmp/.X$n-lock ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "no free X display number" >&2; exit 1; }
Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; [ -n "${home:-}" ] && rm -rf "$home"; }
trap cleanup EXIT
export DISPLAY=$disp
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
# A home of its own: no autosave or preference of the user's shows in the picture.
home=$(mktemp -d)
HOME=$home XDG_CONFIG_HOME=$home/.config "$bin" "$@" &
app=$!
for _ in $(seq 150); do
  xwininfo -root -tree 2>/dev/null | grep -q '"campmap' && break
  sleep 0.2
done
sleep "${SETTLE:-5}"
if [ -n "${XDO:-}" ]; then
  xwin=$(xdotool search --name '^campmap' | head -1)
  [ -n "$xwin" ] && xdotool windowactivate --sync "$xwin" 2>/dev/null || true
  # shellcheck disable=SC2086 # XDO is a list of xdotool words
  xdotool $XDO
  sleep "${SETTLE:-5}"
fi
mkdir -p "$(dirname "$out")"
# The campmap window itself (largest one named campmap), else the whole screen.
win=$(xwininfo -root -tree 2>/dev/null | awk '/"campmap"/ {split($0, a, " "); print a[1]; exit}')
import -window "${win:-root}" "$out"
echo "wrote $out"
