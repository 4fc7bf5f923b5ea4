#!/usr/bin/env python3
"""Writes the benchmark file: N LL.4 curves (default 10,000) x 8 doses x 3 replicates, long format
(curve,dose,response). Parameters vary per curve; noise is Gaussian. Deterministic (seed 1).
Usage: make_dose_response_file.py OUT.csv [N]"""
import math, random, sys
out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10000
rng = random.Random(1)
doses = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]
with open(out, "w") as f:
    f.write("curve,dose,response\n")
    for i in range(n):
        b = rng.uniform(0.7, 2.5); c = rng.uniform(0, 20); d = rng.uniform(90, 110); e = math.exp(rng.uniform(math.log(0.05), math.log(5)))
        for x in doses:
            mu = c + (d - c) / (1 + math.exp(b * (math.log(x) - math.log(e))))
            for _ in range(3):
                f.write(f"c{i:05d},{x},{mu + rng.gauss(0, 4):.4f}\n")
