using FsCheck;
using FsCheck.Xunit;
using ResLab.Analysis.DoseResponse;

namespace ResLab.Tests.Analysis.DoseResponse;

/// <summary>Properties that must hold for any curve: recovery of a known curve, and invariance of the IC50.</summary>
public class DoseResponsePropertyTests
{
    private static readonly double[] Doses = [0, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];

    /// <summary>A random LL.4 curve (b 0.7–3, c 0–20, d 90–110, e between the 2nd and 8th dose) sampled in triplicate with N(0, σ).</summary>
    private static (double[] X, double[] Y, double[] Truth) Curve(int seed, double sigma)
    {
        var rng = new Random(seed);
        double b = 0.7 + 2.3 * rng.NextDouble(), c = 20 * rng.NextDouble(), d = 90 + 20 * rng.NextDouble(), e = Math.Exp(Math.Log(0.03) + rng.NextDouble() * Math.Log(1000));
        var x = new List<double>();
        var y = new List<double>();
        foreach (var dose in Doses)
            for (int r = 0; r < 3; r++)
            {
                double noise = sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x.Add(dose);
                y.Add(LogLogistic.Value(dose, [b, c, d, e, 1]) + noise);
            }
        return (x.ToArray(), y.ToArray(), [b, c, d, e]);
    }

    [Property(MaxTest = 60)]
    public bool Known_curve_with_small_noise_is_recovered(PositiveInt seed)
    {
        var (x, y, truth) = Curve(seed.Get, 0.5);
        var fit = DoseResponseModel.LL4.Fit(x, y);
        if (!fit.Converged) return false;
        // With σ = 0.5 on a ~100-unit range, ED50 within 10 % and the plateaus within 2 units; and the truth
        // inside (or very near) the 95 % CI of e in the vast majority of cases — checked loosely here as 4 SEs.
        return Math.Abs(fit["e"] / truth[3] - 1) < 0.1 && Math.Abs(fit["c"] - truth[1]) < 2 && Math.Abs(fit["d"] - truth[2]) < 2
               && Math.Abs(fit["e"] - truth[3]) < 4 * fit.StandardError("e");
    }

    [Property(MaxTest = 40)]
    public bool Row_permutation_leaves_the_fit_unchanged(PositiveInt seed)
    {
        var (x, y, _) = Curve(seed.Get, 4);
        var order = Enumerable.Range(0, x.Length).OrderBy(_ => new Random(seed.Get + 1).Next()).ToArray();
        var rng = new Random(seed.Get + 7);
        order = Enumerable.Range(0, x.Length).OrderBy(_ => rng.Next()).ToArray();
        var a = DoseResponseModel.LL4.Fit(x, y);
        var b = DoseResponseModel.LL4.Fit(order.Select(i => x[i]).ToArray(), order.Select(i => y[i]).ToArray());
        return a.Converged == b.Converged && (!a.Converged || Math.Abs(a.Ic50().Estimate / b.Ic50().Estimate - 1) < 1e-7);
    }

    [Property(MaxTest = 40)]
    public bool Micromolar_to_nanomolar_scales_the_ic50_by_1000(PositiveInt seed)
    {
        var (x, y, _) = Curve(seed.Get, 4);
        var um = DoseResponseModel.LL4.Fit(x, y);
        var nm = DoseResponseModel.LL4.Fit(x.Select(v => v * 1000).ToArray(), y);
        return um.Converged == nm.Converged && (!um.Converged ||
            (Math.Abs(nm.Ic50().Estimate / (1000 * um.Ic50().Estimate) - 1) < 1e-7 && Math.Abs(nm["b"] / um["b"] - 1) < 1e-6
             && Math.Abs(nm.Ic50().StandardError / (1000 * um.Ic50().StandardError) - 1) < 1e-4));
    }

    [Property(MaxTest = 40)]
    public bool Rescaling_responses_leaves_the_ic50_unchanged(PositiveInt seed)
    {
        // Percent → fraction of control, and an affine change of units (absorbance = 0.05 + 0.012·%).
        var (x, y, _) = Curve(seed.Get, 4);
        var a = DoseResponseModel.LL4.Fit(x, y);
        var b = DoseResponseModel.LL4.Fit(x, y.Select(v => v / 100).ToArray());
        var c = DoseResponseModel.LL4.Fit(x, y.Select(v => 0.05 + 0.012 * v).ToArray());
        return a.Converged && b.Converged && c.Converged
               && Math.Abs(a.Ic50().Estimate / b.Ic50().Estimate - 1) < 1e-7 && Math.Abs(a.Ic50().Estimate / c.Ic50().Estimate - 1) < 1e-7
               && Math.Abs(a.Ic50().StandardError / b.Ic50().StandardError - 1) < 1e-4;
    }
}
