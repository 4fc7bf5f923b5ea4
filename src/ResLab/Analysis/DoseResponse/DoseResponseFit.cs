using System.Globalization;
using System.Text;
using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// A fitted dose–response model (drc's drm object): estimates, covariance, effective doses, predictions,
/// goodness-of-fit tests and a printable summary. A failed fit has <see cref="Converged"/> false, NaN estimates
/// and the reason in <see cref="Message"/>.
/// </summary>
public sealed class DoseResponseFit
{
    private readonly double[] _estimates;
    private readonly double[]? _vcov;
    private readonly double[] _full;

    public DoseResponseModel Model { get; }
    public DoseResponseData Data { get; }
    public FitOptions Options { get; }

    /// <summary>True when the optimiser converged and the estimates are finite.</summary>
    public bool Converged { get; }

    /// <summary>Why the fit failed, or the optimiser's stopping reason.</summary>
    public string Message { get; }

    public int Iterations { get; }

    /// <summary>Estimates in drc's parameterisation and order (<see cref="DoseResponseModel.ParameterNames"/>); e is ln ED50 for LL2.x.</summary>
    public IReadOnlyList<double> Estimates => _estimates;

    /// <summary>Covariance of <see cref="Estimates"/> (p × p, row-major), or null when the information matrix is singular or the fit failed.</summary>
    public IReadOnlyList<double>? CovarianceMatrix => _vcov;

    public double Rss { get; }
    public int N => Data.Count;
    public int Df => N - Model.FreeCount;
    public double Sigma => Df > 0 ? Math.Sqrt(Rss / Df) : double.NaN;

    /// <summary>Gaussian log-likelihood at the least-squares estimates (R's logLik for nls/drm).</summary>
    public double LogLikelihood => -0.5 * N * (Math.Log(2 * Math.PI) + Math.Log(Rss / N) + 1);

    /// <summary>AIC = −2 logLik + 2(p + 1) (the residual variance counts as a parameter, as in R).</summary>
    public double Aic => -2 * LogLikelihood + 2 * (Model.FreeCount + 1);

    internal DoseResponseFit(DoseResponseModel model, DoseResponseData data, FitOptions options, double[] estimates, double[]? vcov, LmReport report)
    {
        Model = model;
        Data = data;
        Options = options;
        _estimates = estimates;
        _vcov = vcov;
        _full = CurveFitter.FullFromReported(model, estimates);
        Rss = report.Rss;
        Iterations = report.Iterations;
        Converged = report.Converged && estimates.All(double.IsFinite);
        Message = report.Converged ? (vcov is null && !options.EstimatesOnly ? "converged; the Hessian is singular, so no standard errors" : "converged")
                                   : report.Message;
    }

    private DoseResponseFit(DoseResponseModel model, DoseResponseData data, FitOptions options, string reason)
    {
        Model = model;
        Data = data;
        Options = options;
        _estimates = Enumerable.Repeat(double.NaN, model.FreeCount).ToArray();
        _full = Enumerable.Repeat(double.NaN, 5).ToArray();
        Rss = double.NaN;
        Converged = false;
        Message = reason;
    }

    internal static DoseResponseFit Failed(DoseResponseModel model, DoseResponseData data, FitOptions options, string reason) =>
        new(model, data, options, reason);

    // ------------------------------------------------------------------ parameters

    /// <summary>The full natural parameter vector (b, c, d, e, f) with fixed values filled in; e is ED50 even for LL2.x.</summary>
    public IReadOnlyList<double> FullParameters => _full;

    /// <summary>Estimate of a parameter by name (b, c, d, e, f), fixed ones included; e as reported (ln ED50 for LL2.x).</summary>
    public double this[string name]
    {
        get
        {
            int k = IndexOf(name);
            if (k >= 0) return _estimates[k];
            return _full[CurveFitter.SlotOf(name)];
        }
    }

    /// <summary>Index of a parameter among the estimated ones, or −1 when it is fixed.</summary>
    public int IndexOf(string name)
    {
        for (int k = 0; k < Model.ParameterNames.Count; k++) if (Model.ParameterNames[k] == name) return k;
        return -1;
    }

    public double StandardError(int k) => _vcov is null ? double.NaN : Math.Sqrt(_vcov[k * Model.FreeCount + k]);

    public double StandardError(string name) { int k = IndexOf(name); return k < 0 ? double.NaN : StandardError(k); }

    public double Covariance(int i, int j) => _vcov is null ? double.NaN : _vcov[i * Model.FreeCount + j];

    /// <summary>The t quantile used by every interval: qt(1 − (1 − level)/2, df).</summary>
    public double TQuantile(double level) => TQuantiles.TwoSided(Df, level);

    /// <summary>Parameter estimates with SE, t, p and CI (drc summary + confint; Prism asymptotic; or profile likelihood).</summary>
    public IReadOnlyList<ParameterEstimate> ConfidenceIntervals(double? level = null, ParameterInterval method = ParameterInterval.Wald)
    {
        double lv = level ?? Options.Level;
        double tq = TQuantile(lv);
        var list = new List<ParameterEstimate>();
        for (int k = 0; k < Model.FreeCount; k++)
        {
            double est = _estimates[k], se = StandardError(k);
            double t = est / se;
            double lo = est - tq * se, hi = est + tq * se;
            if (method == ParameterInterval.Profile && Converged) (lo, hi) = ProfileInterval(k, lv);
            list.Add(new ParameterEstimate(Model.ParameterNames[k], est, se, t, TQuantiles.TwoSidedP(t, Df), lo, hi));
        }
        return list;
    }

    /// <summary>Profile-likelihood interval of estimated parameter k in the reported parameterisation.</summary>
    public (double Lower, double Upper) ProfileInterval(int k, double level)
    {
        var problem = new CurveProblem(Data.LogDose, Data.Response, Model, logE: true);
        var theta = CurveFitter.ToInternal(Model, _full);
        bool isE = Model.FreeSlots[k] == LogLogistic.E;
        double se = StandardError(k);
        double step = isE ? (Model.LogE ? se : se / _full[LogLogistic.E]) : se;
        var (lo, hi) = ProfileLikelihood.Interval(ref problem, theta, Rss, Df, k, level, double.IsFinite(step) ? step : double.NaN, options: Options.Solver);
        if (isE && !Model.LogE) return (Math.Exp(lo), Math.Exp(hi));
        return (lo, hi);
    }

    // ------------------------------------------------------------------ predictions

    /// <summary>The fitted response at a dose (≥ 0).</summary>
    public double Predict(double dose) => LogLogistic.Value(dose, _full);

    public double[] Predict(IReadOnlyList<double> doses) => doses.Select(Predict).ToArray();

    /// <summary>
    /// Pointwise CI of the fitted curve at a dose (delta method with the parameter covariance, t quantile), for
    /// the CI band of plots (drc predict(interval = "confidence")).
    /// </summary>
    public (double Fit, double Lower, double Upper) PredictInterval(double dose, double? level = null)
    {
        double fit = Predict(dose);
        if (_vcov is null) return (fit, double.NaN, double.NaN);
        int p = Model.FreeCount;
        Span<double> g = stackalloc double[p];
        double lx = dose > 0 ? Math.Log(dose) : double.NegativeInfinity;
        LogLogistic.ValueAndGradient(lx, _full[0], _full[1], _full[2], Math.Log(_full[3]), _full[4], out var gb, out var gc, out var gd, out var ge, out var gf);
        for (int k = 0; k < p; k++)
            g[k] = Model.FreeSlots[k] switch
            {
                LogLogistic.B => gb,
                LogLogistic.C => gc,
                LogLogistic.D => gd,
                LogLogistic.E => Model.LogE ? ge : ge / _full[LogLogistic.E],
                _ => gf,
            };
        double se = Math.Sqrt(Math.Max(0, SmallMatrix.QuadraticForm(_vcov, p, g, g)));
        double tq = TQuantile(level ?? Options.Level);
        return (fit, fit - tq * se, fit + tq * se);
    }

    // ------------------------------------------------------------------ effective doses

    /// <summary>Relative EDp (drc ED(m, p)); the IC50 is Ed(50).</summary>
    public EffectiveDose Ed(double p, EdInterval interval = EdInterval.Delta, double? level = null)
    {
        if (!Converged || !(p > 0 && p < 100)) return Nan(p, EdType.Relative, interval);
        int np = Model.FreeCount;
        Span<double> g3 = stackalloc double[3];
        double b = _full[LogLogistic.B], f = _full[LogLogistic.F], lnE = Math.Log(_full[LogLogistic.E]);
        double ed = LogLogistic.RelativeEd(p, b, lnE, f, g3);
        var grad = new double[np];
        for (int k = 0; k < np; k++)
            grad[k] = Model.FreeSlots[k] switch
            {
                LogLogistic.B => g3[0],
                LogLogistic.E => Model.LogE ? g3[1] : g3[1] / _full[LogLogistic.E],
                LogLogistic.F => g3[2],
                _ => 0,
            };
        return Finish(p, EdType.Relative, ed, grad, interval, level);
    }

    /// <summary>The relative IC50 (= ED50, the inflection point e for models with f = 1).</summary>
    public EffectiveDose Ic50(EdInterval interval = EdInterval.Delta, double? level = null) => Ed(50, interval, level);

    /// <summary>The dose at which the fitted curve equals <paramref name="response"/> (drc ED(type = "absolute")).</summary>
    public EffectiveDose EdAbsolute(double response, EdInterval interval = EdInterval.Delta, double? level = null, double p = double.NaN)
    {
        if (!Converged) return Nan(p, EdType.Absolute, interval);
        int np = Model.FreeCount;
        double ed = LogLogistic.DoseAtResponse(response, _full);
        var grad = new double[np];
        if (double.IsFinite(ed))
        {
            var rep = (double[])_estimates.Clone();
            for (int k = 0; k < np; k++)
            {
                double h = 1e-6 * Math.Max(Math.Abs(rep[k]), 1e-3);
                rep[k] = _estimates[k] + h;
                double up = LogLogistic.DoseAtResponse(response, CurveFitter.FullFromReported(Model, rep));
                rep[k] = _estimates[k] - h;
                double dn = LogLogistic.DoseAtResponse(response, CurveFitter.FullFromReported(Model, rep));
                rep[k] = _estimates[k];
                grad[k] = (up - dn) / (2 * h);
            }
        }
        if (interval == EdInterval.Profile) interval = EdInterval.LogDelta;
        return Finish(p, EdType.Absolute, ed, grad, interval, level, response);
    }

    /// <summary>
    /// The absolute IC50: the dose where the fitted curve crosses 50 % of the control response. The control is the
    /// mean observed response at dose 0 when the curve has untreated wells (100 for data normalised to vehicle),
    /// else the fitted response at dose 0 (d for a decreasing curve). The level is held fixed in the delta SE, as drc does.
    /// </summary>
    public EffectiveDose AbsoluteIc50(double? controlResponse = null, EdInterval interval = EdInterval.Delta, double? level = null) =>
        EdAbsolute(0.5 * (controlResponse ?? ControlResponse), interval, level, 50);

    /// <summary>Mean response of the dose-0 observations, or the fitted response at dose 0 when there are none.</summary>
    public double ControlResponse
    {
        get
        {
            double s = 0; int m = 0;
            for (int i = 0; i < Data.Count; i++) if (Data.Dose[i] == 0) { s += Data.Response[i]; m++; }
            return m > 0 ? s / m : Predict(0);
        }
    }

    private EffectiveDose Finish(double p, EdType type, double ed, double[] grad, EdInterval interval, double? level, double response = double.NaN)
    {
        double lv = level ?? Options.Level;
        double se = _vcov is null || !double.IsFinite(ed) ? double.NaN : Math.Sqrt(Math.Max(0, SmallMatrix.QuadraticForm(_vcov, Model.FreeCount, grad, grad)));
        double tq = TQuantile(lv);
        double lo = double.NaN, hi = double.NaN;
        var used = interval;
        if (interval == EdInterval.Profile)
        {
            int ke = IndexOf("e");
            if (type == EdType.Relative && Math.Abs(p - 50) < 1e-12 && _full[LogLogistic.F] == 1 && !Model.Free[LogLogistic.F] && ke >= 0)
            {
                (lo, hi) = ProfileInterval(ke, lv);
                if (Model.LogE) { lo = Math.Exp(lo); hi = Math.Exp(hi); }
            }
            else used = EdInterval.LogDelta;
        }
        if (used == EdInterval.Delta) { lo = ed - tq * se; hi = ed + tq * se; }
        else if (used == EdInterval.LogDelta && ed > 0) { double sl = se / ed; lo = Math.Exp(Math.Log(ed) - tq * sl); hi = Math.Exp(Math.Log(ed) + tq * sl); }
        return new EffectiveDose(p, type, ed, se, lo, hi, used, RangeFlag(ed));
    }

    private static EffectiveDose Nan(double p, EdType type, EdInterval interval) =>
        new(p, type, double.NaN, double.NaN, double.NaN, double.NaN, interval, "failed");

    /// <summary>"&gt; max dose", "&lt; min dose", "not reached" (NaN) or "" for a dose inside the tested positive range.</summary>
    public string RangeFlag(double dose)
    {
        if (double.IsNaN(dose)) return "not reached";
        var (lo, hi) = Data.PositiveRange();
        if (dose > hi) return "> max dose";
        if (dose < lo) return "< min dose";
        return "";
    }

    // ------------------------------------------------------------------ summaries of the curve

    /// <summary>
    /// AUC definition 1 of the reference README: the integral of the fitted curve over [min positive dose, max dose]
    /// on the log10-dose scale, divided by the log10 range (a mean response; 20-panel Gauss–Legendre).
    /// </summary>
    public double AucFit()
    {
        var (lo, hi) = Data.PositiveRange();
        if (!Converged || !(hi > lo)) return double.NaN;
        double a = Math.Log10(lo), b = Math.Log10(hi);
        return Quadrature.GaussLegendre(t => Predict(Math.Pow(10, t)), a, b, 20) / (b - a);
    }

    /// <summary>AUC definition 2: trapezoid rule on the per-dose observed means over the positive doses, log10 dose, divided by the log10 range.</summary>
    public double AucTrapezoid() => CurveSummaries.TrapezoidMean(Data);

    /// <summary>Emax as GRmetrics defines it: the smaller of the observed mean responses at the two highest doses.</summary>
    public double Emax() => CurveSummaries.EmaxObserved(Data);

    /// <summary>F test of the fit against a flat line (the mean): a dose effect is supported when p &lt; 0.05.</summary>
    public FTest FlatTest() => CurveSummaries.FlatTest(Data, Rss, Model.FreeCount);

    /// <summary>drc's lack-of-fit test (modelFit): the model against one mean per dose (ANOVA). Null when there are no replicates.</summary>
    public FTest? LackOfFit() => CurveSummaries.LackOfFit(Data, Rss, Df);

    // ------------------------------------------------------------------ printing

    /// <summary>A summary as drc prints it: model, parameter table, residual standard error, ED50, fit checks.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine($"Model fitted: log-logistic ({Model.Name}), {N} observations, {Data.DistinctDoses().Length} doses");
        if (!Converged) { sb.AppendLine($"Fit failed: {Message}"); return sb.ToString(); }
        sb.AppendLine();
        sb.AppendLine("Parameter estimates:");
        sb.AppendLine(string.Format(inv, "{0,-4} {1,14} {2,12} {3,10} {4,12}", "", "Estimate", "Std. Error", "t-value", "p-value"));
        foreach (var pe in ConfidenceIntervals())
            sb.AppendLine(string.Format(inv, "{0,-4} {1,14:G7} {2,12:G6} {3,10:F4} {4,12:G4}", pe.Name, pe.Estimate, pe.StandardError, pe.T, pe.P));
        sb.AppendLine();
        sb.AppendLine(string.Format(inv, "Residual standard error: {0:G7} ({1} degrees of freedom)", Sigma, Df));
        var ic = Ic50();
        sb.AppendLine(string.Format(inv, "ED50 (IC50): {0:G7}  SE {1:G6}  95% CI {2:G6} – {3:G6}{4}", ic.Estimate, ic.StandardError, ic.Lower, ic.Upper,
            ic.Flag.Length > 0 ? $"  [{ic.Flag}]" : ""));
        var flat = FlatTest();
        sb.AppendLine(string.Format(inv, "F test against a flat line: F = {0:G5}, p = {1:G3}{2}", flat.F, flat.P, flat.P >= 0.05 ? "  (no significant dose effect)" : ""));
        sb.AppendLine(string.Format(inv, "RSS {0:G7}, logLik {1:G7}, AIC {2:G7}; HillSlope (Prism) = {3:G6}", Rss, LogLikelihood, Aic, -_full[LogLogistic.B]));
        return sb.ToString();
    }

    public override string ToString() => Summary();
}
