#!/usr/bin/env bash
# Speed-up of `reslab simulate` with replicates on both cores against the same command confined to one core
# (issue 4: "100 replicates on both cores with near-linear speed-up"). "One core" is `taskset -c 0`: the process,
# its worker threads and the runtime's own threads (tiered JIT, GC) share core 0, and .NET then sees one processor.
# `--threads 1` without taskset is not a one-core run: the JIT's background compiler, the GC and the parallel
# post-processing (resistance readings, table writing) still use the second core, so it is printed for reference only.
# Runs alternate (one-core, both cores, --threads 1, …) so that drift of the shared host hits all alike; prints the
# median wall time of the whole command and of the simulation phase (the progress line's "elapsed"), their ratios,
# and checks that the outputs of the one-core and two-core runs are identical.
# Usage: bench/threads.sh [REPEATS=3] [REPLICATES=100] [PROTOCOL=examples/protocols/cisplatin-escalation-1-to-25uM.yaml]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"; reps="${2:-100}"; protocol="${3:-$root/examples/protocols/cisplatin-escalation-1-to-25uM.yaml}"
command -v taskset >/dev/null || { echo "threads.sh: needs taskset (util-linux)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "threads.sh: needs at least 2 cores, this machine has $(nproc)" >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$root/reslab" --help >/dev/null   # build once, outside the timing
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
one() { # label outdir prefix... -- extra args ; prints "wall sim"
  local out="$1"; shift
  local pre=() ; while [ "$1" != "--" ]; do pre+=("$1"); shift; done; shift
  local s e sim
  s=$(date +%s.%N)
  sim=$("${pre[@]}" "$root/reslab" simulate "$protocol" -r "$reps" --no-plots --seed 1 --out "$out" "$@" 2>&1 >/dev/null \
        | tr '\r' '\n' | grep "simulating: 100.0%" | tail -1 | grep -o '[0-9.]*s elapsed' | tr -d 's elapsed')
  e=$(date +%s.%N)
  printf '%.2f %s\n' "$(echo "$e - $s" | bc -l)" "$sim"
}
declare -A wall simt
for ((i = 0; i < repeats; i++)); do
  for mode in one both t1; do
    case $mode in
      one)  read -r w s < <(one "$work/one" taskset -c 0 -- ) ;;
      both) read -r w s < <(one "$work/both" env -- ) ;;
      t1)   read -r w s < <(one "$work/t1" env -- --threads 1) ;;
    esac
    wall[$mode]+="$w "; simt[$mode]+="$s "
  done
done
echo "load: $(uptime)"
for mode in one both t1; do
  label=$([ $mode = one ] && echo "one core (taskset -c 0)" || ([ $mode = both ] && echo "both cores" || echo "--threads 1, not pinned"))
  printf '%-26s whole command %6.2f s (runs: %s) simulation %6.2f s (runs: %s)\n' "$label" \
    "$(tr ' ' '\n' <<<"${wall[$mode]}" | grep . | median)" "${wall[$mode]}" "$(tr ' ' '\n' <<<"${simt[$mode]}" | grep . | median)" "${simt[$mode]}"
done
m() { tr ' ' '\n' <<<"$1" | grep . | median; }
printf 'speed-up on both cores vs one core: whole command %.2fx, simulation %.2fx\n' \
  "$(echo "$(m "${wall[one]}") / $(m "${wall[both]}")" | bc -l)" "$(echo "$(m "${simt[one]}") / $(m "${simt[both]}")" | bc -l)"
if diff -r "$work/one" "$work/both" >/dev/null; then echo "outputs of one core and both cores: identical (diff -r)"; else echo "outputs DIFFER"; exit 1; fi
