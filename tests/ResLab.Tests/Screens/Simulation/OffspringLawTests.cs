using ResLab.Screens.Simulation;
using ResLab.Simulation.Random;
using ResLab.Tests.Simulation.Random;

namespace ResLab.Tests.Screens.Simulation;

/// <summary>The offspring law of one cell: analytic birth–death moments (Kendall 1948), closure under composition, exact sampling.</summary>
public class OffspringLawTests
{
    [Theory]
    [InlineData(0.03, 0.001, 72)]
    [InlineData(0.02, 0.05, 48)]   // net death (under a drug)
    [InlineData(0.0, 0.01, 100)]   // no division (lethal knock-out)
    public void Birth_death_law_has_the_analytic_mean_and_variance(double b, double d, double t)
    {
        var law = OffspringLaw.BirthDeath(b, d, t);
        double r = b - d, e = Math.Exp(r * t);
        Assert.Equal(e, law.Mean, 12);
        // Var Z(t) from one cell = (b + d)/(b − d)·e^{rt}(e^{rt} − 1); for b = 0 the binomial e(1 − e)
        double v = b > 0 ? (b + d) / r * e * (e - 1) : e * (1 - e);
        Assert.Equal(v, law.Variance, 10);
        // P(no descendant) = d(e^{rt} − 1)/(b e^{rt} − d) (Kendall), or 1 − e^{−dt} without births
        double p0 = b > 0 ? d * (e - 1) / (b * e - d) : 1 - e;
        Assert.Equal(p0, law.Extinct, 10);
    }

    [Fact]
    public void Steps_of_a_constant_process_compose_to_the_whole_interval()
    {
        // the family is closed under composition: 72 one-hour steps are one 72-hour step, exactly
        var step = OffspringLaw.BirthDeath(0.025, 0.004, 1);
        var composed = OffspringLaw.Identity;
        for (int i = 0; i < 72; i++) composed = composed.Then(step);
        var whole = OffspringLaw.BirthDeath(0.025, 0.004, 72);
        Assert.Equal(whole.Mean, composed.Mean, 10);
        Assert.Equal(whole.Variance / whole.Mean, composed.Variance / composed.Mean, 9);
        Assert.Equal(whole.Extinct, composed.Extinct, 10);
    }

    [Fact]
    public void Thinning_then_growth_matches_the_law_of_total_variance()
    {
        var thin = OffspringLaw.Thinning(0.25);
        Assert.Equal(0.25, thin.Mean);
        Assert.Equal(0.25 * 0.75, thin.Variance, 15);
        var g = OffspringLaw.BirthDeath(0.03, 0.001, 72);
        var both = thin.Then(g);
        Assert.Equal(0.25 * g.Mean, both.Mean, 12);
        Assert.Equal(thin.Variance * g.Mean * g.Mean + thin.Mean * g.Variance, both.Variance, 9);
    }

    [Theory]
    [InlineData(500, 0.03, 0.002, 72, 0.3)]
    [InlineData(40, 0.01, 0.04, 48, 1.0)]
    public void Samples_have_the_laws_moments(long cells, double b, double d, double t, double keep)
    {
        var law = OffspringLaw.Thinning(keep).Then(OffspringLaw.BirthDeath(b, d, t)).Then(OffspringLaw.Thinning(0.5));
        const int n = 20000;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            var rng = new RandomStream(7, 0, StreamPurpose.User, (ulong)i, 0);
            x[i] = law.Sample(ref rng, cells);
        }
        double mean = x.Average(), var = x.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double m = cells * law.Mean, s2 = cells * law.Variance;
        Assert.True(Stats.ZP((mean - m) / Math.Sqrt(s2 / n)) > 1e-3, $"mean {mean} vs {m}");
        // the sample variance of n draws has SD ≈ s2·sqrt(2/(n − 1)) for near-normal data; allow for the kurtosis
        Assert.InRange(var / s2, 0.93, 1.07);
    }

    [Fact]
    public void Zero_mean_and_identity_are_exact()
    {
        var rng = new RandomStream(1, 0, StreamPurpose.User, 0, 0);
        Assert.Equal(0, OffspringLaw.Extinction.Sample(ref rng, 1000));
        Assert.Equal(1000, OffspringLaw.Identity.Sample(ref rng, 1000));
        Assert.Equal(0, OffspringLaw.Thinning(0).Sample(ref rng, 1000));
    }
}
