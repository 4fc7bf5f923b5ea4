using ResLab.Analysis.Clonogenic;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Settings of <see cref="ClonogenicJob"/> (the options of <c>reslab clonogenic fit</c>).</summary>
public sealed record ClonogenicJobOptions
{
    public required string Input { get; init; }
    public required string OutputDirectory { get; init; }
    public IReadOnlyList<string>? GroupBy { get; init; }
    public ClonogenicOptions Analysis { get; init; } = new();
    public PlotPolicy Plots { get; init; } = PlotPolicy.Auto;
    public int AutoPlotLimit { get; init; } = 30;
}

/// <summary>What a run produced.</summary>
public sealed record ClonogenicJobResult(string OutputDirectory, ClonogenicResult Result, IReadOnlyList<string> Files);

/// <summary>
/// The clonogenic job (<c>reslab clonogenic fit</c>): read colony counts, fit the LQ model per curve as CFAssay does,
/// compare curves, compute DMF/SER and OER, and write lq_fits.csv, comparison.csv, dmf.csv (oer.csv),
/// plating_efficiencies.csv, survival_points.csv, plots and report.html into a directory that appears complete or
/// not at all.
/// </summary>
public static class ClonogenicJob
{
    public static readonly string[] FitColumns =
        ["alpha", "alpha_se", "beta", "beta_se", "cov_alpha_beta", "dispersion", "df", "sf2", "sf2_lower", "sf2_upper", "d10", "d37", "d50", "alpha_beta",
         "mid", "deviance", "wells", "experiments", "method", "pe_method"];

    public static ClonogenicJobResult Run(ClonogenicJobOptions o, IProgress<ProgressUpdate>? progress = null)
    {
        var set = ClonogenicReader.Read(o.Input, new ClonogenicReader.Options(o.GroupBy));
        var r = ClonogenicAnalysis.Run(set, o.Analysis, progress);
        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        WriteFits(r, dir.File("lq_fits.csv")); files.Add("lq_fits.csv");
        WriteComparison(r, dir.File("comparison.csv")); files.Add("comparison.csv");
        WriteFactors(r, r.ReferencePairs, "reference", "dmf", dir.File("dmf.csv")); files.Add("dmf.csv");
        if (o.Analysis.Hypoxic is not null) { WriteFactors(r, r.OxygenPairs, "hypoxic", "oer", dir.File("oer.csv")); files.Add("oer.csv"); }
        WritePlatingEfficiencies(r, dir.File("plating_efficiencies.csv")); files.Add("plating_efficiencies.csv");
        WritePoints(r, dir.File("survival_points.csv")); files.Add("survival_points.csv");

        var figures = new List<(string Svg, string Caption)>();
        bool plot = o.Plots == PlotPolicy.All || (o.Plots == PlotPolicy.Auto && set.Curves.Count <= o.AutoPlotLimit);
        if (plot)
        {
            var all = Enumerable.Range(0, set.Curves.Count).ToArray();
            if (all.Length is > 1 and <= 8)
            {
                var svg = PlotStyle.SaveBoth(ClonogenicPlots.Survival(r, all, "Survival curves"), dir.File("plots/survival_all"));
                files.Add("plots/survival_all.png"); files.Add("plots/survival_all.svg");
                figures.Add((svg, "All curves: pointwise mean surviving fractions (±1 SE) and the fitted linear–quadratic curves."));
            }
            foreach (var c in all)
            {
                var name = $"plots/survival_{c + 1:D3}_{Sanitise(set.Curves[c].Name)}";
                var svg = PlotStyle.SaveBoth(ClonogenicPlots.Survival(r, [c], set.Curves[c].Name), dir.File(name));
                files.Add(name + ".png"); files.Add(name + ".svg");
                var f = r.Fits[c];
                figures.Add((svg, $"{set.Curves[c].Name}: α = {NumberFormat.Pretty(f.Alpha)} Gy⁻¹, β = {NumberFormat.Pretty(f.Beta)} Gy⁻², SF2 = {NumberFormat.Pretty(f.Sf2, 3)}, D10 = {NumberFormat.Pretty(f.D10, 3)} Gy."));
                progress.Tell("plotting", c + 1, all.Length);
            }
        }
        WriteReport(r, o, figures, plot, dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new ClonogenicJobResult(dir.FinalPath, r, files);
    }

    private static string F(double v) => NumberFormat.Format(v);

    private static string Name(LqMethod m) => m.ToString().ToLowerInvariant();

    private static void WriteFits(ClonogenicResult r, string path)
    {
        using var w = new DelimitedWriter(path, r.Set.GroupColumns.Concat(FitColumns).ToArray());
        foreach (var f in r.Fits)
        {
            var (sf2, lo, hi) = f.Sf2Interval();
            var cells = new List<string>(f.Curve.Key)
            {
                F(f.Alpha), F(f.AlphaSe), F(f.Beta), F(f.BetaSe), F(f.CovAlphaBeta), F(f.Dispersion), NumberFormat.Format(f.Df),
                F(sf2), F(lo), F(hi), F(f.D10), F(f.D37), F(f.D50), F(f.AlphaBeta), F(f.MeanInactivationDose), F(f.Regression.Deviance),
                NumberFormat.Format(f.Regression.N), NumberFormat.Format(r.Set.ExperimentsOf(f.Curve.Index).Count()), Name(r.Method), r.Pe.ToString().ToLowerInvariant(),
            };
            w.Row(cells);
        }
    }

    private static void WriteComparison(ClonogenicResult r, string path)
    {
        using var w = new DelimitedWriter(path, ["scope", "curves", "reference", "F", "df1", "df2", "p", "deviance_common", "deviance_separate", "dispersion_separate", "alpha_common", "beta_common"]);
        void Row(string scope, string curves, string reference, LqCurveComparison c)
        {
            int a = c.Common.AlphaIndex(c.Curves[0]);
            w.Row([scope, curves, reference, F(c.Test.F), F(c.Test.Df1), F(c.Test.Df2), F(c.Test.P), F(c.Common.Deviance), F(c.Separate.Deviance), F(c.Separate.Dispersion),
                F(c.Common.Coefficients[a]), F(c.Common.Coefficients[a + 1])]);
        }
        if (r.Overall is not null) Row("all", string.Join("; ", r.Overall.Curves.Select(c => r.Set.Curves[c].Name)), "", r.Overall);
        foreach (var p in r.ReferencePairs) Row("reference", r.Set.Curves[p.Test].Name, r.Set.Curves[p.Reference].Name, p.Comparison);
        foreach (var p in r.OxygenPairs) Row("oxygen", r.Set.Curves[p.Test].Name, r.Set.Curves[p.Reference].Name, p.Comparison);
    }

    private static void WriteFactors(ClonogenicResult r, IReadOnlyList<LqPair> pairs, string refColumn, string ratio, string path)
    {
        using var w = new DelimitedWriter(path, r.Set.GroupColumns.Concat([refColumn, "sf", "dose_" + refColumn, "dose", ratio, ratio + "_lower", ratio + "_upper", "log_se", "df"]).ToArray());
        foreach (var p in pairs)
            foreach (var d in p.Factors)
                w.Row(new List<string>(r.Set.Curves[p.Test].Key) { r.Set.Curves[p.Reference].Name, F(d.Sf), F(d.DoseReference), F(d.DoseTest), F(d.Ratio), F(d.Lower), F(d.Upper), F(d.LogSe), NumberFormat.Format(d.Df) });
    }

    private static void WritePlatingEfficiencies(ClonogenicResult r, string path)
    {
        using var w = new DelimitedWriter(path, r.Set.GroupColumns.Concat(["experiment", "pe_observed", "s0", "pe_model", "pe_model_se"]).ToArray());
        foreach (var f in r.Fits)
        {
            var model = f.PlatingEfficiencies(r.Set).ToDictionary(t => t.Experiment);
            foreach (var e in r.PlatingEfficiencies.Where(e => r.Set.Experiments[e.Experiment].Curve == f.Curve.Index))
            {
                var m = model.TryGetValue(e.Experiment, out var v) ? v : (e.Experiment, double.NaN, double.NaN);
                w.Row(new List<string>(f.Curve.Key) { r.Set.Experiments[e.Experiment].Name, F(e.Observed), F(e.S0), F(m.Item2), F(m.Item3) });
            }
        }
    }

    private static void WritePoints(ClonogenicResult r, string path)
    {
        using var w = new DelimitedWriter(path, r.Set.GroupColumns.Concat(["dose", "fractions", "sf", "sf_se", "wells", "experiments", "sf_fitted"]).ToArray());
        foreach (var p in r.Points)
            w.Row(new List<string>(r.Set.Curves[p.Curve].Key) { F(p.Dose), NumberFormat.Format(p.Fractions), F(p.Sf), F(p.Sd), NumberFormat.Format(p.Wells), NumberFormat.Format(p.Experiments), F(r.Fits[p.Curve].Survival(p.Dose, p.Fractions)) });
    }

    private static void WriteReport(ClonogenicResult r, ClonogenicJobOptions o, List<(string Svg, string Caption)> figures, bool plotted, string path)
    {
        var set = r.Set;
        var rep = new HtmlReport($"Clonogenic survival: {Path.GetFileName(set.Source)}");
        rep.Heading("Summary");
        var method = r.Method switch
        {
            LqMethod.Ml => "quasi-Poisson log-link GLM of the colony counts with offset log(cells seeded)",
            LqMethod.Ls => "least squares on log(colonies/cells)",
            _ => "weighted least squares on log(colonies/cells), weights colonies·cells/(cells − colonies) (Franken et al. 2006)",
        };
        rep.Paragraph($"{set.Wells.Count} wells in {set.Experiments.Count} experiments, {set.Curves.Count} curve(s){(set.GroupColumns.Count > 0 ? " grouped by " + string.Join(", ", set.GroupColumns) : "")}. " +
                      $"Linear–quadratic model S = exp(−αD − βD²){(set.Fractionated ? " (n fractions of d Gy: S = exp(−n(αd + βd²)))" : "")} fitted as CFAssay 1.21.1 does: {method}; " +
                      (r.Pe == PeMethod.Fit ? "one plating-efficiency intercept per experiment (--pe fit)." : "plating efficiencies fixed per experiment from the 0-Gy wells (--pe fix)."));
        rep.Note("α and β are reported positive; CFAssay prints the same numbers with a negative sign (its model is log S = c + αD + βD²).");
        foreach (var wmsg in r.Warnings) rep.Note("Warning: " + wmsg);
        rep.Heading("LQ fits");
        rep.Table(set.GroupColumns.Concat(["α (Gy⁻¹)", "β (Gy⁻²)", "α/β (Gy)", "SF2 (95 % CI)", "D10", "D37", "D50", "MID", "dispersion", "df"]).ToArray(),
            r.Fits.Select(f =>
            {
                var (sf2, lo, hi) = f.Sf2Interval();
                return (IReadOnlyList<string>)new List<string>(f.Curve.Key)
                {
                    $"{NumberFormat.Pretty(f.Alpha)} ± {NumberFormat.Pretty(f.AlphaSe, 2)}", $"{NumberFormat.Pretty(f.Beta)} ± {NumberFormat.Pretty(f.BetaSe, 2)}",
                    NumberFormat.Pretty(f.AlphaBeta, 3), $"{NumberFormat.Pretty(sf2, 3)} ({NumberFormat.Pretty(lo, 3)}–{NumberFormat.Pretty(hi, 3)})",
                    NumberFormat.Pretty(f.D10, 3), NumberFormat.Pretty(f.D37, 3), NumberFormat.Pretty(f.D50, 3), NumberFormat.Pretty(f.MeanInactivationDose, 3),
                    NumberFormat.Pretty(f.Dispersion, 3), f.Df.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }));
        rep.Note("D10, D37, D50: single doses giving SF 0.1, 0.37, 0.5. MID: mean inactivation dose, the area under the single-dose curve (Fertil et al. 1984). " +
                 "Dispersion: Pearson χ²/df (ML) or residual variance (LS); CFAssay suggests checking experiments when it exceeds about 9 (PE fitted) or 12 (PE fixed).");
        if (r.Overall is not null || r.ReferencePairs.Count > 0 || r.OxygenPairs.Count > 0)
        {
            rep.Heading("Comparison of curves");
            rep.Paragraph("F test of one (α, β) for the compared curves against curve-specific (α, β), plating efficiencies per experiment in both models (CFAssay cellsurvLQdiff).");
            var rows = new List<IReadOnlyList<string>>();
            if (r.Overall is not null) rows.Add(["all curves", "", NumberFormat.Pretty(r.Overall.Test.F, 5), $"{r.Overall.Test.Df1}, {r.Overall.Test.Df2}", NumberFormat.Pretty(r.Overall.Test.P, 3)]);
            foreach (var p in r.ReferencePairs.Concat(r.OxygenPairs))
                rows.Add([set.Curves[p.Test].Name, set.Curves[p.Reference].Name, NumberFormat.Pretty(p.Comparison.Test.F, 5), $"{p.Comparison.Test.Df1}, {p.Comparison.Test.Df2}", NumberFormat.Pretty(p.Comparison.Test.P, 3)]);
            rep.Table(["curve", "against", "F", "df", "p"], rows);
        }
        void Factors(string heading, string text, IReadOnlyList<LqPair> pairs)
        {
            if (pairs.Count == 0) return;
            rep.Heading(heading);
            rep.Paragraph(text);
            rep.Table(["curve", "against", "SF", "dose (against)", "dose (curve)", "ratio (95 % CI)"],
                pairs.SelectMany(p => p.Factors.Select(d => (IReadOnlyList<string>)
                    [set.Curves[p.Test].Name, set.Curves[p.Reference].Name, NumberFormat.Pretty(d.Sf, 2), NumberFormat.Pretty(d.DoseReference, 4), NumberFormat.Pretty(d.DoseTest, 4),
                     $"{NumberFormat.Pretty(d.Ratio, 4)} ({NumberFormat.Pretty(d.Lower, 3)}–{NumberFormat.Pretty(d.Upper, 3)})"])));
        }
        Factors("Dose-modifying factors", "DMF = D_reference(SF)/D_curve(SF): with an untreated reference and a sensitiser-treated curve it is the sensitiser enhancement ratio (SER, > 1 when the drug sensitises). CI: delta method on log DMF from the joint fit of the pair.", r.ReferencePairs);
        Factors("Oxygen enhancement ratio", "OER = D_hypoxic(SF)/D_normoxic(SF) at the same survival. CI: delta method on log OER from the joint fit of the pair.", r.OxygenPairs);
        rep.Heading("Figures");
        if (!plotted) rep.Note($"{set.Curves.Count} curves: plots are drawn for at most {o.AutoPlotLimit} curves (use --plots all).");
        foreach (var (svg, caption) in figures.Take(60)) rep.SvgFigure(svg, caption);
        rep.Heading("Methods");
        rep.Paragraph("Points: pointwise mean surviving fraction per dose (CFAssay sfpmean), Σ colonies/Σ(cells·PE) over the experiments with its quasi-Poisson standard error; " +
                      "PE is S0 from each experiment's own LQ fit (CFAssay pes) when PEs are fitted, the fixed PE otherwise. SF2 CI: delta method on log SF2 with a t quantile on the residual df. " +
                      "Dose-modifying factors at SF 0.5, 0.37 and 0.1. See docs/clonogenic.md for every formula.");
        rep.Save(path);
    }

    private static string Sanitise(string s)
    {
        var chars = s.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_').ToArray();
        var t = new string(chars).Trim('_');
        return t.Length > 60 ? t[..60] : t.Length == 0 ? "curve" : t;
    }
}
