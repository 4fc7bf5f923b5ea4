#!/usr/bin/env python3
"""Deterministic genome-scale count table for the screen benchmarks (issue 6): GENES genes x 4 sgRNAs plus CONTROLS
non-targeting sgRNAs (one gene, "NonTargeting", as libraries label them) x 5 samples (T0, two vehicle and two cisplatin
replicates), in MAGeCK's count-table layout. Pure Python (random.Random, Mersenne Twister) so that the same seed gives
the same file on any machine and Python 3 version.

Model (ASSUMPTIONS, chosen to look like a real screen, not taken from data): plasmid abundance log-normal
(median 300 reads, sdlog 0.6); counts Poisson-gamma with dispersion 0.05 around abundance x effect x depth; 8 % of genes
essential (log2 effect -2 in all late samples), 1 % drug sensitisers (-1.5 under drug only), 0.5 % drug resistance
(+1.5 under drug only); sequencing depth differs by sample (0.8-1.3 x).

Usage: /usr/bin/python3 bench/make_screen_counts.py OUT.tsv [GENES=20000] [CONTROLS=1000] [SEED=20261123]
"""
import math
import random
import sys


def poisson(rng, lam):
    if lam < 30:
        # Knuth's multiplication method.
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= l:
                return k
            k += 1
    # Normal approximation with continuity correction (lam >= 30).
    return max(0, int(math.floor(rng.gauss(lam, math.sqrt(lam)) + 0.5)))


def main():
    out = sys.argv[1]
    genes = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    controls = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20261123
    rng = random.Random(seed)
    samples = ["T0", "vehicle_1", "vehicle_2", "cisplatin_1", "cisplatin_2"]
    depth = [1.0, 0.8, 1.1, 1.3, 0.9]
    dispersion = 0.05
    rows = []
    for g in range(genes):
        name = "GENE%05d" % (g + 1)
        u = rng.random()
        kind = "essential" if u < 0.08 else "sensitiser" if u < 0.09 else "resistance" if u < 0.095 else "neutral"
        for s in range(4):
            rows.append(("%s_sg%d" % (name, s + 1), name, kind))
    for c in range(controls):
        rows.append(("NonTargeting_%04d" % (c + 1), "NonTargeting", "neutral"))
    with open(out, "w") as f:
        f.write("sgRNA\tGene\t" + "\t".join(samples) + "\n")
        for sg, gene, kind in rows:
            a = 300.0 * math.exp(rng.gauss(0.0, 0.6))
            eff = rng.uniform(0.6, 1.0)  # sgRNA efficiency
            cells = []
            for j, name in enumerate(samples):
                lfc = 0.0
                if j > 0 and kind == "essential":
                    lfc = -2.0 * eff
                if j >= 3 and kind == "sensitiser":
                    lfc = -1.5 * eff
                if j >= 3 and kind == "resistance":
                    lfc = 1.5 * eff
                mu = a * depth[j] * 2.0 ** lfc
                lam = rng.gammavariate(1.0 / dispersion, mu * dispersion)
                cells.append(str(poisson(rng, lam)))
            f.write(sg + "\t" + gene + "\t" + "\t".join(cells) + "\n")


if __name__ == "__main__":
    main()
