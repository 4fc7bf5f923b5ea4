using ResLab.Analysis.Fitting;

namespace ResLab.Tests.Analysis.Fitting;

/// <summary>The solver on problems with known answers.</summary>
public class LevenbergMarquardtTests
{
    /// <summary>y = a·exp(−k t): residuals and Jacobian written by hand.</summary>
    private struct Decay(double[] t, double[] y) : ILeastSquaresProblem
    {
        public readonly int ParameterCount => 2;
        public readonly int ObservationCount => t.Length;
        public readonly double Evaluate(ReadOnlySpan<double> p, Span<double> r, Span<double> j)
        {
            double rss = 0;
            for (int i = 0; i < t.Length; i++)
            {
                double ex = Math.Exp(-p[1] * t[i]);
                r[i] = y[i] - p[0] * ex;
                rss += r[i] * r[i];
                if (!j.IsEmpty) { j[2 * i] = ex; j[2 * i + 1] = -p[0] * t[i] * ex; }
            }
            return rss;
        }
    }

    /// <summary>Linear model y = a + b·x: least squares has the closed form of simple regression.</summary>
    private struct Line(double[] x, double[] y) : ILeastSquaresProblem
    {
        public readonly int ParameterCount => 2;
        public readonly int ObservationCount => x.Length;
        public readonly double Evaluate(ReadOnlySpan<double> p, Span<double> r, Span<double> j)
        {
            double rss = 0;
            for (int i = 0; i < x.Length; i++)
            {
                r[i] = y[i] - p[0] - p[1] * x[i];
                rss += r[i] * r[i];
                if (!j.IsEmpty) { j[2 * i] = 1; j[2 * i + 1] = x[i]; }
            }
            return rss;
        }
    }

    [Fact]
    public void Noise_free_exponential_decay_is_recovered_exactly()
    {
        var t = Enumerable.Range(0, 12).Select(i => i * 0.5).ToArray();
        var y = t.Select(v => 3.5 * Math.Exp(-0.7 * v)).ToArray();
        var p = new[] { 1.0, 0.1 };
        var problem = new Decay(t, y);
        var rep = LevenbergMarquardt.Solve(ref problem, p);
        Assert.True(rep.Converged, rep.Message);
        Assert.Equal(3.5, p[0], 10);
        Assert.Equal(0.7, p[1], 10);
    }

    [Fact]
    public void Linear_least_squares_matches_the_closed_form_and_its_covariance()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 30).Select(i => i / 3.0).ToArray();
        var y = x.Select(v => 2 - 0.4 * v + rng.NextDouble() - 0.5).ToArray();
        double mx = x.Average(), my = y.Average();
        double sxx = x.Sum(v => (v - mx) * (v - mx)), sxy = x.Zip(y).Sum(z => (z.First - mx) * (z.Second - my));
        double slope = sxy / sxx, intercept = my - slope * mx;
        var problem = new Line(x, y);
        var p = new[] { 0.0, 0.0 };
        var rep = LevenbergMarquardt.Solve(ref problem, p);
        Assert.Equal(intercept, p[0], 9);
        Assert.Equal(slope, p[1], 9);
        // For a linear model the RSS Hessian is exactly 2·JᵀJ, so drc's and the Gauss–Newton covariances coincide
        // with the textbook s²/Sxx for the slope.
        int df = x.Length - 2;
        var v1 = Covariance.Estimate(ref problem, p, rep.Rss, df, CovarianceMethod.RssHessian, [1, 1])!;
        var v2 = Covariance.Estimate(ref problem, p, rep.Rss, df, CovarianceMethod.GaussNewton, [1, 1])!;
        double s2 = rep.Rss / df;
        Assert.Equal(s2 / sxx, v1[3], 10);
        Assert.Equal(s2 / sxx, v2[3], 12);
    }

    [Fact]
    public void Bounds_are_respected_and_an_active_bound_is_held()
    {
        var t = Enumerable.Range(0, 12).Select(i => i * 0.5).ToArray();
        var y = t.Select(v => 3.5 * Math.Exp(-0.7 * v)).ToArray();
        var problem = new Decay(t, y);
        var p = new[] { 1.0, 0.1 };
        var rep = LevenbergMarquardt.Solve(ref problem, p, [0, 0], [10, 0.5]);
        Assert.True(rep.Converged, rep.Message);
        Assert.Equal(0.5, p[1]);
        Assert.True(p[0] > 0 && p[0] < 10);
        // With k held at 0.5 the best a is the 1-D least-squares solution Σ y e / Σ e².
        double num = 0, den = 0;
        foreach (var v in t) { double ex = Math.Exp(-0.5 * v); num += 3.5 * Math.Exp(-0.7 * v) * ex; den += ex * ex; }
        Assert.Equal(num / den, p[0], 8);
    }

    [Fact]
    public void T_quantiles_are_cached_and_correct()
    {
        Assert.Equal(2.085963447265837, TQuantiles.TwoSided(20), 9);   // qt(0.975, 20) in R
        Assert.Equal(1.959963984540054, TQuantiles.TwoSided(double.PositiveInfinity), 9);
        Assert.Equal(0.05, TQuantiles.TwoSidedP(2.085963447265837, 20), 9);
        Assert.Equal(0.05, TQuantiles.FUpperP(Math.Pow(2.085963447265837, 2), 1, 20), 9);
    }
}

public class ProfileLikelihoodTests
{
    private struct Line(double[] x, double[] y) : ILeastSquaresProblem
    {
        public readonly int ParameterCount => 2;
        public readonly int ObservationCount => x.Length;
        public readonly double Evaluate(ReadOnlySpan<double> p, Span<double> r, Span<double> j)
        {
            double rss = 0;
            for (int i = 0; i < x.Length; i++)
            {
                r[i] = y[i] - p[0] - p[1] * x[i];
                rss += r[i] * r[i];
                if (!j.IsEmpty) { j[2 * i] = 1; j[2 * i + 1] = x[i]; }
            }
            return rss;
        }
    }

    [Fact]
    public void For_a_linear_model_the_profile_interval_is_the_t_interval()
    {
        // RSS is exactly quadratic in the parameters, so RSS(v) = RSS + (v − θ̂)²/[(XᵀX)⁻¹]_kk and the F(1, df)
        // criterion gives θ̂ ± t·SE: an analytical truth for the profile search.
        var rng = new Random(9);
        var x = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        var y = x.Select(v => 1 + 0.3 * v + rng.NextDouble()).ToArray();
        var problem = new Line(x, y);
        var p = new[] { 0.0, 0.0 };
        var rep = LevenbergMarquardt.Solve(ref problem, p);
        int df = x.Length - 2;
        var v = Covariance.Estimate(ref problem, p, rep.Rss, df, CovarianceMethod.GaussNewton, [1, 1])!;
        double se = Math.Sqrt(v[3]), t = TQuantiles.TwoSided(df);
        var (lo, hi) = ProfileLikelihood.Interval(ref problem, p, rep.Rss, df, 1, 0.95, se);
        Assert.Equal(p[1] - t * se, lo, 8);
        Assert.Equal(p[1] + t * se, hi, 8);
    }

    [Fact]
    public void Profile_ci_of_the_ryegrass_ed50_is_asymmetric_and_brackets_the_estimate()
    {
        var fit = ResLab.Analysis.DoseResponse.DoseResponseModel.LL4.Fit(ResLab.Tests.Analysis.DoseResponse.DrcReferenceTests.Ryegrass());
        var prof = fit.Ic50(ResLab.Analysis.DoseResponse.EdInterval.Profile);
        var wald = fit.Ic50();
        Assert.Equal(ResLab.Analysis.DoseResponse.EdInterval.Profile, prof.Interval);
        Assert.True(prof.Lower < prof.Estimate && prof.Estimate < prof.Upper);
        // Close to the Wald interval for this well-determined ED50, but not symmetric about it.
        Assert.InRange(prof.Lower / wald.Lower, 0.95, 1.05);
        Assert.InRange(prof.Upper / wald.Upper, 0.95, 1.05);
        Assert.NotEqual(prof.Estimate - prof.Lower, prof.Upper - prof.Estimate, 3);
    }
}
