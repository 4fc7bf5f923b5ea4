using System.Runtime.CompilerServices;
using ResLab.Analysis.Statistics;

namespace ResLab.Screens.Mageck;

/// <summary>
/// MAGeCK's QNormConverter: the sgRNA score θ = qnorm(p.low) is read off a shipped table of (log p, qnorm) pairs by
/// linear interpolation, and a log p outside the table gives no value (MAGeCK then falls back to the z statistic).
/// MAGeCK's <c>qnorm_table.txt</c> itself is not available to us; the table reconstructed here — grid points at the
/// multiples of 0.001 in log p, exact quantiles, the last point at log p = −0.001 — reproduces every one of the 2,519
/// depleted-sgRNA scores in the four MAGeCK 0.5.9.2 reference runs (tests), whereas exact quantiles miss 22 of them
/// in the fifth digit, and other steps or offsets miss 6 or more. ASSUMPTION: the low end of the table reaches below
/// any attainable log p (the runs use it down to −33.7; a double's smallest p gives −745).
/// </summary>
public static class QnormTable
{
    public const double Step = 0.001;
    public const double LogPMax = -0.001;

    /// <summary>θ for log p, or null where MAGeCK's table has no entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double? Theta(double logP)
    {
        if (!(logP <= LogPMax)) return null; // NaN or beyond the table's upper end
        double k = Math.Floor(logP / Step);
        double x0 = k * Step;
        double frac = (logP - x0) / Step;
        if (frac < 0) frac = 0;
        if (frac > 1) frac = 1;
        double q0 = NormalQuantile.OfLog(x0), q1 = NormalQuantile.OfLog(Math.Min((k + 1) * Step, LogPMax));
        return q0 * (1.0 - frac) + q1 * frac;
    }
}
