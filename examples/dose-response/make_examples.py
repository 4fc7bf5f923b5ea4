#!/usr/bin/env python3
"""Regenerates the example files of this folder (deterministic: fixed seeds).

The numbers are SIMULATED for illustration (an assumption, not measurements): a cisplatin-sensitive parental
HNSCC line with IC50 ~ 4 uM and a cisplatin-resistant subline with IC50 ~ 16 uM (resistance index ~ 4), in the
range reported for HNSCC lines and their resistant derivatives (low-micromolar parental IC50s, resistance
indices of 2-10; see shared/seeds/002_* for the review). Curves are drc LL.4 with Gaussian noise.
Run: python3 examples/dose-response/make_examples.py
"""
import math, random, os

here = os.path.dirname(os.path.abspath(__file__))

def ll4(x, b, c, d, e):
    return d if x == 0 else c + (d - c) / (1 + math.exp(b * (math.log(x) - math.log(e))))

# 1. Tidy file: two lines, 8 doses + vehicle, 3 replicates, % viability (MTT, 72 h).
rng = random.Random(20261123)
doses = [0, 0.3, 1, 3, 10, 30, 100, 300]
lines = {"parental": (1.2, 5.0, 100.0, 4.0), "resistant": (1.1, 8.0, 100.0, 16.0)}
with open(os.path.join(here, "cisplatin_parental_vs_resistant.csv"), "w") as f:
    f.write("line,drug,dose_uM,replicate,viability\n")
    for line, (b, c, d, e) in lines.items():
        for x in doses:
            for rep in (1, 2, 3):
                y = ll4(x, b, c, d, e) + rng.gauss(0, 4.0)
                f.write(f"{line},cisplatin,{x},{rep},{y:.2f}\n")

# 2. A 96-well plate (absorbance at 570 nm) and its layout: columns 1 and 12 blank, rows A-C parental and
#    E-G resistant treated with 10 doses (columns 2-11), rows D and H vehicle for each line.
rng = random.Random(7)
plate_doses = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000]
blank, top = 0.08, 1.25
grid = [[0.0] * 12 for _ in range(8)]
layout = ["well,role,line,drug,dose"]
for r in range(8):
    for c in range(12):
        well = f"{'ABCDEFGH'[r]}{c + 1}"
        if c in (0, 11):
            grid[r][c] = blank + rng.gauss(0, 0.005)
            layout.append(f"{well},blank,,,")
            continue
        line = "parental" if r < 4 else "resistant"
        if r in (3, 7):
            grid[r][c] = blank + top * (1 + rng.gauss(0, 0.04))
            layout.append(f"{well},vehicle,{line},,")
            continue
        b, cc, d, e = lines[line]
        x = plate_doses[c - 1]
        frac = ll4(x, b, cc, d, e) / 100
        grid[r][c] = blank + top * frac * (1 + rng.gauss(0, 0.04))
        layout.append(f"{well},treated,{line},cisplatin,{x}")
with open(os.path.join(here, "plate_cisplatin_mtt.csv"), "w") as f:
    f.write("Plate 1 absorbance 570 nm (simulated example)\n")
    f.write("," + ",".join(str(i) for i in range(1, 13)) + "\n")
    for r in range(8):
        f.write("ABCDEFGH"[r] + "," + ",".join(f"{v:.4f}" for v in grid[r]) + "\n")
with open(os.path.join(here, "plate_cisplatin_layout.csv"), "w") as f:
    f.write("\n".join(layout) + "\n")

# 3. GR input (GRmetrics Case A): cell counts after 72 h, time-zero and vehicle counts, two lines.
rng = random.Random(11)
gr_doses = [0.1, 0.3, 1, 3, 10, 30, 100]
with open(os.path.join(here, "gr_cisplatin_caseA.csv"), "w") as f:
    f.write("cell_line,treatment,time,replicate,concentration,cell_count,cell_count__ctrl,cell_count__time0\n")
    for line, (gec50, grinf, h) in {"parental": (3.0, -0.4, 1.5), "resistant": (15.0, 0.1, 1.3)}.items():
        for rep in (1, 2, 3):
            x0 = 1000 * (1 + rng.gauss(0, 0.03))
            xc = x0 * 2 ** 2.5 * (1 + rng.gauss(0, 0.03))   # 2.5 doublings in 72 h
            for x in gr_doses:
                gr = grinf + (1 - grinf) / (1 + (x / gec50) ** h)
                # invert GR = 2^(k(c)/k(0)) - 1 for the treated count
                count = x0 * 2 ** (math.log2(gr + 1) * math.log2(xc / x0)) * (1 + rng.gauss(0, 0.03))
                f.write(f"{line},cisplatin,72,{rep},{x},{count:.1f},{xc:.1f},{x0:.1f}\n")
