#!/usr/bin/env python3
"""Regenerates the SIMULATED example files of this folder (deterministic: fixed seeds; Python standard library only).

Every number is an ASSUMPTION chosen to look like an HNSCC drug-combination screen, not a measurement:
  * cisplatin alone: LL.4 viability with IC50 4 uM (parental) or 16 uM (cisplatin-resistant subline), Hill slope 1.2,
    bottom 5 % (as in examples/dose-response);
  * telaglenastat (CB-839, a glutaminase GLS1 inhibitor) alone: at most 35 % inhibition, IC50 150 nM, Hill 1;
  * combination: GLS1 inhibition depletes glutathione, so it lowers the cisplatin IC50 by a factor
    1 + k * (telaglenastat effect / max effect) with k = 1.5 (parental) or 3 (resistant, more GSH-dependent) -- a
    potency shift that makes the combination synergistic beyond Bliss;
  * 6 x 6 matrix (cisplatin 0, 0.5 ... 64 uM; telaglenastat 0, 16 ... 1000 nM), 3 replicate wells, N(0, 4 %) noise.
Writes cisplatin_telaglenastat_long.csv (two lines, long format with replicates) and
cisplatin_telaglenastat_matrix.csv (the parental replicate means as a dose matrix with units in the headers).
Run: python3 examples/synergy/make_examples.py
"""
import os, random

here = os.path.dirname(os.path.abspath(__file__))
cis = [0, 0.5, 2, 8, 32, 64]          # uM
gls = [0, 16, 62.5, 250, 500, 1000]   # nM

def viability(c, g, ic50, k):
    tg = 0.35 * g / (g + 150.0) if g > 0 else 0.0          # telaglenastat inhibition (fraction)
    ic = ic50 / (1 + k * tg / 0.35)
    fc = 0.0 if c == 0 else 0.95 / (1 + (ic / c) ** 1.2)   # cisplatin inhibition (fraction, bottom 5 %)
    return 100 * (1 - fc) * (1 - tg)

rng = random.Random(20261125)
rows, means = [], {}
for block, line, ic50, k in [("1", "HN-sim1 parental", 4.0, 1.5), ("2", "HN-sim1 cisplatin-resistant", 16.0, 3.0)]:
    for c in cis:
        for g in gls:
            vals = [viability(c, g, ic50, k) + rng.gauss(0, 4.0) for _ in range(3)]
            if block == "1":
                means[(c, g)] = sum(vals) / 3
            for r, v in enumerate(vals, 1):
                rows.append((block, line, "cisplatin", c, "telaglenastat", g, f"{v:.2f}", r, "uM", "nM"))
with open(os.path.join(here, "cisplatin_telaglenastat_long.csv"), "w") as f:
    f.write("block,line,drug1,conc1,drug2,conc2,response,replicate,conc_unit1,conc_unit2\n")
    for r in rows:
        f.write(",".join(str(v) for v in r) + "\n")
with open(os.path.join(here, "cisplatin_telaglenastat_matrix.csv"), "w") as f:
    f.write("cisplatin \\ telaglenastat," + ",".join(f"{g} nM" for g in gls) + "\n")
    for c in cis:
        f.write(f"{c} uM," + ",".join(f"{means[(c, g)]:.2f}" for g in gls) + "\n")
