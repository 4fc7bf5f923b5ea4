namespace ResLab.Analysis.Fitting;

/// <summary>
/// Profile-likelihood confidence intervals (Prism 7+'s recommended "asymmetric" CIs): for parameter k the interval
/// holds every value v at which the model refitted with θ_k = v has RSS(v) ≤ RSS·(1 + F(level; 1, df)/df), the
/// extra-sum-of-squares F test. Found by bracketing outwards and bisecting, each point a warm-started refit.
/// </summary>
public static class ProfileLikelihood
{
    public static (double Lower, double Upper) Interval<TProblem>(ref TProblem problem, ReadOnlySpan<double> thetaHat, double rssHat, int df,
        int k, double level, double initialStep, ReadOnlySpan<double> lower = default, ReadOnlySpan<double> upper = default, LmOptions? options = null)
        where TProblem : ILeastSquaresProblem
    {
        if (df <= 0 || !(rssHat >= 0)) return (double.NaN, double.NaN);
        double target = rssHat * (1 + TQuantiles.FQuantile(1, df, level) / df);
        if (!(initialStep > 0) || !double.IsFinite(initialStep)) initialStep = Math.Max(1e-3, Math.Abs(thetaHat[k]) * 0.1);
        var lo = Side(ref problem, thetaHat, k, -1, target, initialStep, lower, upper, options);
        var hi = Side(ref problem, thetaHat, k, +1, target, initialStep, lower, upper, options);
        return (lo, hi);
    }

    /// <summary>RSS of the fit with θ_k held at <paramref name="value"/>, warm-started from (and updating) <paramref name="theta"/>.</summary>
    public static double ProfileRss<TProblem>(ref TProblem problem, double[] theta, int k, double value,
        ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, LmOptions? options)
        where TProblem : ILeastSquaresProblem
    {
        Span<bool> mask = stackalloc bool[theta.Length];
        mask[k] = true;
        theta[k] = value;
        var report = LevenbergMarquardt.Solve(ref problem, theta, lower, upper, options, mask);
        return report.Rss;
    }

    private static double Side<TProblem>(ref TProblem problem, ReadOnlySpan<double> thetaHat, int k, int dir, double target, double step,
        ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, LmOptions? options)
        where TProblem : ILeastSquaresProblem
    {
        var theta = thetaHat.ToArray();
        double inner = thetaHat[k], outer = double.NaN;
        double bound = dir < 0 ? (lower.Length > k ? lower[k] : double.NegativeInfinity) : (upper.Length > k ? upper[k] : double.PositiveInfinity);
        for (int j = 0; j < 40; j++)
        {
            double v = thetaHat[k] + dir * step * Math.Pow(2, j);
            if (dir < 0 ? v <= bound : v >= bound)
            {
                double rb = ProfileRss(ref problem, theta, k, bound, lower, upper, options);
                if (!(rb > target)) return bound; // the interval reaches the constraint
                outer = bound;
                break;
            }
            double r = ProfileRss(ref problem, theta, k, v, lower, upper, options);
            if (r > target || !double.IsFinite(r)) { outer = v; break; }
            inner = v;
        }
        if (double.IsNaN(outer)) return dir < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        // Bisection between the last point inside and the first outside.
        var warm = thetaHat.ToArray();
        for (int it = 0; it < 60 && Math.Abs(outer - inner) > 1e-10 * (Math.Abs(inner) + 1e-12); it++)
        {
            double mid = 0.5 * (inner + outer);
            var t = (double[])warm.Clone();
            double r = ProfileRss(ref problem, t, k, mid, lower, upper, options);
            if (r > target || !double.IsFinite(r)) outer = mid;
            else { inner = mid; warm = t; }
        }
        return 0.5 * (inner + outer);
    }
}
