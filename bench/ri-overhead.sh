#!/usr/bin/env bash
# Cost of the resistance metrics (docs/performance.md, "Resistance readout"): runs each sweep of bench/sweeps/ri/ —
# the same escalation sweep without resistance metrics (plain), with final_ri + final_sf2 (final), with
# day_ri_ge(2) + day_ri_ge(1.5) (day) and with all four (ri) — REPEATS times (default 3) on one thread, in a small
# flask (1e5 cells, 4 months, 40 replicates) and a T75 (1e7 cells, 6 months, 8 replicates), and prints each run's
# simulation wall time (the command's summary line) and CPU time (user + system, /usr/bin/time; less sensitive to a
# shared machine's load), with their medians. Usage: bench/ri-overhead.sh [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats="${1:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/reslab" --help >/dev/null # build first, outside the timing
uptime
for size in small t75; do
  for v in plain final day ri; do
    times=(); cpus=()
    for i in $(seq "$repeats"); do
      rm -f "$tmp"/s.duckdb*
      /usr/bin/time -o "$tmp/cpu" -f "%U %S" "$root/reslab" sweep run "$root/bench/sweeps/ri/$size-$v.yaml" --out "$tmp/s.duckdb" --threads 1 >"$tmp/out" 2>/dev/null
      times+=("$(tail -n 1 "$tmp/out" | sed -n 's/.* run in \([0-9.]*\) s.*/\1/p')")
      cpus+=("$(awk '{ printf "%.2f", $1 + $2 }' "$tmp/cpu")")
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
    echo "$size $v: wall ${times[*]} s (median $(median "${times[@]}")); cpu ${cpus[*]} s (median $(median "${cpus[@]}"))"
  done
done
uptime
