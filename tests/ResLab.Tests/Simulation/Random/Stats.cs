using MathNet.Numerics.Distributions;

namespace ResLab.Tests.Simulation.Random;

/// <summary>Goodness-of-fit helpers for the sampler tests.</summary>
public static class Stats
{
    /// <summary>Pearson chi-square p-value; bins with expected count below 5 are pooled with their neighbours.</summary>
    public static double ChiSquareP(IReadOnlyList<long> observed, IReadOnlyList<double> expected)
    {
        var o = new List<double>();
        var e = new List<double>();
        double po = 0, pe = 0;
        for (int i = 0; i < observed.Count; i++)
        {
            po += observed[i]; pe += expected[i];
            if (pe >= 5) { o.Add(po); e.Add(pe); po = 0; pe = 0; }
        }
        if (pe > 0 || po > 0)
        {
            if (e.Count == 0) { o.Add(po); e.Add(pe); }
            else { o[^1] += po; e[^1] += pe; }
        }
        double chi = 0;
        for (int i = 0; i < o.Count; i++) chi += (o[i] - e[i]) * (o[i] - e[i]) / e[i];
        int df = o.Count - 1;
        return df <= 0 ? 1 : 1 - ChiSquared.CDF(df, chi);
    }

    /// <summary>Chi-square test of integer draws against a PMF over [lo, hi] (the tails pooled into the end bins).</summary>
    public static double ChiSquareP(IReadOnlyList<long> draws, Func<long, double> pmf, long lo, long hi)
    {
        int width = (int)(hi - lo + 1);
        var obs = new long[width + 2];
        foreach (var d in draws)
        {
            if (d < lo) obs[0]++;
            else if (d > hi) obs[width + 1]++;
            else obs[d - lo + 1]++;
        }
        var exp = new double[width + 2];
        double inside = 0;
        for (long k = lo; k <= hi; k++) { exp[k - lo + 1] = pmf(k) * draws.Count; inside += pmf(k); }
        // the tails' probability, split by CDF side
        double lower = 0;
        for (long k = Math.Max(0, lo - 2000); k < lo; k++) lower += pmf(k);
        exp[0] = lower * draws.Count;
        exp[width + 1] = Math.Max(0, 1 - inside - lower) * draws.Count;
        return ChiSquareP(obs, exp);
    }

    /// <summary>Kolmogorov–Smirnov p-value (asymptotic) of continuous draws against a CDF.</summary>
    public static double KolmogorovSmirnovP(double[] draws, Func<double, double> cdf)
    {
        var x = (double[])draws.Clone();
        Array.Sort(x);
        int n = x.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(x[i]);
            d = Math.Max(d, Math.Max(f - (double)i / n, (double)(i + 1) / n - f));
        }
        double lambda = (Math.Sqrt(n) + 0.12 + 0.11 / Math.Sqrt(n)) * d;
        double p = 0;
        for (int j = 1; j <= 100; j++) p += 2 * Math.Pow(-1, j - 1) * Math.Exp(-2 * j * j * lambda * lambda);
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>Two-sided p-value of a z statistic.</summary>
    public static double ZP(double z) => 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
}
