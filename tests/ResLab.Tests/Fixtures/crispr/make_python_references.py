#!/usr/bin/env python3
"""Reference values from the peers' own runtimes (Debian python3 3.11.2, numpy 1.24.2, scipy 1.10.1), for ResLab's tests:
  python_number_formats.tsv  the IEEE bits of x (int64), repr(x), '{:.5g}'.format(x), '%.4e' % x, '%f' % x  (the spellings of MAGeCK's summaries)
  numpy_argsort.tsv          numpy argsort(kind='quicksort') and pandas-style descending order (DrugZ's guide sort)
  normal_quantiles.tsv       scipy.special.ndtri(exp(log p))  (MAGeCK's qnorm table, and AS 241)
Run: /usr/bin/python3 make_python_references.py   (in this directory; deterministic)"""
import math
import random
import struct
import numpy as np
from scipy.special import ndtri

rng = random.Random(20261123)
vals = [0.0, -0.0, 1.0, 0.5, 2.5, 1.03125, 12344.5, 12345.5, 99999.5, 0.1, 1e-5, 1e-4, 0.0001234567, 1e15, 1e16, 123456789012345678.0,
        5e-324, 3.6799e-06, 5.489e-05, 0.005489, 0.996043, -0.8638, 17.525, 4.6563e-69, 1.2774e+05, 313.08251997879887, 9.99995e-5,
        0.000099999, 1e-300, 1e300, 7.0, 100000.0, 0.30000000000000004, 2.0 ** -20, 1234.5678, -1e-7]
for _ in range(400):
    k = rng.randint(-12, 12)
    vals.append(rng.random() * 10.0 ** k * (1 if rng.random() < 0.8 else -1))
for _ in range(100):
    vals.append(rng.randint(0, 200000) / 2.0 ** rng.randint(0, 10))
with open("python_number_formats.tsv", "w") as f:
    f.write("bits\trepr\tg5\te4\tf6\n")
    for x in vals:
        f.write("%d\t%s\t%s\t%s\t%s\n" % (struct.unpack("<q", struct.pack("<d", x))[0], repr(x), "{:.5g}".format(x), "%.4e" % x, "%f" % x))

nrng = np.random.default_rng(5)
with open("numpy_argsort.tsv", "w") as f:
    f.write("n\tvalues\tascending\tdescending\n")
    for n in [17, 40, 1000, 5000]:
        for hi in [3, 50, 0]:
            v = nrng.integers(0, hi, n).astype(np.float64) if hi else np.round(nrng.lognormal(5, 1, n))
            asc = np.argsort(v, kind="quicksort")
            idx = np.arange(n)
            desc = idx[::-1][v[::-1].argsort(kind="quicksort")][::-1]
            f.write("%d\t%s\t%s\t%s\n" % (n, ",".join(repr(float(x)) for x in v), ",".join(map(str, asc)), ",".join(map(str, desc))))

with open("normal_quantiles.tsv", "w") as f:
    f.write("log_p\tquantile\n")
    lps = [-700, -500, -300, -100, -50, -33.7, -25.1, -10, -5, -2, -1, -0.7, -0.5, -0.2, -0.08, -0.05, -0.01, -0.001, -1e-5, -1e-8]
    lps += [math.log(p) for p in [1e-300, 1e-100, 1e-20, 1e-11, 1e-5, 0.001, 0.02425, 0.075, 0.3, 0.5, 0.7, 0.925, 0.975, 0.999]]
    for lp in lps:
        f.write("%r\t%r\n" % (lp, float(ndtri(math.exp(lp)))))
