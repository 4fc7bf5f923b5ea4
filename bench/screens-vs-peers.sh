#!/usr/bin/env bash
# Whole-command timing of `reslab screen test` and `reslab screen drugz` (process start-up, reading, analysis, writing
# every output) on the genome-scale table of issue 6: 20,000 genes x 4 sgRNAs + 1,000 non-targeting x 5 samples,
# made by the screen simulator (`reslab screen simulate bench/screens/genome-scale-screen.yaml`, seed 1, deterministic;
# its own time is printed too). Prints the median of REPEATS runs with and without the figures, and
# the ratio to the peers' figures measured on this machine for the issue (MAGeCK 0.5.9.2 `mageck test` median 8.7 s,
# DrugZ 1.1.0.2 median 5.4 s), which cannot be installed here (no network to PyPI/GitHub).
# If PEER_DRUGZ=/path/to/drugz.py is set (hart-lab/drugz, needs python3-pandas), DrugZ itself is timed on the same
# table too and its drugz.txt compared with ours (max relative difference of normZ).
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
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
run() { # label peer_seconds command...
  local label="$1" peer="$2"; shift 2
  local times=() t
  for ((i = 0; i < repeats; i++)); do t=$(timeit "$@"); times+=("$t"); done
  local m; m=$(printf '%s\n' "${times[@]}" | median)
  printf '%-44s median %6.3f s  (runs: %s)  peer %s s -> %5.1fx faster\n' "$label" "$m" "$(printf '%.2f ' "${times[@]}")" "$peer" "$(echo "$peer / $m" | bc -l)"
}
args=(-t cisplatin_1,cisplatin_2 -c vehicle_1,vehicle_2)
run "reslab screen test (with plots, report)" 8.7 "$root/reslab" screen test "$work/counts.tsv" "${args[@]}" --out "$work/test"
run "reslab screen test --plots none" 8.7 "$root/reslab" screen test "$work/counts.tsv" "${args[@]}" --plots none --out "$work/test"
run "reslab screen drugz (with plots, report)" 5.4 "$root/reslab" screen drugz "$work/counts.tsv" -x cisplatin_1,cisplatin_2 -c vehicle_1,vehicle_2 --out "$work/drugz"
run "reslab screen drugz --plots none" 5.4 "$root/reslab" screen drugz "$work/counts.tsv" -x cisplatin_1,cisplatin_2 -c vehicle_1,vehicle_2 --plots none --out "$work/drugz"
if [ -n "${PEER_DRUGZ:-}" ]; then
  run "DrugZ 1.1.0.2 (drugz.py, this machine)" 5.4 /usr/bin/python3 "$PEER_DRUGZ" -i "$work/counts.tsv" -o "$work/peer_drugz.txt" -c vehicle_1,vehicle_2 -x cisplatin_1,cisplatin_2 -q
  /usr/bin/python3 - "$work/peer_drugz.txt" "$work/drugz/drugz.txt" <<'PY'
import sys
a = {l.split('\t')[0]: float(l.split('\t')[3]) for l in list(open(sys.argv[1]))[1:]}
b = {l.split('\t')[0]: float(l.split('\t')[3]) for l in list(open(sys.argv[2]))[1:]}
print("DrugZ vs ResLab normZ: %d genes, max |difference| %.3g (DrugZ prints 2 decimals)" % (len(a), max(abs(a[g] - b[g]) for g in a)))
PY
fi
