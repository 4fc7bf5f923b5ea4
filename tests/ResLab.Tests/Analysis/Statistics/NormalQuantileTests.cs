using System.Globalization;
using ResLab.Analysis.Statistics;
using ResLab.Tests.Analysis;

namespace ResLab.Tests.Analysis.Statistics;

public class NormalQuantileTests
{
    /// <summary>Against scipy's ndtri (Fixtures/crispr/normal_quantiles.tsv) from log p = −700 to −1e-8.</summary>
    [Fact]
    public void Matches_scipy_ndtri_in_both_tails_and_the_centre()
    {
        foreach (var line in File.ReadLines(Fixtures.Path("crispr", "normal_quantiles.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            double lp = double.Parse(f[0], CultureInfo.InvariantCulture), q = double.Parse(f[1], CultureInfo.InvariantCulture);
            // scipy is given p = exp(log p), whose rounding costs up to 1e-16/(1 − p) relative in the upper tail; OfLog
            // works from log p itself (1 − p = −expm1(log p)), so there the reference is the less exact of the two.
            Fixtures.Close(q, NormalQuantile.OfLog(lp), lp > -0.1 ? 1e-16 / -lp + 1e-13 : 1e-13, $"qnorm(log p = {lp})");
            if (lp > -700) Fixtures.Close(q, NormalQuantile.Of(Math.Exp(lp)), 1e-13, $"qnorm(p = exp({lp}))");
        }
    }

    [Fact]
    public void Inverts_the_normal_cdf()
    {
        foreach (var z in new[] { -30.0, -8.0, -3.0, -1.0, -0.1, 0.0, 0.4, 1.96, 5.0 })
            Assert.Equal(z, NormalQuantile.Of(MathNet.Numerics.Distributions.Normal.CDF(0, 1, z)), 1e-9 * Math.Max(1, Math.Abs(z)));
        Assert.Equal(double.NegativeInfinity, NormalQuantile.Of(0));
        Assert.Equal(double.PositiveInfinity, NormalQuantile.OfLog(0));
        Assert.True(double.IsNaN(NormalQuantile.Of(1.5)));
    }
}
