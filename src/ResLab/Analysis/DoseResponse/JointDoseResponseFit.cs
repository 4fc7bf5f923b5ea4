using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>A ratio of effective doses (relative potency; the resistance index when it is ED50 resistant / ED50 parental).</summary>
public sealed record PotencyRatio(string Numerator, string Denominator, double P, double Ratio, double StandardError,
    double Lower, double Upper, string Interval, double T, double PValue, int Df);

/// <summary>How a potency ratio's CI is formed.</summary>
public enum RatioInterval
{
    /// <summary>drc EDcomp(interval = "delta"): ratio ± t·SE.</summary>
    Delta,
    /// <summary>Fieller's theorem (drc EDcomp(interval = "fieller")): asymmetric, exact for normal estimates.</summary>
    Fieller,
}

/// <summary>
/// A joint fit of several curves with one model (drc <c>drm(y ~ dose, curve)</c>), optionally with parameters shared
/// by all curves (e.g. common c and d). The residual variance is pooled, so CIs use df = N − (number of parameters).
/// </summary>
public sealed class JointDoseResponseFit
{
    private readonly JointProblem _problem;
    private readonly double[] _theta;     // reported parameterisation
    private readonly double[]? _vcov;

    public DoseResponseModel Model { get; }
    public IReadOnlyList<string> CurveNames { get; }
    public IReadOnlyList<string> SharedParameters { get; }
    public bool Converged { get; }
    public string Message { get; }
    public double Rss { get; }
    public int N => _problem.ObservationCount;
    public int ParameterCount => _problem.ParameterCount;
    public int Df => N - ParameterCount;
    public double Sigma => Math.Sqrt(Rss / Df);
    public double LogLikelihood => -0.5 * N * (Math.Log(2 * Math.PI) + Math.Log(Rss / N) + 1);
    public double Aic => -2 * LogLikelihood + 2 * (ParameterCount + 1);

    private JointDoseResponseFit(DoseResponseModel model, IReadOnlyList<string> names, IReadOnlyList<string> shared, JointProblem problem,
        double[] theta, double[]? vcov, LmReport report)
    {
        Model = model; CurveNames = names; SharedParameters = shared; _problem = problem; _theta = theta; _vcov = vcov;
        Rss = report.Rss;
        Converged = report.Converged && theta.All(double.IsFinite);
        Message = report.Converged ? (vcov is null ? "converged; the Hessian is singular" : "converged") : report.Message;
    }

    /// <summary>Fits all curves jointly. <paramref name="shared"/> names parameters common to all curves ("c", "d", …).</summary>
    public static JointDoseResponseFit Fit(DoseResponseModel model, IReadOnlyList<(string Name, DoseResponseData Data)> curves,
        IReadOnlyCollection<string>? shared = null, FitOptions? options = null)
    {
        var o = options ?? FitOptions.Default;
        if (curves.Count == 0) throw new ArgumentException("no curves");
        int p = model.FreeCount;
        var sharedSet = new HashSet<string>((shared ?? []).Select(s => s.Trim().ToLowerInvariant()));
        foreach (var s in sharedSet)
            if (!model.ParameterNames.Contains(s))
                throw new ArgumentException($"cannot share '{s}': {model.Name} estimates {string.Join(", ", model.ParameterNames)}");
        var sharedMask = model.ParameterNames.Select(sharedSet.Contains).ToArray();

        var logX = curves.SelectMany(c => c.Data.LogDose).ToArray();
        var y = curves.SelectMany(c => c.Data.Response).ToArray();
        var curveOf = curves.SelectMany((c, i) => Enumerable.Repeat(i, c.Data.Count)).ToArray();
        var problem = new JointProblem(logX, y, curveOf, curves.Count, model, sharedMask, logE: true);

        // Start from the separate fits (the joint optimum when nothing is shared); shared parameters at their mean.
        var separate = curves.Select(c => model.Fit(c.Data, o with { EstimatesOnly = true })).ToArray();
        var theta = new double[problem.ParameterCount];
        var counts = new int[theta.Length];
        for (int c = 0; c < curves.Count; c++)
        {
            var full = separate[c].Converged ? separate[c].FullParameters.ToArray() : SelfStart.Start(model, curves[c].Data);
            var internalTheta = CurveFitter.ToInternal(model, full);
            for (int k = 0; k < p; k++) { theta[problem.Map[c * p + k]] += internalTheta[k]; counts[problem.Map[c * p + k]]++; }
        }
        for (int j = 0; j < theta.Length; j++) theta[j] /= counts[j];
        var report = LevenbergMarquardt.Solve(ref problem, theta, default, default, o.Solver);

        var reported = (double[])theta.Clone();
        int eIdx = Array.IndexOf(model.FreeSlots, LogLogistic.E);
        if (!model.LogE)
            for (int c = 0; c < curves.Count; c++) reported[problem.Map[c * p + eIdx]] = Math.Exp(theta[problem.Map[c * p + eIdx]]);
        var rp = new JointProblem(logX, y, curveOf, curves.Count, model, sharedMask, logE: model.LogE);
        double range = y.Max() - y.Min();
        var scale = new double[reported.Length];
        for (int c = 0; c < curves.Count; c++)
            for (int k = 0; k < p; k++)
                scale[problem.Map[c * p + k]] = model.FreeSlots[k] switch
                {
                    LogLogistic.C or LogLogistic.D => range > 0 ? range : 1,
                    LogLogistic.E => model.LogE ? 1 : Math.Abs(reported[problem.Map[c * p + k]]),
                    _ => 1,
                };
        var vcov = double.IsFinite(report.Rss)
            ? Fitting.Covariance.Estimate(ref rp, reported, report.Rss, y.Length - theta.Length, o.Covariance, scale)
            : null;
        return new JointDoseResponseFit(model, curves.Select(c => c.Name).ToArray(),
            model.ParameterNames.Where(sharedSet.Contains).ToArray(), rp, reported, vcov, report);
    }

    public int CurveIndex(string name)
    {
        for (int i = 0; i < CurveNames.Count; i++) if (CurveNames[i] == name) return i;
        throw new ArgumentException($"no curve '{name}'; the curves are {string.Join(", ", CurveNames)}");
    }

    /// <summary>Estimate of a parameter (b, c, d, e, f in the reported parameterisation) for a curve.</summary>
    public double Parameter(int curve, string name)
    {
        int k = IndexOfName(name);
        return _theta[_problem.Map[curve * Model.FreeCount + k]];
    }

    public double StandardError(int curve, string name)
    {
        if (_vcov is null) return double.NaN;
        int j = _problem.Map[curve * Model.FreeCount + IndexOfName(name)];
        return Math.Sqrt(_vcov[j * ParameterCount + j]);
    }

    private int IndexOfName(string name)
    {
        for (int k = 0; k < Model.FreeCount; k++) if (Model.ParameterNames[k] == name) return k;
        throw new ArgumentException($"{Model.Name} has no estimated parameter '{name}'");
    }

    /// <summary>Relative EDp of a curve with its gradient over the joint θ.</summary>
    private double EdWithGradient(int curve, double p, double[] grad)
    {
        int np = Model.FreeCount;
        double b = Model.FixedValues[LogLogistic.B], f = Model.FixedValues[LogLogistic.F], lnE = 0;
        for (int k = 0; k < np; k++)
        {
            double v = _theta[_problem.Map[curve * np + k]];
            switch (Model.FreeSlots[k])
            {
                case LogLogistic.B: b = v; break;
                case LogLogistic.E: lnE = Model.LogE ? v : Math.Log(v); break;
                case LogLogistic.F: f = v; break;
            }
        }
        Span<double> g3 = stackalloc double[3];
        double ed = LogLogistic.RelativeEd(p, b, lnE, f, g3);
        for (int k = 0; k < np; k++)
        {
            int j = _problem.Map[curve * np + k];
            grad[j] += Model.FreeSlots[k] switch
            {
                LogLogistic.B => g3[0],
                LogLogistic.E => Model.LogE ? g3[1] : g3[1] / Math.Exp(lnE),
                LogLogistic.F => g3[2],
                _ => 0,
            };
        }
        return ed;
    }

    /// <summary>Relative EDp of one curve with delta SE and CI from the joint (pooled-variance) fit.</summary>
    public EffectiveDose Ed(int curve, double p, double level = 0.95)
    {
        var g = new double[ParameterCount];
        double ed = EdWithGradient(curve, p, g);
        double se = _vcov is null ? double.NaN : Math.Sqrt(SmallMatrix.QuadraticForm(_vcov, ParameterCount, g, g));
        double t = TQuantiles.TwoSided(Df, level);
        return new EffectiveDose(p, EdType.Relative, ed, se, ed - t * se, ed + t * se, EdInterval.Delta, "");
    }

    /// <summary>
    /// ED_p(numerator) / ED_p(denominator) (drc EDcomp(…, reverse = TRUE)) with a delta or Fieller CI (t quantile,
    /// df of the joint fit) and the t test of ratio = 1.
    /// </summary>
    public PotencyRatio Ratio(int numerator, int denominator, double p = 50, RatioInterval interval = RatioInterval.Delta, double level = 0.95)
    {
        int n = ParameterCount;
        var g1 = new double[n];
        var g2 = new double[n];
        double e1 = EdWithGradient(numerator, p, g1);
        double e2 = EdWithGradient(denominator, p, g2);
        double r = e1 / e2;
        double tq = TQuantiles.TwoSided(Df, level);
        if (_vcov is null)
            return new PotencyRatio(CurveNames[numerator], CurveNames[denominator], p, r, double.NaN, double.NaN, double.NaN,
                interval.ToString().ToLowerInvariant(), double.NaN, double.NaN, Df);
        double v11 = SmallMatrix.QuadraticForm(_vcov, n, g1, g1), v22 = SmallMatrix.QuadraticForm(_vcov, n, g2, g2), v12 = SmallMatrix.QuadraticForm(_vcov, n, g1, g2);
        // Delta method: ∂r = ∂e1/e2 − r·∂e2/e2.
        double var = (v11 - 2 * r * v12 + r * r * v22) / (e2 * e2);
        double se = Math.Sqrt(Math.Max(0, var));
        double lo, hi;
        if (interval == RatioInterval.Delta) { lo = r - tq * se; hi = r + tq * se; }
        else
        {
            // Fieller: the set of ρ with (e1 − ρ e2)² ≤ t²·(v11 − 2ρ v12 + ρ² v22).
            double g = tq * tq * v22 / (e2 * e2);
            if (g >= 1) { lo = double.NegativeInfinity; hi = double.PositiveInfinity; }
            else
            {
                double centre = r - g * v12 / v22;
                double half = tq / e2 * Math.Sqrt(Math.Max(0, v11 - 2 * r * v12 + r * r * v22 - g * (v11 - v12 * v12 / v22)));
                lo = (centre - half) / (1 - g);
                hi = (centre + half) / (1 - g);
            }
        }
        double t = (r - 1) / se;
        return new PotencyRatio(CurveNames[numerator], CurveNames[denominator], p, r, se, lo, hi,
            interval == RatioInterval.Delta ? "delta" : "fieller", t, TQuantiles.TwoSidedP(t, Df), Df);
    }
}
