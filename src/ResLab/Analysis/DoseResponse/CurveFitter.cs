using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>Fits one curve: checks, drc self-start, bounded LM on (…, ln e, …), fallbacks, covariance.</summary>
internal static class CurveFitter
{
    public static DoseResponseFit Fit(DoseResponseModel model, DoseResponseData data, FitOptions options)
    {
        int p = model.FreeCount;
        var reason = CheckData(model, data);
        if (reason is not null) return DoseResponseFit.Failed(model, data, options, reason);

        var full = SelfStart.Start(model, data);
        if (options.Start is not null)
            foreach (var (name, value) in options.Start)
            {
                int slot = SlotOf(name);
                if (model.Free[slot]) full[slot] = value;
            }
        var (lower, upper) = InternalBounds(model, options, data);
        var problem = new CurveProblem(data.LogDose, data.Response, model, logE: true);

        var theta = ToInternal(model, full);
        var best = Solve(ref problem, theta, lower, upper, options);
        // Fallbacks when the self-started fit fails: a unit-slope start either way round, at the centre of the doses.
        if (!best.Report.Converged || !double.IsFinite(best.Report.Rss))
        {
            var (minDose, maxDose) = data.PositiveRange();
            double eMid = double.IsNaN(minDose) ? 1 : Math.Sqrt(minDose * maxDose);
            foreach (var bStart in new[] { 1.0, -1.0 })
            {
                var alt = (double[])full.Clone();
                if (model.Free[LogLogistic.B]) alt[LogLogistic.B] = bStart;
                alt[LogLogistic.E] = eMid;
                if (model.Free[LogLogistic.F]) alt[LogLogistic.F] = 1;
                var tryIt = Solve(ref problem, ToInternal(model, alt), lower, upper, options);
                if (double.IsFinite(tryIt.Report.Rss) && (!double.IsFinite(best.Report.Rss) || tryIt.Report.Rss < best.Report.Rss * (1 - 1e-12) ||
                    (!best.Report.Converged && tryIt.Report.Converged && tryIt.Report.Rss <= best.Report.Rss * (1 + 1e-9))))
                    best = tryIt;
            }
        }
        if (!double.IsFinite(best.Report.Rss))
            return DoseResponseFit.Failed(model, data, options, "the optimiser found no finite least-squares solution");

        var estimates = ToReported(model, best.Theta);
        double[]? vcov = null;
        int df = data.Count - p;
        if (!options.EstimatesOnly)
        {
            var reported = new CurveProblem(data.LogDose, data.Response, model, logE: model.LogE);
            vcov = Fitting.Covariance.Estimate(ref reported, estimates, best.Report.Rss, df, options.Covariance, HessianScale(model, data, estimates));
        }
        return new DoseResponseFit(model, data, options, estimates, vcov, best.Report);
    }

    private static (double[] Theta, LmReport Report) Solve(ref CurveProblem problem, double[] theta, double[]? lower, double[]? upper, FitOptions options)
    {
        var report = LevenbergMarquardt.Solve(ref problem, theta, lower, upper, options.Solver);
        return (theta, report);
    }

    internal static string? CheckData(DoseResponseModel model, DoseResponseData data)
    {
        int p = model.FreeCount;
        int distinct = data.DistinctDoses().Length;
        if (data.Count <= p)
            return $"{data.Count} observations for {p} parameters; {model.Name} needs at least {p + 1} to leave residual degrees of freedom";
        if (distinct < p)
            return $"{distinct} distinct doses for {p} parameters; {model.Name} needs at least {p} distinct doses";
        if (data.Dose.Count(x => x > 0) == 0) return "no positive dose";
        double first = data.Response[0];
        if (data.Response.All(v => v == first)) return $"all responses are identical ({first}); there is no dose effect to fit";
        return null;
    }

    internal static int SlotOf(string name) => name.Trim().ToLowerInvariant() switch
    {
        "b" => LogLogistic.B,
        "c" => LogLogistic.C,
        "d" => LogLogistic.D,
        "e" => LogLogistic.E,
        "f" => LogLogistic.F,
        _ => throw new ArgumentException($"no parameter '{name}'; expected b, c, d, e or f"),
    };

    /// <summary>Free parameters in solver form (e as ln e).</summary>
    internal static double[] ToInternal(DoseResponseModel model, ReadOnlySpan<double> full)
    {
        var t = new double[model.FreeCount];
        for (int k = 0; k < t.Length; k++)
        {
            int s = model.FreeSlots[k];
            t[k] = s == LogLogistic.E ? Math.Log(full[s]) : full[s];
        }
        return t;
    }

    /// <summary>Solver form → the model's reported parameterisation (e or ln e).</summary>
    internal static double[] ToReported(DoseResponseModel model, ReadOnlySpan<double> theta)
    {
        var t = theta.ToArray();
        if (!model.LogE)
            for (int k = 0; k < t.Length; k++)
                if (model.FreeSlots[k] == LogLogistic.E) t[k] = Math.Exp(t[k]);
        return t;
    }

    /// <summary>The model's reported estimates → the full natural vector (b, c, d, e, f).</summary>
    internal static double[] FullFromReported(DoseResponseModel model, ReadOnlySpan<double> reported)
    {
        var full = (double[])model.FixedValues.Clone();
        for (int k = 0; k < model.FreeCount; k++)
        {
            int s = model.FreeSlots[k];
            full[s] = s == LogLogistic.E && model.LogE ? Math.Exp(reported[k]) : reported[k];
        }
        return full;
    }

    private static (double[]? Lower, double[]? Upper) InternalBounds(DoseResponseModel model, FitOptions options, DoseResponseData data)
    {
        if (options.Bounds is null || options.Bounds.Count == 0) return (null, null);
        int p = model.FreeCount;
        var lo = new double[p];
        var hi = new double[p];
        for (int k = 0; k < p; k++) { lo[k] = double.NegativeInfinity; hi[k] = double.PositiveInfinity; }
        foreach (var (name, (l, u)) in options.Bounds)
        {
            int slot = SlotOf(name);
            int k = Array.IndexOf(model.FreeSlots, slot);
            if (k < 0) continue;
            if (slot == LogLogistic.E)
            {
                lo[k] = l > 0 ? Math.Log(l) : double.NegativeInfinity;
                hi[k] = u > 0 ? Math.Log(u) : double.NegativeInfinity;
            }
            else { lo[k] = l; hi[k] = u; }
        }
        return (lo, hi);
    }

    /// <summary>Typical magnitudes for the Hessian's finite-difference steps (see Covariance.RssHessian).</summary>
    internal static double[] HessianScale(DoseResponseModel model, DoseResponseData data, ReadOnlySpan<double> reported)
    {
        double range = data.Response.Max() - data.Response.Min();
        if (!(range > 0)) range = Math.Max(1, Math.Abs(data.Response[0]));
        var s = new double[model.FreeCount];
        for (int k = 0; k < s.Length; k++)
            s[k] = model.FreeSlots[k] switch
            {
                LogLogistic.C or LogLogistic.D => range,
                LogLogistic.E => model.LogE ? 1 : Math.Abs(reported[k]),
                _ => 1,
            };
        return s;
    }
}
