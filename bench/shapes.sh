#!/usr/bin/env bash
# shapes.sh: campmap render against gdal_rasterize on a file of lines or
# polygons (issue 16), as compare.sh does for points.
#
# It runs `campmap render FILE` and `gdal_rasterize -burn 255` on the same
# file and box, RUNS times each, alternating, and prints the medians of the
# wall time, the peak resident memory and the CPU time (user + system).
# With OLD set to another campmap binary, that one runs in the alternation
# too (before/after figures in one invocation).
#
#   bench/shapes.sh FILE [BBOX] [RUNS]      (defaults: -1.5,49.5,3,52 and 5)
#   e.g. campmap synth -n 200000 --geometry polygon -o /tmp/polygons.geojson
#        bench/shapes.sh /tmp/polygons.geojson
set -euo pipefail
cd "$(dirname "$0")/.."
in=$1
bbox=${2:--1.5,49.5,3,52}
runs=${3:-5}
scripts/apt-ensure.sh gdal-bin time
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
go build -o "$work/campmap" ./cmd/campmap
IFS=, read -r w s e n <<<"$bbox"
echo "input: $in ($(du -h "$in" | cut -f1)), bbox $bbox, 2000x2000"

measure() { # measure NAME CMD... -> appends "seconds kbytes cpu-seconds" to $work/NAME.txt
  local name=$1; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/$name.time")
  echo "$wall $rss $cpu" >> "$work/$name.txt"
}
tools="campmap gdal"
[ -n "${OLD:-}" ] && tools="old $tools"
for t in $tools; do rm -f "$work/$t.txt"; done
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  [ -n "${OLD:-}" ] && measure old "$OLD" render "$in" -o "$work/old.png" --size 2000x2000 --bbox "$bbox"
  measure campmap "$work/campmap" render "$in" -o "$work/out.png" --size 2000x2000 --bbox "$bbox"
  measure gdal gdal_rasterize -q -burn 255 -ts 2000 2000 -te "$w" "$s" "$e" "$n" -ot Byte "$in" "$work/r.tif"
  rm -f "$work/r.tif"
done
[ -n "${OLD:-}" ] && { cmp -s "$work/old.png" "$work/out.png" && echo "old and new PNG: identical" || echo "old and new PNG: DIFFER"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf "%-16s %10s %14s %12s\n" tool "median s" "peak RSS MB" "median CPU s"
for t in $tools; do
  printf "%-16s %10.2f %14.0f %12.2f\n" "$t" "$(cut -d' ' -f1 "$work/$t.txt" | median)" \
    "$(cut -d' ' -f2 "$work/$t.txt" | median | awk '{print $1/1024}')" "$(cut -d' ' -f3 "$work/$t.txt" | median)"
done
echo "load average (1, 5, 15 min): before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
