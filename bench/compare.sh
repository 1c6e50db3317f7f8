#!/usr/bin/env bash
# compare.sh: campmap render against gdal_rasterize on the same million points.
#
# It installs gdal-bin and GNU time when missing, writes the input with
# campmap's seeded generator (campmap synth), then runs both tools RUNS times,
# alternating, and prints the median wall time, the median peak resident
# memory (from /usr/bin/time -v), the median CPU time (user + system, which
# other processes on the machine disturb less than wall time), the ratio and
# the load average before and after.
#
#   bench/compare.sh [N_POINTS] [RUNS]      (defaults: 1000000 5)
#
# CAMPMAP_ONLY=1 runs campmap alone (for sizes where gdal_rasterize would
# take minutes a run); WORK=DIR keeps the input and binary there between
# invocations (the input is generated once; delete it afterwards: ten
# million points are 2.1 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${2:-5}
only=${CAMPMAP_ONLY:-}
if [ -n "$only" ]; then scripts/apt-ensure.sh time; else scripts/apt-ensure.sh gdal-bin time; fi
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
go build -o "$work/campmap" ./cmd/campmap
in="$work/points-$n.geojson"
[ -s "$in" ] || "$work/campmap" synth -n "$n" --seed 1 -o "$in" >/dev/null
echo "input: $in ($(du -h "$in" | cut -f1), $n points)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

measure() { # measure NAME CMD... -> appends "seconds kbytes cpu-seconds" to $work/NAME.txt
  local name=$1; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/$name.time")
  echo "$wall $rss $cpu" >> "$work/$name.txt"
}
rm -f "$work"/campmap.txt "$work"/gdal.txt
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  measure campmap "$work/campmap" render "$in" -o "$work/out.png" --size 2000x2000 --bbox -1.5,49.5,3,52
  [ -n "$only" ] && continue
  measure gdal gdal_rasterize -q -burn 255 -ts 2000 2000 -te -1.5 49.5 3 52 -ot Byte "$in" "$work/r.tif"
  rm -f "$work/r.tif"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
cw=$(cut -d' ' -f1 "$work/campmap.txt" | median); cm=$(cut -d' ' -f2 "$work/campmap.txt" | median)
cc=$(cut -d' ' -f3 "$work/campmap.txt" | median)
if [ -n "$only" ]; then
  awk -v cw="$cw" -v cm="$cm" -v cc="$cc" -v n="$n" -v runs="$runs" 'BEGIN {
    printf "%-16s %10s %14s %12s\n", "tool", "median s", "peak RSS MB", "median CPU s"
    printf "%-16s %10.2f %14.0f %12.2f\n", "campmap render", cw, cm/1024, cc
    printf "%d points, %d runs: %.2f µs of CPU and %.0f bytes of peak RSS per point\n", n, runs, cc*1e6/n, cm*1024/n
  }'
  echo "load average (1, 5, 15 min): before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
gw=$(cut -d' ' -f1 "$work/gdal.txt" | median); gm=$(cut -d' ' -f2 "$work/gdal.txt" | median)
gc=$(cut -d' ' -f3 "$work/gdal.txt" | median)
awk -v cw="$cw" -v cm="$cm" -v gw="$gw" -v gm="$gm" -v cc="$cc" -v gc="$gc" -v runs="$runs" 'BEGIN {
  printf "%-16s %10s %14s %12s\n", "tool", "median s", "peak RSS MB", "median CPU s"
  printf "%-16s %10.2f %14.0f %12.2f\n", "campmap render", cw, cm/1024, cc
  printf "%-16s %10.2f %14.0f %12.2f\n", "gdal_rasterize", gw, gm/1024, gc
  printf "campmap is %.1fx faster than gdal_rasterize (%d runs each, alternating; %.1fx less CPU): campmap takes %.3f of its wall time\n", gw/cw, runs, gc/cc, cw/gw
}'
echo "load average (1, 5, 15 min): before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
