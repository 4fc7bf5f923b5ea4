#!/usr/bin/env bash
# Side-by-side timing of `reslab clonogenic fit` (the whole command: start-up, reading, an ML/PE-fit LQ fit per line
# with SF2 CI, D10/D37/D50, MID, plating efficiencies and pointwise means, the overall F test of all lines (<= 100
# lines), writing every table and report.html) against R's stats::glm(quasipoisson) fitting the same model per line
# and taking summary() for the SEs — the computation at the core of CFAssay's cellsurvLQfit (CFAssay itself is not
# packaged in Debian). Prints median wall times of REPEATS runs, the ratio, and the largest relative difference of
# alpha between the two. Needs: dotnet, Rscript (apt-get install -y r-base-core), bc.
# Usage: bench/clonogenic-vs-peers.sh [N_LINES] [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100}"; repeats="${2:-3}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 "$root/bench/make_clonogenic_file.py" "$work/counts.csv" "$n"
"$root/reslab" --help >/dev/null   # build once, outside the timing
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
cat > "$work/glm.R" <<'R'
d <- read.csv(commandArgs(TRUE)[1])
d$dose2 <- d$dose_gy^2
out <- do.call(rbind, lapply(split(d, d$line), function(s) {
  m <- glm(colonies ~ 0 + factor(experiment) + dose_gy + dose2, offset = log(cells_seeded), family = quasipoisson(link = "log"), data = s)
  cf <- summary(m)$coefficients
  data.frame(line = s$line[1], alpha = -cf["dose_gy", 1], alpha_se = cf["dose_gy", 2], beta = -cf["dose2", 1], beta_se = cf["dose2", 2])
}))
write.csv(out, commandArgs(TRUE)[2], row.names = FALSE)
R
declare -A med
for tool in reslab R_glm; do
  times=()
  for ((i = 0; i < repeats; i++)); do
    case $tool in
      reslab) t=$(timeit "$root/reslab" clonogenic fit "$work/counts.csv" --plots none --out "$work/out-reslab") ;;
      R_glm)  t=$(timeit Rscript "$work/glm.R" "$work/counts.csv" "$work/out-r.csv") ;;
    esac
    times+=("$t")
  done
  med[$tool]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-7s runs: %s  median %.2f s = %.3f ms/line\n' "$tool" "${times[*]}" "${med[$tool]}" "$(echo "${med[$tool]} * 1000 / $n" | bc -l)"
done
printf 'R glm / reslab: %.1f x\n' "$(echo "${med[R_glm]} / ${med[reslab]}" | bc -l)"
python3 - "$work/out-reslab/lq_fits.csv" "$work/out-r.csv" <<'PY'
import csv, sys
a = {r["line"]: float(r["alpha"]) for r in csv.DictReader(open(sys.argv[1]))}
b = {r["line"]: float(r["alpha"]) for r in csv.DictReader(open(sys.argv[2]))}
print("max relative difference of alpha, reslab vs R glm: %.1e over %d lines" % (max(abs(a[k] / b[k] - 1) for k in b), len(b)))
PY
