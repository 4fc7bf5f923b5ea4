#!/usr/bin/env python3
"""Regenerates the SIMULATED example files of this folder (deterministic: fixed seeds; Python standard library only).

Every number here is an ASSUMPTION chosen to look like a head and neck squamous cell carcinoma (HNSCC) colony
assay, not a measurement:
  * HN-sim1: an HPV-negative HNSCC-like line, alpha = 0.25 /Gy, beta = 0.030 /Gy^2 (alpha/beta ~ 8 Gy, SF2 ~ 0.54);
    HN-sim1-RR: a radioresistant derivative, alpha = 0.15, beta = 0.025 (SF2 ~ 0.67).
  * ATR inhibitor (an AZD6738-like radiosensitiser, 1 uM, simulated): multiplies alpha by 1.7 and beta by 1.5 in
    HN-sim1 and by 1.9 and 1.6 in HN-sim1-RR (sensitiser enhancement ratios of ~1.5 at SF 0.1). The drug alone
    lowers plating efficiency by 15 %.
  * Hypoxia: a dose-modifying oxygen enhancement ratio OER = 2.8 at all survival levels (alpha/OER, beta/OER^2),
    inside the 2.5-3 usually quoted for X-rays (Hall EJ, Giaccia AJ. Radiobiology for the Radiologist, 7th ed.,
    Lippincott Williams & Wilkins 2012, ch. 6).
  * Fractionation: the LQ model S = exp(-n(alpha d + beta d^2)) with 2-Gy fractions, plus single doses.
  * Plating efficiency per experiment ~ 0.3-0.45 (0.5-0.65 for the less clonogenic wells is not modelled);
    cells seeded grow with dose so that ~50-200 colonies are expected; counts are gamma-Poisson with shape 60
    (extra-Poisson variation of experiments, dispersion ~ 2-5 as in CFAssay's example data).
Run: python3 examples/clonogenic/make_examples.py
"""
import math, os, random

here = os.path.dirname(os.path.abspath(__file__))

def poisson(rng, lam):
    # Knuth's product of uniforms, in chunks so that large means do not underflow.
    k, left = 0, lam
    while left > 0:
        step = min(left, 30.0)
        left -= step
        limit, p = math.exp(-step), 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                break
            k += 1
    return k

def count(rng, mean, shape=60.0):
    return poisson(rng, mean * rng.gammavariate(shape, 1.0 / shape))

def seeded(rng, pe, sf, target):
    return int(round(target / (pe * sf) / 10.0)) * 10 or 10

def write(name, header, rows):
    with open(os.path.join(here, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")

DOSES = [0, 1, 2, 4, 6, 8]

# 1. Radiosensitiser: two lines x (vehicle, ATR inhibitor), 3 experiments each.
rng = random.Random(20261124)
lines = {"HN-sim1": (0.25, 0.030, 1.7, 1.5), "HN-sim1-RR": (0.15, 0.025, 1.9, 1.6)}
rows = []
for line, (a, b, fa, fb) in lines.items():
    for e in (1, 2, 3):
        pe = rng.uniform(0.30, 0.45)
        for treatment, (aa, bb, pe_t) in {"vehicle": (a, b, pe), "ATRi": (a * fa, b * fb, 0.85 * pe)}.items():
            for d in DOSES:
                sf = math.exp(-aa * d - bb * d * d)
                cells = seeded(rng, pe_t, sf, rng.uniform(80, 160))
                rows.append((line, treatment, f"exp{e}", d, cells, count(rng, cells * pe_t * sf)))
write("hnscc_atr_radiosensitiser.csv", ["line", "treatment", "experiment", "dose_gy", "cells_seeded", "colonies"], rows)

# 2. Oxygen: HN-sim1 under normoxia (21 % O2) and hypoxia (0.1 % O2 during irradiation), 3 experiments each.
rng = random.Random(42)
a, b, oer = 0.25, 0.030, 2.8
rows = []
for e in (1, 2, 3):
    for oxygen, (aa, bb) in {"normoxia": (a, b), "hypoxia": (a / oer, b / oer ** 2)}.items():
        pe = rng.uniform(0.30, 0.45)
        for d in [0, 2, 4, 6, 8, 12, 16]:
            sf = math.exp(-aa * d - bb * d * d)
            cells = seeded(rng, pe, sf, rng.uniform(80, 160))
            rows.append(("HN-sim1", oxygen, f"exp{e}", d, cells, count(rng, cells * pe * sf)))
write("hnscc_hypoxia_oer.csv", ["line", "oxygen", "experiment", "dose_gy", "cells_seeded", "colonies"], rows)

# 3. Fractionation: single doses and n x 2 Gy (total dose in dose_gy), 3 experiments.
rng = random.Random(7)
rows = []
for e in (1, 2, 3):
    pe = rng.uniform(0.30, 0.45)
    for d, n in [(0, 1), (2, 1), (4, 1), (6, 1), (8, 1), (4, 2), (6, 3), (8, 4), (10, 5)]:
        sf = math.exp(-n * (a * (d / n) + b * (d / n) ** 2))
        cells = seeded(rng, pe, sf, rng.uniform(80, 160))
        rows.append(("HN-sim1", f"exp{e}", d, n, cells, count(rng, cells * pe * sf)))
write("hnscc_fractionated.csv", ["line", "experiment", "dose_gy", "fractions", "cells_seeded", "colonies"], rows)
