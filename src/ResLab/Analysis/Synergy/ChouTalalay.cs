namespace ResLab.Analysis.Synergy;

/// <summary>The median-effect fit of one drug: log(fa/(1 − fa)) = m·log D − m·log Dm (Chou &amp; Talalay 1984, Adv Enzyme Regul 22:27, doi:10.1016/0065-2571(84)90007-4).</summary>
public sealed record MedianEffect(double M, double Dm, double R, int Points)
{
    /// <summary>The dose giving fraction affected fa: Dm·(fa/(1 − fa))^(1/m).</summary>
    public double DoseFor(double fa) => Dm * Math.Pow(fa / (1 - fa), 1 / M);
}

/// <summary>
/// Chou–Talalay combination index, an extra beside SynergyFinder's scores: each drug's median-effect line from its
/// single-agent wells with 0 &lt; fa &lt; 1 (fa = inhibition/100), then for a combination well with effect fa,
/// CI = d₁/D₁(fa) + d₂/D₂(fa). CI &lt; 1 is synergy, = 1 additivity, &gt; 1 antagonism. Undefined (NaN) where fa is
/// not in (0, 1) or a drug has fewer than two usable single-agent wells.
/// </summary>
public static class ChouTalalay
{
    public static MedianEffect? Fit(IReadOnlyList<double> dose, IReadOnlyList<double> inhibition)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < dose.Count; i++)
        {
            double fa = inhibition[i] / 100;
            if (!(dose[i] > 0) || !(fa > 0 && fa < 1)) continue;
            xs.Add(Math.Log(dose[i]));
            ys.Add(Math.Log(fa / (1 - fa)));
        }
        if (xs.Count < 2) return null;
        double mx = xs.Average(), my = ys.Average(), sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < xs.Count; i++) { sxx += (xs[i] - mx) * (xs[i] - mx); sxy += (xs[i] - mx) * (ys[i] - my); syy += (ys[i] - my) * (ys[i] - my); }
        // The median-effect principle needs an effect that grows with dose (m > 0); a flat or falling curve has no CI.
        if (!(sxx > 0) || !(sxy > 0)) return null;
        double m = sxy / sxx;
        return new MedianEffect(m, Math.Exp(mx - my / m), syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 1, xs.Count);
    }

    public static double Index(MedianEffect a, MedianEffect b, double d1, double d2, double inhibition)
    {
        double fa = inhibition / 100;
        if (!(fa > 0 && fa < 1)) return double.NaN;
        return d1 / a.DoseFor(fa) + d2 / b.DoseFor(fa);
    }

    /// <summary>CI of every combination well of a matrix (NaN elsewhere).</summary>
    public static double[,] Matrix(double[] conc1, double[] conc2, double[,] y)
    {
        int n1 = conc1.Length, n2 = conc2.Length;
        var a = Fit(conc1, Enumerable.Range(0, n1).Select(i => y[i, 0]).ToArray());
        var b = Fit(conc2, Enumerable.Range(0, n2).Select(j => y[0, j]).ToArray());
        var ci = new double[n1, n2];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                ci[i, j] = i == 0 || j == 0 || a is null || b is null ? double.NaN : Index(a, b, conc1[i], conc2[j], y[i, j]);
        return ci;
    }
}
