#!/usr/bin/env bash
# Sweep benchmark (docs/performance.md, "Sweeps"): runs bench/sweeps/escalation-6-months.yaml (10,000 replicates of a
# 6-month escalation protocol in a 1e5-cell flask) into a fresh store on 1 and on 2 threads, and prints replicates/s and
# the store's write time as a share of the run (from the command's own summary line). Usage: bench/sweeps-benchmark.sh [SWEEP]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sweep="${1:-$root/bench/sweeps/escalation-6-months.yaml}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/reslab" --help >/dev/null # build first, outside the timing
for t in 1 2; do
  line="$("$root/reslab" sweep run "$sweep" --out "$tmp/t$t.duckdb" --threads "$t" 2>/dev/null | tail -n 1)"
  echo "threads $t: $line"
  ran=$(sed -n 's/.* \([0-9]*\) run in \([0-9.]*\) s.*/\1/p' <<<"$line")
  secs=$(sed -n 's/.* run in \([0-9.]*\) s.*/\1/p' <<<"$line")
  write=$(sed -n 's/.*store writes \([0-9.]*\) s.*/\1/p' <<<"$line")
  awk -v r="$ran" -v s="$secs" -v w="$write" -v t="$t" 'BEGIN { printf "threads %d: %.1f replicates/s, store writes %.2f s = %.2f %% of the run\n", t, r / s, w, 100 * w / s }'
done
"$root/reslab" store export "$tmp/t2.duckdb" --out "$tmp/t2" >/dev/null
"$root/reslab" store query "$tmp/t1.duckdb" "SELECT count(*) AS rows_differing_between_1_and_2_threads FROM (SELECT * FROM replicates EXCEPT ALL SELECT * FROM read_parquet('$tmp/t2/replicates.parquet'))"
