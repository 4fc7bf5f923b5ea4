using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using ResLab.Analysis.Clonogenic;
using ResLab.Storage;

namespace ResLab.Tests.Analysis.Clonogenic;

/// <summary>Analytical truths of the LQ model: noise-free data are fitted exactly by every method; derived doses invert the curve.</summary>
public class LqPropertyTests
{
    /// <summary>
    /// Expected colony counts (not rounded: noise-free) for a known α, β and one plating efficiency per experiment,
    /// at 0–8 Gy, optionally fractionated.
    /// </summary>
    private static (ClonogenicSet Set, double Alpha, double Beta) NoiseFree(int seed, int fractions = 1)
    {
        var rng = new Random(seed);
        double alpha = 0.05 + 0.9 * rng.NextDouble(), beta = 0.005 + 0.095 * rng.NextDouble();
        var sb = new StringBuilder("line,experiment,dose_gy,fractions,cells_seeded,colonies\n");
        for (int e = 1; e <= 3; e++)
        {
            double pe = 0.05 + 0.85 * rng.NextDouble();
            foreach (var d in new[] { 0.0, 1, 2, 4, 6, 8 })
            {
                double s = Math.Exp(-alpha * d - beta * d * d / fractions);
                double cells = Math.Round(200 / (pe * s) * (0.5 + rng.NextDouble())) + 10;
                sb.Append(CultureInfo.InvariantCulture, $"L,e{e},{d:R},{(d == 0 ? 1 : fractions)},{cells:R},{(cells * pe * s):R}\n");
            }
        }
        return (ClonogenicReader.FromTable(TidyTable.Parse(new StringReader(sb.ToString()), "noise-free.csv"), new ClonogenicReader.Options()), alpha, beta);
    }

    [Property(MaxTest = 25)]
    public bool Noise_free_data_from_known_alpha_beta_are_recovered_exactly_by_every_method(PositiveInt seed)
    {
        var (set, alpha, beta) = NoiseFree(seed.Get);
        foreach (var (m, pe) in new[] { (LqMethod.Ml, PeMethod.Fit), (LqMethod.Ml, PeMethod.Fix), (LqMethod.Ls, PeMethod.Fit), (LqMethod.Ls, PeMethod.Fix), (LqMethod.Franken, PeMethod.Fix) })
        {
            var f = new LqFit { Curve = set.Curves[0], Regression = LqRegression.Fit(set, [0], false, m, pe) };
            if (Math.Abs(f.Alpha / alpha - 1) > 1e-9 || Math.Abs(f.Beta / beta - 1) > 1e-8) return false;
            if (f.Dispersion > 1e-12) return false; // no residual variation at all
        }
        return true;
    }

    [Property(MaxTest = 15)]
    public bool Fractionated_noise_free_data_recover_alpha_and_beta(PositiveInt seed)
    {
        var (set, alpha, beta) = NoiseFree(seed.Get, fractions: 4);
        var f = new LqFit { Curve = set.Curves[0], Regression = LqRegression.Fit(set, [0], false, LqMethod.Ml, PeMethod.Fit) };
        return Math.Abs(f.Alpha / alpha - 1) < 1e-9 && Math.Abs(f.Beta / beta - 1) < 1e-8 && Math.Abs(f.Survival(8, 4) / Math.Exp(-4 * (alpha * 2 + beta * 4)) - 1) < 1e-8;
    }

    [Property(MaxTest = 100)]
    public bool Dose_at_survival_inverts_the_curve(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        double a = 0.01 + rng.NextDouble(), b = -0.01 + 0.2 * rng.NextDouble(), sf = 0.01 + 0.95 * rng.NextDouble();
        double d = LqMath.DoseAt(a, b, sf);
        if (double.IsNaN(d)) return b < 0; // only a downward-bending curve can fail to reach a level
        return Math.Abs(Math.Exp(-a * d - b * d * d) / sf - 1) < 1e-12;
    }

    [Fact]
    public void Mean_inactivation_dose_has_its_closed_form()
    {
        // β = 0: MID = 1/α. β > 0: √(π/4β)·exp(α²/4β)·erfc(α/2√β) (Fertil et al. 1984).
        Assert.Equal(1 / 0.3, LqMath.Mid(0.3, 0, double.PositiveInfinity), 10);
        double alpha = 0.2, beta = 0.05;
        double exact = Math.Sqrt(Math.PI / (4 * beta)) * Math.Exp(alpha * alpha / (4 * beta)) * MathNet.Numerics.SpecialFunctions.Erfc(alpha / (2 * Math.Sqrt(beta)));
        Assert.Equal(exact, LqMath.Mid(alpha, beta, double.PositiveInfinity), 10);
    }
}
