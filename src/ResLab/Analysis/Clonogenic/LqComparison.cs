using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.Clonogenic;

/// <summary>
/// CFAssay's <c>cellsurvLQdiff</c>: are the curves' shapes the same? Model 1 has one (α, β) for all curves, model 2
/// one per curve; both keep one plating efficiency per experiment. F = ((dev₁ − dev₂)/(df₁ − df₂))/φ₂ with φ₂ the
/// dispersion (ML) or residual variance (LS) of model 2 — R's anova(fit1, fit2, test = "F").
/// </summary>
public sealed record LqCurveComparison(IReadOnlyList<int> Curves, FTest Test, LqRegression Common, LqRegression Separate);

/// <summary>
/// A dose-modifying factor at one survival level: D_reference(SF)/D_test(SF). With an untreated reference and a
/// sensitiser-treated test curve this is the sensitiser enhancement ratio (SER, &gt; 1 when the drug sensitises);
/// with the hypoxic curve as reference and the normoxic one as test it is the oxygen enhancement ratio (OER).
/// </summary>
public sealed record DoseModifyingFactor(int Reference, int Test, double Sf, double DoseReference, double DoseTest, double Ratio, double Lower, double Upper, double LogSe, int Df);

public static class LqComparison
{
    /// <summary>The survival levels at which dose-modifying factors are reported (SF 0.5, 0.37 = e⁻¹, 0.1).</summary>
    public static readonly double[] StandardLevels = [0.5, Math.Exp(-1), 0.1];

    public static LqCurveComparison Compare(ClonogenicSet set, IReadOnlyList<int> curves, LqMethod method, PeMethod pe)
    {
        if (curves.Count < 2) throw new ArgumentException("a comparison needs at least two curves");
        var common = LqRegression.Fit(set, curves, sharedShape: true, method, pe);
        var separate = LqRegression.Fit(set, curves, sharedShape: false, method, pe);
        double df1 = common.Df - separate.Df;
        double f = (common.Deviance - separate.Deviance) / df1 / separate.Dispersion;
        return new LqCurveComparison(curves, new FTest(f, df1, separate.Df, TQuantiles.FUpperP(f, df1, separate.Df)), common, separate);
    }

    /// <summary>
    /// D_ref(SF)/D_test(SF) from a regression with curve-specific (α, β) (model 2 of <see cref="Compare"/>), with a
    /// delta-method CI on the log scale: var(log DMF) = ∇log D_refᵀ V ∇log D_ref + ∇log D_testᵀ V ∇log D_test − 2·cross
    /// term (zero when the curves share no parameters), exp(log DMF ± t(df)·se).
    /// </summary>
    public static DoseModifyingFactor Dmf(LqRegression separate, int reference, int test, double sf, double level = 0.95)
    {
        if (separate.SharedShape) throw new ArgumentException("a dose-modifying factor needs curve-specific (α, β)");
        int ir = separate.AlphaIndex(reference), it = separate.AlphaIndex(test);
        double ar = separate.Coefficients[ir], br = separate.Coefficients[ir + 1];
        double at = separate.Coefficients[it], bt = separate.Coefficients[it + 1];
        double dr = LqMath.DoseAt(ar, br, sf), dt = LqMath.DoseAt(at, bt, sf);
        var (gra, grb) = LqMath.DoseGradient(ar, br, dr);
        var (gta, gtb) = LqMath.DoseGradient(at, bt, dt);
        // Gradient of log D_ref − log D_test over (α_r, β_r, α_t, β_t).
        double[] g = [gra / dr, grb / dr, -gta / dt, -gtb / dt];
        int[] idx = [ir, ir + 1, it, it + 1];
        double v = 0;
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) v += g[a] * g[b] * separate.Cov(idx[a], idx[b]);
        double ratio = dr / dt, se = Math.Sqrt(v);
        double t = TQuantiles.TwoSided(separate.Df, level) * se;
        return new DoseModifyingFactor(reference, test, sf, dr, dt, ratio, ratio * Math.Exp(-t), ratio * Math.Exp(t), se, separate.Df);
    }
}
