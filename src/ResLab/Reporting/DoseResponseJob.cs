using System.Globalization;
using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Fitting;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>How the CIs of a batch are computed: drc (Hessian vcov, delta IC50 CI), Prism (Gauss–Newton vcov, log-scale IC50 CI) or profile likelihood.</summary>
public enum CiMethod { Drc, Prism, Profile }

/// <summary>When per-curve plots are drawn.</summary>
public enum PlotPolicy { Auto, All, None }

/// <summary>Settings of <see cref="DoseResponseJob"/> (the options of <c>reslab dose-response fit</c>).</summary>
public sealed record DoseResponseJobOptions
{
    public required string Input { get; init; }
    public string? Layout { get; init; }
    public required string OutputDirectory { get; init; }
    public DoseResponseModel Model { get; init; } = DoseResponseModel.LL4;
    public IReadOnlyList<string>? GroupBy { get; init; }
    public string? DoseColumn { get; init; }
    public string? ResponseColumn { get; init; }
    /// <summary>A level of one grouping column: every other curve of the same stratum is compared with it (ratios.csv).</summary>
    public string? Reference { get; init; }
    public IReadOnlyList<string>? Shared { get; init; }
    public CiMethod Ci { get; init; } = CiMethod.Drc;
    public RatioInterval RatioInterval { get; init; } = RatioInterval.Delta;
    public PlotPolicy Plots { get; init; } = PlotPolicy.Auto;
    /// <summary>Plots are drawn for at most this many curves under <see cref="PlotPolicy.Auto"/>.</summary>
    public int AutoPlotLimit { get; init; } = 30;
    public double Level { get; init; } = 0.95;
    /// <summary>Worker threads (null: all cores). Results do not depend on it.</summary>
    public int? Threads { get; init; }
}

/// <summary>What a run produced.</summary>
public sealed record DoseResponseJobResult(string OutputDirectory, int Curves, int Converged, int Failed, int Flat, int Ratios, IReadOnlyList<string> Files, IReadOnlyList<string> Warnings);

/// <summary>
/// The whole dose–response job as one library call (what <c>reslab dose-response fit</c> and <c>reslab demo</c> run):
/// read a tidy table or a plate with its layout, fit every curve in parallel (deterministic order), compare with a
/// reference, and write fits.csv, effective_doses.csv, curve_metrics.csv, ratios.csv, plate_qc.csv, plots and
/// report.html into a directory that appears complete or not at all.
/// </summary>
public static class DoseResponseJob
{
    public static readonly string[] FitColumns = ["model", "converged", "b", "b_se", "c", "c_se", "d", "d_se", "e", "e_se", "f", "f_se", "ic50", "ic50_lower", "ic50_upper", "ic50_flag", "rss", "df", "aic"];

    /// <summary>Everything computed for one curve.</summary>
    public sealed record CurveResult(CurveInput Curve, DoseResponseFit Fit, EffectiveDose[] Eds, EffectiveDose AbsoluteIc50, FTest Flat, FTest? LackOfFit,
        double AucFit, double AucTrapezoid, double Emax, IReadOnlyList<ParameterEstimate> Parameters)
    {
        public bool IsFlat => Fit.Converged && !(Flat.P < 0.05);
    }

    public static DoseResponseJobResult Run(DoseResponseJobOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var set = o.Layout is not null
            ? PlateCurveReader.Read(o.Input, o.Layout)
            : TidyCurveReader.Read(o.Input, new TidyCurveReader.Options(o.DoseColumn, o.ResponseColumn, o.GroupBy));
        var warnings = new List<string>();
        if (o.Shared is { Count: > 0 })
            foreach (var s in o.Shared)
                if (!o.Model.ParameterNames.Contains(s.Trim().ToLowerInvariant()))
                    throw new UserInputException($"got '{s}'; expected parameters of {o.Model.Name} to share: {string.Join(", ", o.Model.ParameterNames)}", new InputLocation(Field: "--shared"));

        int referenceColumn = o.Reference is null ? -1 : ReferenceColumn(set, o.Reference);

        // Every curve unusable for its own reason is a failed row; when none can be fitted it is a user error.
        var problems = set.Curves.Select(c => CurveFitter_Check(o.Model, c.Data)).ToArray();
        if (problems.All(p => p is not null))
            throw new UserInputException(set.Curves.Count == 1
                ? $"cannot fit {o.Model.Name}: {problems[0]}"
                : $"no curve can be fitted with {o.Model.Name}; the first, {set.Curves[0].Origin}: {problems[0]}", new InputLocation(set.Source));
        for (int i = 0; i < problems.Length; i++)
            if (problems[i] is not null) warnings.Add($"{set.Curves[i].Origin}: not fitted: {problems[i]}");

        var fitOptions = new FitOptions { Covariance = o.Ci == CiMethod.Prism ? CovarianceMethod.GaussNewton : CovarianceMethod.RssHessian, Level = o.Level };
        var results = new CurveResult[set.Curves.Count];
        int done = 0;
        var po = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = o.Threads ?? -1 };
        Parallel.For(0, results.Length, po, i =>
        {
            results[i] = Analyse(set.Curves[i], o, fitOptions);
            int d = Interlocked.Increment(ref done);
            if ((d & 255) == 0 || d == results.Length) progress.Tell("fitting", d, results.Length);
        });

        var ratios = o.Reference is null ? [] : Ratios(set, results, o, referenceColumn, fitOptions, warnings);

        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        WriteFits(set, results, dir.File("fits.csv")); files.Add("fits.csv");
        WriteEffectiveDoses(set, results, dir.File("effective_doses.csv")); files.Add("effective_doses.csv");
        WriteMetrics(set, results, dir.File("curve_metrics.csv")); files.Add("curve_metrics.csv");
        if (o.Reference is not null) { WriteRatios(set, ratios, dir.File("ratios.csv")); files.Add("ratios.csv"); }
        if (set.PlateQc.Count > 0) { WritePlateQc(set.PlateQc, dir.File("plate_qc.csv")); files.Add("plate_qc.csv"); }
        bool plot = o.Plots == PlotPolicy.All || (o.Plots == PlotPolicy.Auto && results.Length <= o.AutoPlotLimit);
        var figures = new List<(string Svg, string Caption)>();
        if (plot)
        {
            for (int i = 0; i < results.Length; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var r = results[i];
                var name = $"plots/curve_{i + 1:D3}_{Sanitise(r.Curve.Name)}";
                var plt = DoseResponsePlots.Curves([(r.Curve.Name, r.Fit)], $"{r.Curve.Name} ({o.Model.Name})", set.DoseColumn, set.ResponseColumn);
                var svg = PlotStyle.SaveBoth(plt, dir.File(name));
                files.Add(name + ".png"); files.Add(name + ".svg");
                figures.Add((svg, $"{r.Curve.Name}: observations, fitted {o.Model.Name} curve and its pointwise 95 % confidence band. IC50 {Describe(r)}."));
                progress.Tell("plotting", i + 1, results.Length);
            }
            if (results.Length is > 1 and <= 8)
            {
                var plt = DoseResponsePlots.Curves(results.Select(r => (r.Curve.Name, r.Fit)).ToArray(), "All curves", set.DoseColumn, set.ResponseColumn);
                var svg = PlotStyle.SaveBoth(plt, dir.File("plots/all_curves"));
                files.Add("plots/all_curves.png"); files.Add("plots/all_curves.svg");
                figures.Insert(0, (svg, "All curves on one axis."));
            }
        }
        WriteReport(set, results, ratios, o, figures, plot, warnings, dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new DoseResponseJobResult(dir.FinalPath, results.Length, results.Count(r => r.Fit.Converged), results.Count(r => !r.Fit.Converged),
            results.Count(r => r.IsFlat), ratios.Count, files, warnings);
    }

    private static string? CurveFitter_Check(DoseResponseModel model, DoseResponseData data) => DoseResponseChecks.Check(model, data);

    /// <summary>Fits one curve and derives everything reported for it.</summary>
    public static CurveResult Analyse(CurveInput curve, DoseResponseJobOptions o, FitOptions fitOptions)
    {
        var fit = o.Model.Fit(curve.Data, fitOptions);
        var ci = o.Ci switch { CiMethod.Prism => EdInterval.LogDelta, CiMethod.Profile => EdInterval.Profile, _ => EdInterval.Delta };
        var eds = new[] { 10.0, 50, 90 }.Select(p => fit.Ed(p, p == 50 ? ci : (ci == EdInterval.Profile ? EdInterval.LogDelta : ci), o.Level)).ToArray();
        var abs = fit.AbsoluteIc50(interval: ci == EdInterval.Profile ? EdInterval.LogDelta : ci, level: o.Level);
        var pars = fit.Converged ? fit.ConfidenceIntervals(o.Level, o.Ci == CiMethod.Profile ? ParameterInterval.Profile : ParameterInterval.Wald) : [];
        return new CurveResult(curve, fit, eds, abs,
            fit.Converged ? fit.FlatTest() : new FTest(double.NaN, double.NaN, double.NaN, double.NaN),
            fit.Converged ? fit.LackOfFit() : null,
            fit.AucFit(), fit.AucTrapezoid(), fit.Emax(), pars);
    }

    /// <summary>
    /// The reported value of an effective dose: NA for failed or flat fits, the tested bound for one beyond the
    /// tested doses (with the flag), the estimate otherwise.
    /// </summary>
    public static (double Value, double Lower, double Upper, string Flag) Reported(CurveResult r, EffectiveDose ed)
    {
        if (!r.Fit.Converged) return (double.NaN, double.NaN, double.NaN, "failed: " + r.Fit.Message);
        if (r.IsFlat) return (double.NaN, double.NaN, double.NaN, $"flat: no significant dose effect (F test p = {NumberFormat.Pretty(r.Flat.P, 3)})");
        var (lo, hi) = r.Curve.Data.PositiveRange();
        if (double.IsNaN(ed.Estimate)) return (double.NaN, double.NaN, double.NaN, "not reached");
        if (ed.Estimate > hi) return (hi, double.NaN, double.NaN, "> max dose");
        if (ed.Estimate < lo) return (lo, double.NaN, double.NaN, "< min dose");
        return (ed.Estimate, ed.Lower, ed.Upper, "");
    }

    private static string Describe(CurveResult r)
    {
        var (v, l, u, flag) = Reported(r, r.Eds[1]);
        if (flag.Length > 0 && double.IsNaN(v)) return flag;
        if (flag.Length > 0) return $"{flag} ({NumberFormat.Pretty(v)})";
        return $"{NumberFormat.Pretty(v)} (95 % CI {NumberFormat.Pretty(l)}–{NumberFormat.Pretty(u)})";
    }

    // ------------------------------------------------------------------ ratios

    public sealed record RatioRow(IReadOnlyList<string> Key, string Reference, PotencyRatio? Ratio, string Note);

    /// <summary>The grouping column that holds the reference level (a user error when none does).</summary>
    private static int ReferenceColumn(CurveSet set, string level)
    {
        for (int g = 0; g < set.GroupColumns.Count; g++)
            if (set.Curves.Any(c => c.Key[g] == level)) return g;
        var levels = set.Curves.SelectMany(c => c.Key).Distinct().ToArray();
        throw new UserInputException(set.GroupColumns.Count == 0
            ? $"got '{level}', but the input has a single curve (no grouping columns); use --group-by to name the column that holds '{level}'"
            : $"no curve has the level '{level}'{NameMatcher.Hint(level, levels)}; the levels are: {string.Join(", ", levels.Take(30))}",
            new InputLocation(Field: "--reference"));
    }

    private static List<RatioRow> Ratios(CurveSet set, CurveResult[] results, DoseResponseJobOptions o, int col, FitOptions fitOptions, List<string> warnings)
    {
        var level = o.Reference!;
        var rows = new List<RatioRow>();
        var strata = Enumerable.Range(0, results.Length).GroupBy(i => string.Join("\u001f", set.Curves[i].Key.Where((_, k) => k != col)));
        foreach (var stratum in strata)
        {
            var idx = stratum.ToArray();
            int refIdx = idx.FirstOrDefault(i => set.Curves[i].Key[col] == level, -1);
            foreach (var i in idx)
            {
                if (i == refIdx) continue;
                var key = set.Curves[i].Key;
                if (refIdx < 0) { rows.Add(new RatioRow(key, level, null, "no reference curve in this stratum")); continue; }
                if (!results[i].Fit.Converged || !results[refIdx].Fit.Converged)
                {
                    rows.Add(new RatioRow(key, level, null, "a curve of the pair could not be fitted"));
                    continue;
                }
                var joint = JointDoseResponseFit.Fit(o.Model, [(set.Curves[i].Name, set.Curves[i].Data), (set.Curves[refIdx].Name, set.Curves[refIdx].Data)], o.Shared, fitOptions);
                if (!joint.Converged) { rows.Add(new RatioRow(key, level, null, "joint fit failed: " + joint.Message)); continue; }
                rows.Add(new RatioRow(key, level, joint.Ratio(0, 1, 50, o.RatioInterval, o.Level), ""));
            }
        }
        foreach (var r in rows.Where(r => r.Note.Length > 0)) warnings.Add($"ratio for '{string.Join(" / ", r.Key)}': {r.Note}");
        return rows;
    }

    // ------------------------------------------------------------------ tables

    private static string F(double v) => NumberFormat.Format(v);

    private static void WriteFits(CurveSet set, CurveResult[] results, string path)
    {
        using var w = new DelimitedWriter(path, set.GroupColumns.Concat(FitColumns).ToArray());
        foreach (var r in results)
        {
            var fit = r.Fit;
            var cells = new List<string>(r.Curve.Key) { fit.Model.Name, NumberFormat.Format(fit.Converged) };
            foreach (var name in new[] { "b", "c", "d", "e", "f" })
            {
                int k = fit.IndexOf(name);
                double est = k >= 0 ? fit.Estimates[k] : fit.Model.FixedValue(name[0]) ?? double.NaN;
                cells.Add(F(est));
                cells.Add(F(k >= 0 ? fit.StandardError(k) : double.NaN));
            }
            var (ic, lo, hi, flag) = Reported(r, r.Eds[1]);
            cells.Add(F(ic)); cells.Add(F(lo)); cells.Add(F(hi)); cells.Add(flag);
            cells.Add(F(fit.Rss)); cells.Add(NumberFormat.Format(fit.Df)); cells.Add(F(fit.Converged ? fit.Aic : double.NaN));
            w.Row(cells);
        }
    }

    private static void WriteEffectiveDoses(CurveSet set, CurveResult[] results, string path)
    {
        using var w = new DelimitedWriter(path, set.GroupColumns.Concat(["model", "quantity", "p", "type", "estimate", "se", "lower", "upper", "ci_method", "flag"]).ToArray());
        foreach (var r in results)
        {
            foreach (var ed in r.Eds.Append(r.AbsoluteIc50))
            {
                var (v, lo, hi, flag) = Reported(r, ed);
                var quantity = ed.Type == EdType.Absolute ? "IC50_absolute" : $"ED{ed.P.ToString(CultureInfo.InvariantCulture)}";
                var cells = new List<string>(r.Curve.Key)
                {
                    r.Fit.Model.Name, quantity, F(ed.P), ed.Type == EdType.Absolute ? "absolute" : "relative", F(v),
                    F(flag.Length == 0 ? ed.StandardError : double.NaN), F(lo), F(hi), ed.Method, flag,
                };
                w.Row(cells);
            }
        }
    }

    private static void WriteMetrics(CurveSet set, CurveResult[] results, string path)
    {
        using var w = new DelimitedWriter(path, set.GroupColumns.Concat(["n", "doses", "control_response", "emax", "einf", "auc_fit", "auc_trapezoid", "flat_F", "flat_p", "lack_of_fit_F", "lack_of_fit_p", "hill_slope_prism", "iterations", "message"]).ToArray());
        foreach (var r in results)
        {
            var fit = r.Fit;
            var cells = new List<string>(r.Curve.Key)
            {
                NumberFormat.Format(fit.N), NumberFormat.Format(fit.Data.DistinctDoses().Length), F(fit.Converged ? fit.ControlResponse : double.NaN),
                F(r.Emax), F(fit.FullParameters[LogLogistic.C]), F(r.AucFit), F(r.AucTrapezoid), F(r.Flat.F), F(r.Flat.P),
                F(r.LackOfFit?.F ?? double.NaN), F(r.LackOfFit?.P ?? double.NaN), F(-fit.FullParameters[LogLogistic.B]),
                NumberFormat.Format(fit.Iterations), fit.Message,
            };
            w.Row(cells);
        }
    }

    private static void WriteRatios(CurveSet set, List<RatioRow> rows, string path)
    {
        using var w = new DelimitedWriter(path, set.GroupColumns.Concat(["reference", "ratio", "ratio_lower", "ratio_upper", "p_value"]).ToArray());
        foreach (var r in rows)
        {
            var cells = new List<string>(r.Key) { r.Reference, F(r.Ratio?.Ratio ?? double.NaN), F(r.Ratio?.Lower ?? double.NaN), F(r.Ratio?.Upper ?? double.NaN), F(r.Ratio?.PValue ?? double.NaN) };
            w.Row(cells);
        }
    }

    private static void WritePlateQc(IReadOnlyList<PlateQc> qc, string path)
    {
        using var w = new DelimitedWriter(path, ["plate", "vehicle_wells", "blank_wells", "vehicle_mean", "vehicle_sd", "blank_mean", "blank_sd", "z_prime", "vehicle_cv"]);
        foreach (var q in qc)
            w.Row([q.Plate, NumberFormat.Format(q.Vehicle), NumberFormat.Format(q.Blank), F(q.VehicleMean), F(q.VehicleSd), F(q.BlankMean), F(q.BlankSd), F(q.ZPrime), F(q.VehicleCv)]);
    }

    // ------------------------------------------------------------------ report

    private static void WriteReport(CurveSet set, CurveResult[] results, List<RatioRow> ratios, DoseResponseJobOptions o,
        List<(string Svg, string Caption)> figures, bool plotted, List<string> warnings, string path)
    {
        var rep = new HtmlReport($"Dose–response: {Path.GetFileName(set.Source)}");
        rep.Heading("Summary");
        rep.Paragraph($"{results.Length} curve(s) fitted with drc's {o.Model.Name} model (y = c + (d − c)/(1 + exp(b(ln x − ln e)))) by least squares; " +
                      $"{results.Count(r => r.Fit.Converged)} converged, {results.Count(r => !r.Fit.Converged)} failed, {results.Count(r => r.IsFlat)} flat (F test against a flat line, p ≥ 0.05). " +
                      $"Confidence intervals: {o.Ci switch { CiMethod.Prism => "Prism-style (Gauss–Newton covariance; IC50 CI from the log-scale Wald interval)", CiMethod.Profile => "profile likelihood (Prism's asymmetric CIs)", _ => "as drc (covariance 2·s²·H⁻¹; IC50 CI by the delta method)" }}, {o.Level * 100:0.#} %.");
        rep.Note("HillSlope in Prism's notation is −b. An IC50 beyond the tested doses is reported as the tested bound with the flag '> max dose' or '< min dose'; flat curves have no IC50.");
        foreach (var wmsg in warnings.Take(20)) rep.Note("Warning: " + wmsg);
        if (set.PlateQc.Count > 0)
        {
            rep.Heading("Plate quality");
            rep.Table(["plate", "vehicle wells", "blank wells", "Z′", "vehicle CV"],
                set.PlateQc.Select(q => (IReadOnlyList<string>)[q.Plate, q.Vehicle.ToString(CultureInfo.InvariantCulture), q.Blank.ToString(CultureInfo.InvariantCulture), NumberFormat.Pretty(q.ZPrime, 3), NumberFormat.Pretty(q.VehicleCv * 100, 3) + " %"]));
            rep.Note("Z′ ≥ 0.5 is an excellent assay window (Zhang et al. 1999); the CV of the vehicle wells measures plate noise.");
        }
        rep.Heading("Fits");
        const int limit = 200;
        rep.Table(set.GroupColumns.Concat(["converged", "b", "c", "d", "e", "IC50", "95 % CI", "flag", "AUC", "Emax"]).ToArray(),
            results.Take(limit).Select(r =>
            {
                var (v, lo, hi, flag) = Reported(r, r.Eds[1]);
                var cells = new List<string>(r.Curve.Key) { r.Fit.Converged ? "yes" : "no" };
                foreach (var n in new[] { "b", "c", "d", "e" }) cells.Add(NumberFormat.Pretty(r.Fit.Converged ? r.Fit[n] : double.NaN));
                cells.Add(NumberFormat.Pretty(v));
                cells.Add(double.IsNaN(lo) ? "" : $"{NumberFormat.Pretty(lo)} – {NumberFormat.Pretty(hi)}");
                cells.Add(flag);
                cells.Add(NumberFormat.Pretty(r.AucFit));
                cells.Add(NumberFormat.Pretty(r.Emax));
                return (IReadOnlyList<string>)cells;
            }), results.Length > limit ? $"First {limit} of {results.Length} curves (all are in fits.csv)" : null);
        if (o.Reference is not null)
        {
            rep.Heading("Resistance index / relative potency");
            rep.Paragraph($"Ratio of ED50s (curve / reference '{o.Reference}') from a joint fit of each pair with pooled variance; {o.RatioInterval.ToString().ToLowerInvariant()} CI; p tests ratio = 1.");
            rep.Table(set.GroupColumns.Concat(["reference", "ratio", "95 % CI", "p"]).ToArray(), ratios.Select(r =>
            {
                var cells = new List<string>(r.Key) { r.Reference };
                if (r.Ratio is null) { cells.Add(r.Note); cells.Add(""); cells.Add(""); }
                else { cells.Add(NumberFormat.Pretty(r.Ratio.Ratio)); cells.Add($"{NumberFormat.Pretty(r.Ratio.Lower)} – {NumberFormat.Pretty(r.Ratio.Upper)}"); cells.Add(NumberFormat.Pretty(r.Ratio.PValue, 3)); }
                return (IReadOnlyList<string>)cells;
            }));
        }
        rep.Heading("Figures");
        if (!plotted) rep.Note($"{results.Length} curves: per-curve plots are drawn for at most {o.AutoPlotLimit} curves (use --plots all to draw them all).");
        foreach (var (svg, caption) in figures.Take(60)) rep.SvgFigure(svg, caption);
        if (figures.Count > 60) rep.Note($"{figures.Count - 60} more figures are in plots/.");
        rep.Heading("Methods");
        rep.Paragraph("Estimates: bounded Levenberg–Marquardt least squares from drc's self-starting values; identical to R drc 3.2-0 to 1e-4 on its reference data. " +
                      "Effective doses: relative EDp = e·((100/(100 − p))^(1/f) − 1)^(1/b); the absolute IC50 is the dose where the fitted curve crosses 50 % of the control (dose-0) response. " +
                      "AUC (auc_fit in curve_metrics.csv): the fitted curve's mean over [lowest, highest positive dose] on log10 dose; auc_trapezoid: the same from per-dose means by the trapezoid rule. " +
                      "Emax: the smaller mean response at the two highest doses (GRmetrics' rule). See docs/dose-response.md.");
        rep.Save(path);
    }

    private static string Sanitise(string s)
    {
        var chars = s.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_').ToArray();
        var t = new string(chars).Trim('_');
        return t.Length > 60 ? t[..60] : t.Length == 0 ? "curve" : t;
    }
}
