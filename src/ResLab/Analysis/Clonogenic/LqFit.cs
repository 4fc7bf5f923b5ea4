using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.Clonogenic;

/// <summary>
/// The linear–quadratic survival curve of one cell line (or line × treatment), S(D) = exp(−αD − βD²) for a single
/// dose and S = exp(−n(αd + βd²)) for n fractions of d Gy, with α, β reported positive (CFAssay prints them
/// negative) and their covariance from the regression that estimated them.
/// </summary>
public sealed class LqFit
{
    public required SurvivalCurve Curve { get; init; }
    public required LqRegression Regression { get; init; }

    public double Alpha => Regression.Coefficients[Regression.AlphaIndex(Curve.Index)];
    public double Beta => Regression.Coefficients[Regression.AlphaIndex(Curve.Index) + 1];
    public double AlphaSe => Math.Sqrt(Regression.Cov(Regression.AlphaIndex(Curve.Index), Regression.AlphaIndex(Curve.Index)));
    public double BetaSe => Math.Sqrt(Regression.Cov(Regression.AlphaIndex(Curve.Index) + 1, Regression.AlphaIndex(Curve.Index) + 1));
    public double CovAlphaBeta => Regression.Cov(Regression.AlphaIndex(Curve.Index), Regression.AlphaIndex(Curve.Index) + 1);
    public double Dispersion => Regression.Dispersion;
    public int Df => Regression.Df;

    /// <summary>α/β in Gy (the dose at which the linear and quadratic kill are equal).</summary>
    public double AlphaBeta => Alpha / Beta;

    /// <summary>Surviving fraction after <paramref name="dose"/> Gy in <paramref name="fractions"/> equal fractions.</summary>
    public double Survival(double dose, int fractions = 1) => Math.Exp(-Alpha * dose - Beta * dose * dose / fractions);

    /// <summary>SF2 = exp(−2α − 4β).</summary>
    public double Sf2 => Survival(2);

    /// <summary>
    /// SF2 with its CI from the delta method on log SF2 (gradient (−2, −4) in (α, β)), t quantile on the residual df:
    /// exp(log SF2 ± t·se), as the reference data compute it.
    /// </summary>
    public (double Estimate, double Lower, double Upper) Sf2Interval(double level = 0.95)
    {
        double log = Math.Log(Sf2);
        double v = 4 * Regression.Cov(Ai, Ai) + 16 * Regression.Cov(Ai + 1, Ai + 1) + 16 * Regression.Cov(Ai, Ai + 1);
        double t = TQuantiles.TwoSided(Df, level) * Math.Sqrt(v);
        return (Math.Exp(log), Math.Exp(log - t), Math.Exp(log + t));
    }

    private int Ai => Regression.AlphaIndex(Curve.Index);

    /// <summary>The single dose giving surviving fraction <paramref name="sf"/>: the positive root of αD + βD² = −ln SF (NaN if none).</summary>
    public double DoseAt(double sf) => LqMath.DoseAt(Alpha, Beta, sf);

    public double D10 => DoseAt(0.1);
    public double D37 => DoseAt(Math.Exp(-1));
    public double D50 => DoseAt(0.5);

    /// <summary>Gradient of <see cref="DoseAt"/> in (α, β), by implicit differentiation of αD + βD² + ln SF = 0.</summary>
    public (double dAlpha, double dBeta) DoseGradient(double sf) => LqMath.DoseGradient(Alpha, Beta, DoseAt(sf));

    /// <summary>Mean inactivation dose ∫₀^∞ S(D) dD (Fertil et al. 1984): the area under the single-dose curve.</summary>
    public double MeanInactivationDose => LqMath.Mid(Alpha, Beta, double.PositiveInfinity);

    /// <summary>∫₀^upper S(D) dD (the reference data's MID over 0–10 Gy).</summary>
    public double AreaUnderCurve(double upper) => LqMath.Mid(Alpha, Beta, upper);

    /// <summary>Plating efficiencies of the curve's experiments: fitted exp(intercept) with its SE (PE fit), or the fixed value.</summary>
    public IReadOnlyList<(int Experiment, double Pe, double Se)> PlatingEfficiencies(ClonogenicSet set)
    {
        var list = new List<(int, double, double)>();
        var r = Regression;
        for (int k = 0; k < r.InterceptExperiments.Length; k++)
        {
            int e = r.InterceptExperiments[k];
            if (set.Experiments[e].Curve != Curve.Index) continue;
            double pe = Math.Exp(r.Coefficients[k]);
            list.Add((e, pe, pe * Math.Sqrt(r.Cov(k, k))));
        }
        foreach (var (e, pe) in r.FixedPe)
            if (set.Experiments[e].Curve == Curve.Index) list.Add((e, pe, double.NaN));
        return list.OrderBy(t => t.Item1).ToList();
    }
}

/// <summary>Closed forms of the LQ model shared by fits and ratios.</summary>
public static class LqMath
{
    /// <summary>Positive root of βD² + αD − s = 0 with s = −ln SF, in the form 2s/(α + √(α² + 4βs)) that is stable for any sign of β.</summary>
    public static double DoseAt(double alpha, double beta, double sf)
    {
        if (!(sf > 0 && sf < 1)) return double.NaN;
        double s = -Math.Log(sf);
        double disc = alpha * alpha + 4 * beta * s;
        if (disc < 0) return double.NaN;
        double den = alpha + Math.Sqrt(disc);
        return den > 0 ? 2 * s / den : double.NaN;
    }

    /// <summary>∂D/∂α = −D/(α + 2βD), ∂D/∂β = −D²/(α + 2βD).</summary>
    public static (double, double) DoseGradient(double alpha, double beta, double d)
    {
        double den = alpha + 2 * beta * d;
        return (-d / den, -d * d / den);
    }

    /// <summary>∫₀^upper exp(−αD − βD²) dD by Gauss–Legendre on panels (to ~1e-13), truncated where S &lt; 1e-18.</summary>
    public static double Mid(double alpha, double beta, double upper)
    {
        if (double.IsPositiveInfinity(upper))
        {
            if (beta < 0 || (beta == 0 && !(alpha > 0))) return double.NaN;
            // S(D) < 1e-18 beyond the positive root of αD + βD² = 41.4.
            upper = LqMath.DoseAt(alpha, beta, 1e-18);
            if (double.IsNaN(upper)) return double.NaN;
        }
        return Quadrature.GaussLegendre(d => Math.Exp(-alpha * d - beta * d * d), 0, upper, 64);
    }
}
