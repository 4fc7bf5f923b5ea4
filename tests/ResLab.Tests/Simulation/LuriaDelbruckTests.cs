using ResLab.Biology;
using ResLab.Simulation;

namespace ResLab.Tests.Simulation;

/// <summary>
/// MODEL.md §7: mutant counts of a neutral marker follow the Luria–Delbrück distribution; the maximum-likelihood
/// estimate of the expected number of mutations m (Ma–Sandri–Sarkar recursion for the PMF) recovers the true
/// m = μ·(N_t − N_0). And Bozic 2013's expected number of pre-existing resistant cells.
/// </summary>
public class LuriaDelbruckTests
{
    /// <summary>Ma, Sandri &amp; Sarkar 1992: p0 = e^{−m}, p_n = (m/n)·Σ_{i=0}^{n−1} p_i/(n − i + 1).</summary>
    public static double[] LuriaDelbruckPmf(double m, int nMax)
    {
        var p = new double[nMax + 1];
        p[0] = Math.Exp(-m);
        for (int n = 1; n <= nMax; n++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += p[i] / (n - i + 1);
            p[n] = m / n * s;
        }
        return p;
    }

    /// <summary>Log-likelihood of counts; counts above <paramref name="cap"/> enter as P(X > cap) (censored).</summary>
    public static double LogLikelihood(double m, IReadOnlyList<long> counts, int cap)
    {
        var p = LuriaDelbruckPmf(m, cap);
        double tail = Math.Max(1e-300, 1 - p.Sum());
        double ll = 0;
        foreach (var x in counts) ll += x > cap ? Math.Log(tail) : Math.Log(Math.Max(p[x], 1e-300));
        return ll;
    }

    [Fact]
    public void Maximum_likelihood_mutation_rate_recovers_the_true_rate()
    {
        const double mu = 2e-6;
        const long n0 = 1000, nEnd = 1_000_000;
        var line = TestLines.BirthDeath(24, 0, markerRate: mu);
        var settings = new EngineSettings { Evolution = false, StateSwitching = false, MaxStep = 1 };
        var counts = new List<long>();
        double divisions = 0;
        const int cultures = 300;
        for (int r = 0; r < cultures; r++)
        {
            var c = new Culture(Population.Seed(line, n0), Flask.Unbounded, settings, seed: 77, replicate: (ulong)r);
            while (c.TotalCells < nEnd) c.Advance(1);
            var snap = c.Snapshot();
            counts.Add(snap.Clones.Where(x => x.Phenotype.Genotype.Has(Mutations.Marker)).Sum(x => x.Total));
            divisions += c.TotalCells - n0;
        }
        double mTrue = mu * divisions / cultures;
        const int cap = 600;
        // golden-section search of the likelihood over m
        double lo = 0.05, hi = 20;
        for (int i = 0; i < 80; i++)
        {
            double a = hi - (hi - lo) / 1.618, b = lo + (hi - lo) / 1.618;
            if (LogLikelihood(a, counts, cap) > LogLikelihood(b, counts, cap)) hi = b; else lo = a;
        }
        double mHat = (lo + hi) / 2;
        double lr = 2 * (LogLikelihood(mHat, counts, cap) - LogLikelihood(mTrue, counts, cap));
        Assert.True(lr < 10.83, $"m̂ = {mHat:F3}, true m = {mTrue:F3}, LR = {lr:F2} (the true m must lie in the 99.9 % likelihood interval)");
        Assert.InRange(mHat / mTrue, 0.7, 1.4);
    }

    [Fact]
    public void Pre_existing_resistant_cells_match_Bozic_2013()
    {
        // one cell, birth b, death d (s = 1 − d/b = 0.5), resistance at rate u per division, grown to M cells
        const double u = 1e-3, d = 0.02;
        const long M = 100_000;
        var line = TestLines.BirthDeath(Math.Log(2) / 0.02, d, markerRate: u);   // b − d = 0.02, b = 0.04
        double b = new ResLab.Model.LineModel(line).DivisionRate;
        Assert.Equal(0.04, b, 9);
        double s = 1 - d / b;
        var settings = new EngineSettings { Evolution = false, StateSwitching = false, MaxStep = 1 };
        var xs = new List<double>();
        for (int r = 0; xs.Count < 1500; r++)
        {
            var c = new Culture(Population.Seed(line, 1), Flask.Unbounded, settings, seed: 2013, replicate: (ulong)r);
            while (!c.Extinct && c.TotalCells < M) c.Advance(1);
            if (c.Extinct) continue;
            xs.Add(c.Snapshot().Clones.Where(x => x.Phenotype.Genotype.Has(Mutations.Marker)).Sum(x => x.Total) * (double)M / c.TotalCells);
        }
        double mean = xs.Average(), se = Math.Sqrt(xs.Select(x => (x - mean) * (x - mean)).Sum() / (xs.Count - 1) / xs.Count);
        double bozic = M * u / s * Math.Log(M * s);                       // X = M·n·μ, μ = (u/s)·ln(M·s)
        double refined = M * u / s * (Math.Log(M * s) + 0.5772156649);   // + Euler's γ from the Exp(s) limit of N(t)e^{−λt}
        Assert.True(Math.Abs(mean - refined) < 3.5 * se, $"mean {mean:F0} ± {se:F0}, expected {refined:F0} (Bozic {bozic:F0})");
        Assert.InRange(mean / bozic, 0.95, 1.15);
    }
}
