#!/usr/bin/env bash
# Whole-command timing of `reslab screen test` and `reslab screen drugz` (process start-up, reading, analysis, writing
# every output) on the genome-scale table of issue 6: 20,000 genes x 4 sgRNAs + 1,000 non-targeting x 5 samples,
# made by the screen simulator (`reslab screen simulate bench/screens/genome-scale-screen.yaml`, seed 1, deterministic;
# its own time is printed too). For each command it prints the median wall time of REPEATS runs, the median user+sys
# CPU time (less sensitive to other processes on a shared machine), the load average before and after, and the ratio
# to the peer: MAGeCK 0.5.9.2 `mageck test` and DrugZ 1.1.0.2 are timed on the same table when they are installed
# (`mageck` on PATH; PEER_DRUGZ=/path/to/drugz.py, needs python3-pandas), otherwise the medians measured on this machine
# for the issue are used (8.7 s and 5.4 s; they cannot be installed here: no network to PyPI/GitHub) — each line says which.
# When DrugZ runs, its drugz.txt is compared with ours (max difference of normZ).
# Usage: bench/screens-vs-peers.sh [REPEATS=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-5}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$root/reslab" --help >/dev/null   # build once, outside the timing
s=$(date +%s.%N)
"$root/reslab" screen simulate "$root/bench/screens/genome-scale-screen.yaml" --seed 1 --analysis none --plots none --out "$work/sim" >/dev/null 2>&1
printf 'reslab screen simulate (81,000 sgRNAs x 5 samples, the table below): %.2f s\n' "$(echo "$(date +%s.%N) - $s" | bc -l)"
cp "$work/sim/counts.tsv" "$work/counts.tsv"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# One run: prints "wall cpu" (cpu = user + sys) of the command.
timeit() { /usr/bin/time -o "$work/time.txt" -f "%e %U %S" "$@" >/dev/null 2>&1; awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time.txt"; }
PEER_S=""  # set by run: the median wall time it measured
run() { # label peer_seconds peer_source command...
  local label="$1" peer="$2" source="$3"; shift 3
  local walls=() cpus=() w c
  for ((i = 0; i < repeats; i++)); do read -r w c < <(timeit "$@"); walls+=("$w"); cpus+=("$c"); done
  local mw mc; mw=$(printf '%s\n' "${walls[@]}" | median); mc=$(printf '%s\n' "${cpus[@]}" | median)
  PEER_S="$mw"
  if [ "$peer" = "-" ]; then
    printf '%-44s wall %6.2f s (runs: %s) cpu %5.2f s\n' "$label" "$mw" "$(printf '%.2f ' "${walls[@]}")" "$mc"
  else
    printf '%-44s wall %6.2f s (runs: %s) cpu %5.2f s | %s %.2f s -> %5.1fx faster\n' "$label" "$mw" "$(printf '%.2f ' "${walls[@]}")" "$mc" "$source" "$peer" "$(echo "$peer / $mw" | bc -l)"
  fi
}
echo "load before: $(uptime)"
args=(-t cisplatin_1,cisplatin_2 -c vehicle_1,vehicle_2)
mageck_s=8.7; mageck_src="MAGeCK (recorded median)"
if command -v mageck >/dev/null 2>&1; then
  run "MAGeCK mageck test (this machine)" - - mageck test -k "$work/counts.tsv" "${args[@]}" -n "$work/mageck/out"
  mageck_s="$PEER_S"; mageck_src="MAGeCK (measured)"
fi
drugz_s=5.4; drugz_src="DrugZ (recorded median)"
if [ -n "${PEER_DRUGZ:-}" ]; then
  run "DrugZ 1.1.0.2 (drugz.py, this machine)" - - /usr/bin/python3 "$PEER_DRUGZ" -i "$work/counts.tsv" -o "$work/peer_drugz.txt" -c vehicle_1,vehicle_2 -x cisplatin_1,cisplatin_2 -q
  drugz_s="$PEER_S"; drugz_src="DrugZ (measured)"
fi
run "reslab screen test (with plots, report)" "$mageck_s" "$mageck_src" "$root/reslab" screen test "$work/counts.tsv" "${args[@]}" --out "$work/test"
run "reslab screen test --plots none" "$mageck_s" "$mageck_src" "$root/reslab" screen test "$work/counts.tsv" "${args[@]}" --plots none --out "$work/test"
run "reslab screen drugz (with plots, report)" "$drugz_s" "$drugz_src" "$root/reslab" screen drugz "$work/counts.tsv" -x cisplatin_1,cisplatin_2 -c vehicle_1,vehicle_2 --out "$work/drugz"
run "reslab screen drugz --plots none" "$drugz_s" "$drugz_src" "$root/reslab" screen drugz "$work/counts.tsv" -x cisplatin_1,cisplatin_2 -c vehicle_1,vehicle_2 --plots none --out "$work/drugz"
echo "load after:  $(uptime)"
if [ -n "${PEER_DRUGZ:-}" ]; then
  /usr/bin/python3 - "$work/peer_drugz.txt" "$work/drugz/drugz.txt" <<'PY'
import sys
a = {l.split('\t')[0]: float(l.split('\t')[3]) for l in list(open(sys.argv[1]))[1:]}
b = {l.split('\t')[0]: float(l.split('\t')[3]) for l in list(open(sys.argv[2]))[1:]}
print("DrugZ vs ResLab normZ: %d genes, max |difference| %.3g (DrugZ prints 2 decimals)" % (len(a), max(abs(a[g] - b[g]) for g in a)))
PY
fi
