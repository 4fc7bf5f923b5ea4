using ResLab.Analysis.Fitting;

namespace ResLab.Sweeps;

/// <summary>A metric summarised over the replicates of a point: mean with a 95 % confidence interval.</summary>
public sealed record MetricSummary(int N, int Missing, double Mean, double Lower, double Upper, double Median, double Sd);

/// <summary>Summaries over replicates: t intervals for means, Wilson intervals for proportions (0/1 metrics).</summary>
public static class SweepSummary
{
    public static MetricSummary Summarise(IReadOnlyList<double> values, bool indicator, double level = 0.95)
    {
        var v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        int missing = values.Count - v.Length;
        if (v.Length == 0) return new MetricSummary(0, missing, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = v.Average();
        double median = v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN;
        if (indicator)
        {
            var (lo, hi) = Wilson(v.Sum(), v.Length, level);
            return new MetricSummary(v.Length, missing, mean, lo, hi, median, sd);
        }
        if (v.Length < 2) return new MetricSummary(v.Length, missing, mean, double.NaN, double.NaN, median, sd);
        double half = TQuantiles.TwoSided(v.Length - 1, level) * sd / Math.Sqrt(v.Length);
        return new MetricSummary(v.Length, missing, mean, mean - half, mean + half, median, sd);
    }

    /// <summary>Wilson score interval for k successes in n trials (Wilson 1927).</summary>
    public static (double Lower, double Upper) Wilson(double k, int n, double level = 0.95)
    {
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double p = k / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
