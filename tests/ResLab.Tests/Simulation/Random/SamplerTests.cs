using MathNet.Numerics.Distributions;
using ResLab.Simulation.Random;

namespace ResLab.Tests.Simulation.Random;

/// <summary>The samplers' distributions against MathNet's exact PMFs/CDFs, many draws, fixed seeds.</summary>
public class SamplerTests
{
    private const int Draws = 100_000;
    private static RandomStream Stream(ulong clone) => new(20261123, 0, StreamPurpose.User, clone, 0);

    [Theory]
    [InlineData(20, 0.3)]        // inversion
    [InlineData(1000, 0.02)]     // inversion, n·p = 20
    [InlineData(100, 0.4)]       // BTPE, n·p = 40 (explicit-evaluation branch)
    [InlineData(5000, 0.7)]      // BTPE on q = 0.3 (squeeze branch)
    [InlineData(1_000_000, 0.3)] // BTPE, large n
    [InlineData(2_000_000_000, 1e-9)] // inversion with huge n, tiny p
    public void Binomial_matches_the_exact_pmf(long n, double p)
    {
        var s = Stream((ulong)n);
        var draws = new long[Draws];
        for (int i = 0; i < Draws; i++) draws[i] = Samplers.Binomial(ref s, n, p);
        double mean = n * p, sd = Math.Sqrt(n * p * (1 - p));
        long lo = Math.Max(0, (long)(mean - 5 * sd)), hi = Math.Min(n, (long)(mean + 5 * sd) + 1);
        var dist = new Binomial(p, (int)Math.Min(n, int.MaxValue));
        Assert.True(Stats.ChiSquareP(draws, k => dist.Probability((int)k), lo, hi) > 1e-4);
        Assert.All(draws, d => Assert.InRange(d, 0, n));
    }

    [Fact]
    public void Binomial_with_a_trillion_trials_has_the_right_moments_and_shape()
    {
        const long n = 1_000_000_000_000;
        const double p = 0.37;
        var s = Stream(99);
        var x = new double[Draws];
        for (int i = 0; i < Draws; i++) x[i] = Samplers.Binomial(ref s, n, p);
        double mean = n * p, sd = Math.Sqrt(n * p * (1 - p));
        // at n = 10^12 the binomial is normal to ~1e-6 (Berry–Esseen), so a KS test against the normal is exact enough
        Assert.True(Stats.KolmogorovSmirnovP(x, v => Normal.CDF(mean, sd, v + 0.5)) > 1e-4);
        double m = x.Average();
        Assert.True(Stats.ZP((m - mean) / (sd / Math.Sqrt(Draws))) > 1e-4);
        double var = x.Select(v => (v - m) * (v - m)).Sum() / (Draws - 1);
        Assert.InRange(var / (sd * sd), 0.98, 1.02);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]    // inversion
    [InlineData(10.0)]   // PTRS lower edge
    [InlineData(57.3)]
    [InlineData(12_345.6)]
    public void Poisson_matches_the_exact_pmf(double mu)
    {
        var s = Stream((ulong)(mu * 10));
        var draws = new long[Draws];
        for (int i = 0; i < Draws; i++) draws[i] = Samplers.Poisson(ref s, mu);
        double sd = Math.Sqrt(mu);
        long lo = Math.Max(0, (long)(mu - 5 * sd)), hi = (long)(mu + 6 * sd) + 2;
        Assert.True(Stats.ChiSquareP(draws, k => Poisson.PMF(mu, (int)k), lo, hi) > 1e-4);
    }

    [Fact]
    public void Poisson_with_a_huge_mean_has_the_right_moments_and_shape()
    {
        const double mu = 3.7e11;
        var s = Stream(5);
        var x = new double[Draws];
        for (int i = 0; i < Draws; i++) x[i] = Samplers.Poisson(ref s, mu);
        double sd = Math.Sqrt(mu);
        Assert.True(Stats.KolmogorovSmirnovP(x, v => Normal.CDF(mu, sd, v + 0.5)) > 1e-4);
        double var = x.Select(v => (v - mu) * (v - mu)).Sum() / Draws;
        Assert.InRange(var / mu, 0.98, 1.02);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.5)]
    [InlineData(2500.0)]
    public void Gamma_matches_the_exact_cdf(double shape)
    {
        var s = Stream((ulong)(shape * 100));
        var x = new double[Draws];
        for (int i = 0; i < Draws; i++) x[i] = Samplers.Gamma(ref s, shape);
        Assert.True(Stats.KolmogorovSmirnovP(x, v => MathNet.Numerics.Distributions.Gamma.CDF(shape, 1, v)) > 1e-4);
    }

    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(5, 0.4)]
    [InlineData(200, 0.8)]
    public void Negative_binomial_matches_the_exact_pmf(long r, double p)
    {
        var s = Stream((ulong)r);
        var draws = new long[Draws];
        for (int i = 0; i < Draws; i++) draws[i] = Samplers.NegativeBinomial(ref s, r, p);
        double mean = r * (1 - p) / p, sd = Math.Sqrt(r * (1 - p)) / p;
        long lo = Math.Max(0, (long)(mean - 5 * sd)), hi = (long)(mean + 7 * sd) + 2;
        Assert.True(Stats.ChiSquareP(draws, k => NegativeBinomial.PMF(r, p, (int)k), lo, hi) > 1e-4);
    }

    [Theory]
    [InlineData(50, 20, 10)]          // inversion
    [InlineData(10_000, 3_000, 2_000)] // HRUA
    [InlineData(10_000, 9_000, 9_500)] // both symmetries
    [InlineData(1_000_000, 700, 500_000)] // inversion on the complement
    public void Hypergeometric_matches_the_exact_pmf(int total, int marked, int sample)
    {
        var s = Stream((ulong)(total + marked + sample));
        var draws = new long[Draws];
        for (int i = 0; i < Draws; i++) draws[i] = Samplers.Hypergeometric(ref s, total, marked, sample);
        var dist = new Hypergeometric(total, marked, sample);
        double mean = dist.Mean, sd = dist.StdDev;
        long lo = Math.Max(0, (long)(mean - 6 * sd)), hi = (long)(mean + 6 * sd) + 2;
        Assert.True(Stats.ChiSquareP(draws, k => k > Math.Min(marked, sample) ? 0 : dist.Probability((int)k), lo, hi) > 1e-4);
    }

    [Fact]
    public void Hypergeometric_on_a_trillion_cells_has_the_right_moments()
    {
        const long total = 1_000_000_000_000, marked = 300_000_000_000, sample = 100_000_000_000;
        var s = Stream(11);
        var x = new double[Draws];
        for (int i = 0; i < Draws; i++) x[i] = Samplers.Hypergeometric(ref s, total, marked, sample);
        double p = (double)marked / total;
        double mean = sample * p, var = sample * p * (1 - p) * (total - sample) / (total - 1.0);
        Assert.True(Stats.KolmogorovSmirnovP(x, v => Normal.CDF(mean, Math.Sqrt(var), v + 0.5)) > 1e-4);
        double m = x.Average();
        Assert.InRange(x.Select(v => (v - m) * (v - m)).Sum() / (Draws - 1) / var, 0.98, 1.02);
    }

    [Fact]
    public void Multinomial_and_multivariate_hypergeometric_conserve_and_have_the_right_means()
    {
        var s = Stream(3);
        double[] p = [0.5, 0.2, 0.2, 0.1];
        long[] groups = [600, 300, 90, 10];
        var sums = new double[4];
        var sumsH = new double[4];
        Span<long> r = stackalloc long[4];
        const int n = 20_000;
        for (int i = 0; i < n; i++)
        {
            Samplers.Multinomial(ref s, 1000, p, r);
            Assert.Equal(1000, r[0] + r[1] + r[2] + r[3]);
            for (int j = 0; j < 4; j++) sums[j] += r[j];
            Samplers.MultivariateHypergeometric(ref s, groups, 100, r);
            Assert.Equal(100, r[0] + r[1] + r[2] + r[3]);
            for (int j = 0; j < 4; j++) { sumsH[j] += r[j]; Assert.InRange(r[j], 0, groups[j]); }
        }
        for (int j = 0; j < 4; j++)
        {
            double mean = 1000 * p[j], sd = Math.Sqrt(1000 * p[j] * (1 - p[j]) / n);
            Assert.True(Stats.ZP((sums[j] / n - mean) / sd) > 1e-4);
            double q = groups[j] / 1000.0;
            double meanH = 100 * q, sdH = Math.Sqrt(100 * q * (1 - q) * 900 / 999.0 / n);
            Assert.True(Stats.ZP((sumsH[j] / n - meanH) / sdH) > 1e-4);
        }
    }

    [Fact]
    public void Log_factorial_differences_are_accurate_for_huge_close_arguments()
    {
        // exact: ln((a)!/(b)!) = Σ ln i over (b, a] summed pairwise in high precision by decimal-free Kahan summation
        double a = 1e12 + 12345, b = 1e12 - 54321;
        double exact = 0, comp = 0;
        for (double i = b + 1; i <= a; i++)
        {
            double y = Math.Log(i) - comp, t = exact + y;
            comp = t - exact - y;
            exact = t;
        }
        Assert.Equal(exact, LogFactorial.Difference(a, b), exact * 1e-12);
        Assert.Equal(MathNet.Numerics.SpecialFunctions.FactorialLn(5000) - MathNet.Numerics.SpecialFunctions.FactorialLn(4000), LogFactorial.Difference(5000, 4000), 1e-9);
        Assert.Equal(MathNet.Numerics.SpecialFunctions.FactorialLn(100), LogFactorial.Of(100), 1e-10);
        Assert.Equal(Poisson.PMFLn(123456.0, 123000), LogFactorial.PoissonLogPmf(123000, 123456.0), 1e-8);
    }
}
