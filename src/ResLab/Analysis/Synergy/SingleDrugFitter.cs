using ResLab.Analysis.DoseResponse;

namespace ResLab.Analysis.Synergy;

/// <summary>How single-drug and ZIP row/column curves are fitted.</summary>
public enum CurveFitMethod
{
    /// <summary>SynergyFinder 3.7.3's <c>FitDoseResponse</c>: drc's LL.4 on its own optimiser path (<see cref="DrcPath"/>), L.4 on log dose if that fails.</summary>
    SynergyFinder,

    /// <summary>ResLab's drc LL.4 fitter (bounded Levenberg–Marquardt to the least-squares optimum), falling back to the SynergyFinder path if it fails.</summary>
    Optimum,
}

/// <summary>Fits the four-parameter curves every synergy model rests on.</summary>
public static class SingleDrugFitter
{
    /// <summary>
    /// A curve of response (% inhibition) on dose, with the lower limit c optionally fixed (SynergyFinder's
    /// <c>FitDoseResponse(data, Emin = c)</c>). As SynergyFinder does, a response vector with zero variance gets
    /// 1e-10 added to its last value first. Null only when every fallback fails.
    /// </summary>
    public static DrcCurve? Fit(IReadOnlyList<double> dose, IReadOnlyList<double> response, double? fixedC, CurveFitMethod fitter)
    {
        var y = response.ToArray();
        if (y.Length > 1 && Variance(y) == 0) y[^1] += 1e-10;
        if (fitter == CurveFitMethod.Optimum)
        {
            var fit = DoseResponseModel.LL4Fixed(c: fixedC).Fit(dose, y, new FitOptions { EstimatesOnly = true });
            if (fit.Converged)
            {
                var p = fit.FullParameters;
                return new DrcCurve(DrcCurveKind.LL4, p[LogLogistic.B], p[LogLogistic.C], p[LogLogistic.D], p[LogLogistic.E]);
            }
        }
        return DrcPath.FitLL4(dose, y, fixedC) ?? DrcPath.FitL4(dose, y, fixedC);
    }

    private static double Variance(double[] v)
    {
        double m = v.Average(), s = 0;
        foreach (var x in v) s += (x - m) * (x - m);
        return s / (v.Length - 1);
    }
}
