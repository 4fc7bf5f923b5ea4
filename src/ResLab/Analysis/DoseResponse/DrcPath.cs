using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>Which of drc's curves a <see cref="DrcCurve"/> is.</summary>
public enum DrcCurveKind
{
    /// <summary>LL.4 on the dose: c + (d − c)/(1 + exp(b·log(x/e))).</summary>
    LL4,

    /// <summary>L.4 on log dose (zero doses as 1e-10): c + (d − c)/(1 + exp(b·(log x − e))); SynergyFinder's fallback.</summary>
    L4,
}

/// <summary>A four-parameter curve (b, c, d, e) as drc reports it, with prediction and inversion.</summary>
public sealed record DrcCurve(DrcCurveKind Kind, double B, double C, double D, double E)
{
    public double Predict(double dose)
    {
        if (Kind == DrcCurveKind.LL4) return C + (D - C) / (1 + Math.Exp(B * Math.Log(dose / E)));
        double x = Math.Log(dose == 0 ? 1e-10 : dose);
        return C + (D - C) / (1 + Math.Exp(B * (x - E)));
    }

    /// <summary>
    /// The dose whose predicted response is <paramref name="y"/> (NaN or ±∞ where the formula gives them):
    /// LL.4: e·((d − y)/(y − c))^(1/b); L.4: exp(e + log((d − y)/(y − c))/b).
    /// </summary>
    public double Inverse(double y) => Kind == DrcCurveKind.LL4
        ? E * Math.Pow((D - y) / (y - C), 1 / B)
        : Math.Exp(E + Math.Log((D - y) / (y - C)) / B);

    public double Lower => Math.Min(C, D);
    public double Upper => Math.Max(C, D);
}

/// <summary>
/// drc 3.2-0's own estimation path for LL.4 (and L.4), reproduced step for step: its self-starter (llogistic.ssf
/// method 1 — c and d from the response range, b and e from a logit regression on log dose, computed from the data
/// even when c or d is fixed), its scaling of doses and responses by powers of ten (10^floor(log10 median)), and
/// R's BFGS with numerical gradients, parscale = |start| (1 where below 1e-4), maxit 500 and reltol 1e-7, followed by
/// optim's Hessian. On well-posed curves it gives the least-squares optimum to drc's ~6 digits, like
/// <see cref="DoseResponseModel.Fit(DoseResponseData, FitOptions?)"/>; on flat or ill-posed curves it stops where drc
/// stops, which is what SynergyFinder's scores are built on (verified against SynergyFinder's fits to ~1e-9).
/// </summary>
public static class DrcPath
{
    /// <summary>drc::drm(response ~ dose, fct = LL.4(fixed = c(NA, c, d, NA))); null when drc would fail (an error in optim).</summary>
    public static DrcCurve? FitLL4(IReadOnlyList<double> dose, IReadOnlyList<double> response, double? fixedC = null, double? fixedD = null)
    {
        int n = dose.Count;
        double ds = PowerOfTenScale(Median(dose)), rs = PowerOfTenScale(Median(response));
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = dose[i] / ds; y[i] = response[i] / rs; }
        var (bS, cS, dS, eS) = SelfStart(x, y, logDose: true);
        if (!double.IsFinite(bS) || !double.IsFinite(eS)) return null;
        bool[] free = [true, fixedC is null, fixedD is null, true];
        double[] fixedScaled = [0, (fixedC ?? 0) / rs, (fixedD ?? 0) / rs, 0];
        double[] startAll = [bS, cS, dS, eS];
        var start = Enumerable.Range(0, 4).Where(k => free[k]).Select(k => startAll[k]).ToArray();
        var p = new double[4];
        double Objective(double[] par)
        {
            Fill(p, par, free, fixedScaled);
            double s = 0, comp = 0;
            for (int i = 0; i < n; i++)
            {
                double r = y[i] - (p[1] + (p[2] - p[1]) / (1 + Math.Exp(p[0] * Math.Log(x[i] / p[3]))));
                Neumaier(ref s, ref comp, r * r);
            }
            return s + comp;
        }
        var res = Optimise(Objective, start);
        if (res is null) return null;
        Fill(p, res, free, fixedScaled);
        return new DrcCurve(DrcCurveKind.LL4, p[0], p[1] * rs, p[2] * rs, p[3] * ds);
    }

    /// <summary>drc::drm(response ~ log(dose), fct = L.4(fixed = …)) with zero doses as 1e-10 (no scaling: L.4 has none in drc); null on failure.</summary>
    public static DrcCurve? FitL4(IReadOnlyList<double> dose, IReadOnlyList<double> response, double? fixedC = null, double? fixedD = null)
    {
        int n = dose.Count;
        var x = dose.Select(v => Math.Log(v == 0 ? 1e-10 : v)).ToArray();
        var y = response.ToArray();
        var (bS, cS, dS, eS) = SelfStart(x, y, logDose: false);
        if (!double.IsFinite(bS) || !double.IsFinite(eS)) return null;
        bool[] free = [true, fixedC is null, fixedD is null, true];
        double[] fixedValues = [0, fixedC ?? 0, fixedD ?? 0, 0];
        double[] startAll = [bS, cS, dS, eS];
        var start = Enumerable.Range(0, 4).Where(k => free[k]).Select(k => startAll[k]).ToArray();
        var p = new double[4];
        double Objective(double[] par)
        {
            Fill(p, par, free, fixedValues);
            double s = 0, comp = 0;
            for (int i = 0; i < n; i++)
            {
                double r = y[i] - (p[1] + (p[2] - p[1]) / (1 + Math.Exp(p[0] * (x[i] - p[3]))));
                Neumaier(ref s, ref comp, r * r);
            }
            return s + comp;
        }
        var res = Optimise(Objective, start);
        if (res is null) return null;
        Fill(p, res, free, fixedValues);
        return new DrcCurve(DrcCurveKind.L4, p[0], p[1], p[2], p[3]);
    }

    private static double[]? Optimise(Func<double[], double> objective, double[] start)
    {
        var ps = start.Select(v => Math.Abs(v) < 1e-4 ? 1 : Math.Abs(v)).ToArray();
        var r = OptimBfgs.Minimise(objective, start, ps, maxIterations: 500, relTol: 1e-7, hessian: true);
        return r.Ok ? r.Parameters : null;
    }

    private static void Fill(double[] p, double[] par, bool[] free, double[] fixedValues)
    {
        int k = 0;
        for (int j = 0; j < 4; j++) p[j] = free[j] ? par[k++] : fixedValues[j];
    }

    /// <summary>
    /// llogistic.ssf / logistic.ssf method 1: c, d = range ∓ 0.1 %; b, e from lm(log((d − y)/(y − c)) ~ t) with
    /// t = log x over x &gt; 0 (LL.4, e = exp(−intercept/b)) or t = x (L.4, e = −intercept/b).
    /// </summary>
    private static (double B, double C, double D, double E) SelfStart(double[] x, double[] y, bool logDose)
    {
        double lo = y.Min(), hi = y.Max(), pad = 0.001 * (hi - lo);
        double c = lo - pad, d = hi + pad;
        var ts = new List<double>();
        var rs = new List<double>();
        for (int i = 0; i < x.Length; i++)
        {
            double t = logDose ? (x[i] > 0 && double.IsFinite(x[i]) ? Math.Log(x[i]) : double.NaN) : x[i];
            double r = Math.Log((d - y[i]) / (y[i] - c));
            if (double.IsNaN(t) || !double.IsFinite(r)) continue;
            ts.Add(t);
            rs.Add(r);
        }
        if (ts.Count < 2) return (double.NaN, c, d, double.NaN);
        double mt = ts.Average(), mr = rs.Average(), sxx = 0, sxy = 0;
        for (int i = 0; i < ts.Count; i++) { sxx += (ts[i] - mt) * (ts[i] - mt); sxy += (ts[i] - mt) * (rs[i] - mr); }
        if (!(sxx > 0)) return (double.NaN, c, d, double.NaN);
        double b = sxy / sxx, intercept = mr - b * mt;
        return (b, c, d, logDose ? Math.Exp(-intercept / b) : -intercept / b);
    }

    /// <summary>drm's scaling: 10^floor(log10(median)), or 1 when that is NA or below 1e-15 (negative or zero medians).</summary>
    internal static double PowerOfTenScale(double median)
    {
        double s = Math.Pow(10, Math.Floor(Math.Log10(median)));
        return double.IsNaN(s) || s < 1e-15 ? 1 : s;
    }

    internal static double Median(IReadOnlyList<double> v)
    {
        var s = v.OrderBy(a => a).ToArray();
        int m = s.Length / 2;
        return s.Length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /// <summary>Compensated summation: R sums in extended precision; this keeps the sum exact to the last bit as often.</summary>
    private static void Neumaier(ref double sum, ref double comp, double v)
    {
        double t = sum + v;
        comp += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }
}
