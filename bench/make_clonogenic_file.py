#!/usr/bin/env python3
"""Writes a simulated clonogenic file for the side-by-side benchmark: N lines x 4 experiments x 6 doses (0-6 Gy),
alpha ~ U(0.1, 0.6), beta ~ U(0.01, 0.06), PE ~ U(0.1, 0.4), ~50-200 expected colonies, Poisson counts.
Usage: make_clonogenic_file.py OUT.csv N [SEED]"""
import math, random, sys

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)

def poisson(lam):
    k, left = 0, lam
    while left > 0:
        step = min(left, 30.0); left -= step
        limit, p = math.exp(-step), 1.0
        while True:
            p *= rng.random()
            if p <= limit: break
            k += 1
    return k

with open(out, "w") as f:
    f.write("line,experiment,dose_gy,cells_seeded,colonies\n")
    for i in range(n):
        a, b = rng.uniform(0.1, 0.6), rng.uniform(0.01, 0.06)
        for e in range(1, 5):
            pe = rng.uniform(0.1, 0.4)
            for d in (0, 1, 2, 3, 4, 6):
                s = math.exp(-a * d - b * d * d)
                cells = max(10, int(round(rng.uniform(60, 200) / (pe * s), -1)))
                f.write(f"L{i:05d},e{e},{d},{cells},{poisson(cells * pe * s)}\n")
