#!/usr/bin/env bash
# Side-by-side timing of `reslab synergy score` (the whole command: start-up, reading, the 2 single-drug and 10 ZIP
# row/column fits per 6x6 block on drc's optimiser path, Bliss/HSA/Loewe/ZIP/CI, writing the tables and report.html)
# against R doing the same fits with base R's optim (bench/peers/drc_path_synergyfinder.R) plus Bliss and HSA. R
# drc's drm() adds its own overhead on top of optim (~24 ms per curve measured for issue 2) and SynergyFinder more,
# so the R figure is a lower bound for SynergyFinder (which needs drc and cannot be installed here).
# Input: the Mathews blocks repeated to N blocks. Needs: dotnet, Rscript (apt-get install -y r-base-core), bc.
# Usage: bench/synergy-vs-R.sh [N_BLOCKS] [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100}"; repeats="${2:-3}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 - "$root/examples/synergy/mathews_screening_data.csv" "$work/blocks.csv" "$n" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]))); head, body = rows[0], rows[1:]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f); w.writerow(head)
    for k in range(int(sys.argv[3])):
        for r in body:
            if r[0] == str(1 + k % 2): w.writerow([str(k + 1)] + r[1:])
PY
"$root/reslab" --help >/dev/null
cat > "$work/score.R" <<R
source("$root/bench/peers/drc_path_synergyfinder.R")
d <- read.csv(commandArgs(TRUE)[1]); d\$response <- 100 - d\$response
out <- do.call(rbind, lapply(split(d, d\$block_id), function(s) {
  D1 <- sort(unique(s\$conc_r)); D2 <- sort(unique(s\$conc_c))
  Y <- matrix(NA, length(D1), length(D2)); Y[cbind(match(s\$conc_r, D1), match(s\$conc_c, D2))] <- s\$response
  m1 <- fitDR(D1, Y[, 1]); m2 <- fitDR(D2, Y[1, ])
  for (j in 2:length(D2)) fitDR(D1, Y[, j], Y[1, j]); for (i in 2:length(D1)) fitDR(D2, Y[i, ], Y[i, 1])
  bl <- outer(Y[-1, 1], Y[1, -1], function(a, b) a + b - a * b / 100); hs <- outer(Y[-1, 1], Y[1, -1], pmax)
  data.frame(block = s\$block_id[1], bliss = mean(Y[-1, -1] - bl), hsa = mean(Y[-1, -1] - hs))
}))
write.csv(out, commandArgs(TRUE)[2], row.names = FALSE)
R
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
declare -A med
for tool in reslab R_optim; do
  times=()
  for ((i = 0; i < repeats; i++)); do
    case $tool in
      reslab)  t=$(timeit "$root/reslab" synergy score "$work/blocks.csv" --plots none --out "$work/out") ;;
      R_optim) t=$(timeit Rscript "$work/score.R" "$work/blocks.csv" "$work/r.csv") ;;
    esac
    times+=("$t")
  done
  med[$tool]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-8s runs: %s  median %.2f s = %.2f ms/block\n' "$tool" "${times[*]}" "${med[$tool]}" "$(echo "${med[$tool]} * 1000 / $n" | bc -l)"
done
printf 'R optim / reslab: %.1f x\n' "$(echo "${med[R_optim]} / ${med[reslab]}" | bc -l)"
