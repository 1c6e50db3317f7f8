#!/usr/bin/env bash
# shots-tools.sh BIN OUTDIR: screenshots of the measure tool and of an edit
# in progress, in the real window under a virtual X server, driven by
# xdotool with the clicks, wheel turns and keys a user would make. Writes,
# each the map's part of a 1600x1000 window:
#   measure-segments.png      three points measured, two segments
#   measure-ring-inside.png   the ring closed: area, and what lies inside
#   selection-table.png       List…: the attribute table of the incidents inside
#   measure-rectangle.png     a rectangle selection (two corners)
#   edit-area-in-progress.png editing a GeoJSON copy of the camps: an area
#                             of four vertices being drawn, the pointer's
#                             edge shown
# Needs Xvfb, xdotool and ImageMagick (apt-get install xvfb xdotool imagemagick).
set -euo pipefail
bin=$1; out=$2
export LANG=C.UTF-8
disp=""
for n in $(seq 150 170); do
  if [ ! -e /tmp/.X11-unix/X$n ] && [ ! -e /tmp/.X$n-lock ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "no free X display number" >&2; exit 1; }
Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
home=$(mktemp -d)
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT
export DISPLAY=$disp
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
mkdir -p "$out"

# start ARGS...: campmap in a window of 1600x1000 at the screen's corner.
start() {
  rm -rf "$home/.config" "$home/.local" # each window starts afresh
  HOME=$home XDG_CONFIG_HOME=$home/.config "$bin" "$@" &
  app=$!
  win=""
  for _ in $(seq 150); do
    win=$(xdotool search --name '^campmap' 2>/dev/null | head -1) && [ -n "$win" ] && break
    sleep 0.2
  done
  [ -n "$win" ] || { echo "no campmap window" >&2; exit 1; }
  sleep 3
  xdotool windowmove "$win" 0 0 windowsize "$win" 1600 1000
  sleep 3
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; app=""; }
# click X Y: a left click there; wheel N X Y: N turns towards zooming in.
click() { xdotool mousemove "$1" "$2"; sleep 0.3; xdotool click 1; sleep 0.8; }
wheel() { xdotool mousemove "$2" "$3"; for _ in $(seq "$1"); do sleep 0.4; xdotool click 4; done; sleep 2; }
# shot NAME: the map's part of the window, in 256 colours.
shot() {
  sleep 1.5
  import -window root "$home/shot.png"
  convert "$home/shot.png" -crop 1140x660+460+28 +repage -colors 256 "PNG8:$out/$1.png"
  echo "wrote $out/$1.png"
}

start
wheel 4 960 330                     # Calais, the terminal and the Jungle
xdotool mousemove 1570 176 click 1  # the ruler button: measure
sleep 1
click 760 300; click 1060 270; click 1130 440
xdotool mousemove 1000 520
shot measure-segments
click 800 480; click 760 300       # a fourth point, then the first again
xdotool mousemove 1000 560
shot measure-ring-inside
click 1178 580                     # List…
sleep 2
shot selection-table
xdotool mousemove 1578 407 click 1 # close the table
sleep 1.5
click 1252 620                     # Rectangle
click 960 190; click 1130 310      # two corners about the Jungle
xdotool mousemove 700 560
shot measure-rectangle
stop

cp "$(dirname "$0")/../data/sample/calais-2015/camps.geojson" "$home/camps.geojson"
start "$home/camps.geojson"
click 152 170                      # the layer's pencil: edit
click 664 98                       # Area
click 800 400; click 1000 350; click 1100 500; click 900 590
xdotool mousemove 740 540; sleep 0.3; xdotool mousemove 745 545
shot edit-area-in-progress
stop
