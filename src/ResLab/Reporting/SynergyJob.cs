using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Synergy;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Settings of <see cref="SynergyJob"/> (the options of <c>reslab synergy score</c>).</summary>
public sealed record SynergyJobOptions
{
    public required string Input { get; init; }
    public required string OutputDirectory { get; init; }

    /// <summary>"viability" or "inhibition"; null: from the response column's name.</summary>
    public string? Response { get; init; }

    public SynergyOptions Analysis { get; init; } = new();
    public PlotPolicy Plots { get; init; } = PlotPolicy.Auto;

    /// <summary>Plots are drawn for at most this many blocks under <see cref="PlotPolicy.Auto"/>.</summary>
    public int AutoPlotLimit { get; init; } = 12;
}

public sealed record SynergyJobResult(string OutputDirectory, CombinationSet Set, IReadOnlyList<BlockResult> Blocks, IReadOnlyList<string> Files, IReadOnlyList<string> Warnings);

/// <summary>
/// The drug-combination job (<c>reslab synergy score</c>): read the blocks, score ZIP, HSA, Bliss and Loewe as
/// SynergyFinder 3.7.3 does (plus the Chou–Talalay CI), and write synergy_wells.csv, synergy_summary.csv,
/// single_drug_fits.csv, heatmaps, single-drug curves and report.html, all or nothing.
/// </summary>
public static class SynergyJob
{
    public static readonly string[] SummaryScoreColumns = ["zip", "hsa", "bliss", "loewe", "zip_p", "hsa_p", "bliss_p", "loewe_p"];

    private static readonly (SynergyModel Model, string Name, string Title)[] ModelNames =
    [
        (SynergyModel.Zip, "zip", "ZIP δ"), (SynergyModel.Hsa, "hsa", "HSA"), (SynergyModel.Bliss, "bliss", "Bliss"), (SynergyModel.Loewe, "loewe", "Loewe"),
    ];

    public static SynergyJobResult Run(SynergyJobOptions o, IProgress<ProgressUpdate>? progress = null)
    {
        var set = CombinationReader.Read(o.Input, new CombinationReader.Options(o.Response));
        var blocks = SynergyAnalysis.Run(set, o.Analysis, progress);
        var warnings = blocks.SelectMany(b => b.Warnings).ToList();
        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        WriteWells(blocks, dir.File("synergy_wells.csv")); files.Add("synergy_wells.csv");
        WriteSummary(set, blocks, dir.File("synergy_summary.csv")); files.Add("synergy_summary.csv");
        WriteSingleDrugFits(blocks, dir.File("single_drug_fits.csv")); files.Add("single_drug_fits.csv");
        bool plot = o.Plots == PlotPolicy.All || (o.Plots == PlotPolicy.Auto && blocks.Count <= o.AutoPlotLimit);
        var figures = new List<(string Block, string Svg, string Caption)>();
        if (plot)
        {
            int k = 0;
            foreach (var r in blocks)
            {
                var b = r.Block;
                var stem = $"plots/block_{Sanitise(b.Id)}";
                foreach (var (model, name, title) in ModelNames)
                {
                    var values = Mean(r.Wells[model]);
                    var svg = PlotStyle.SaveBoth(SynergyPlots.Heatmap(b, values, $"{title} synergy: {b.Drug1} × {b.Drug2} (block {b.Id})", title), dir.File($"{stem}_{name}"));
                    files.Add($"{stem}_{name}.png"); files.Add($"{stem}_{name}.svg");
                    figures.Add((b.Id, svg, $"{title} scores of block {b.Id} (red > 0 synergy, blue < 0 antagonism); summary {NumberFormat.Pretty(r.Summary[model].Score, 4)} (p = {NumberFormat.Pretty(r.Summary[model].P, 3)})."));
                }
                foreach (var (drug, unit, conc, resp, curve, tag) in new[]
                         {
                             (b.Drug1, b.Unit1, b.Conc1, Enumerable.Range(0, b.Rows).Select(i => b.Responses[i, 0]).ToArray(), r.Scores.Drug1, "drug1"),
                             (b.Drug2, b.Unit2, b.Conc2, Enumerable.Range(0, b.Columns).Select(j => b.Responses[0, j]).ToArray(), r.Scores.Drug2, "drug2"),
                         })
                {
                    var svg = PlotStyle.SaveBoth(SynergyPlots.SingleDrug(drug, unit, conc, resp, curve), dir.File($"{stem}_{tag}_curve"));
                    files.Add($"{stem}_{tag}_curve.png"); files.Add($"{stem}_{tag}_curve.svg");
                    figures.Add((b.Id, svg, $"{drug} alone (block {b.Id}): observed % inhibition and the fitted curve used by Loewe and ZIP."));
                }
                progress.Tell("plotting", ++k, blocks.Count);
            }
        }
        WriteReport(set, blocks, o, figures, plot, warnings, dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new SynergyJobResult(dir.FinalPath, set, blocks, files, warnings);
    }

    private static double[,] Mean(WellStatistic[,] w)
    {
        var m = new double[w.GetLength(0), w.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = w[i, j].Mean;
        return m;
    }

    private static string F(double v) => NumberFormat.Format(v);

    private static void WriteWells(IReadOnlyList<BlockResult> blocks, string path)
    {
        using var w = new DelimitedWriter(path,
        [
            "block", "drug1", "drug2", "conc1", "conc2", "response", "replicates", "zip_fit", "zip_ref", "zip", "hsa_ref", "hsa", "bliss_ref", "bliss", "loewe_ref", "loewe", "ci",
            "zip_sd", "hsa_sd", "bliss_sd", "loewe_sd",
        ]);
        foreach (var r in blocks)
        {
            var b = r.Block;
            var mean = b.Mean();
            for (int j = 0; j < b.Columns; j++)
                for (int i = 0; i < b.Rows; i++)
                {
                    var cells = new List<string>
                    {
                        b.Id, b.Drug1, b.Drug2, F(b.Conc1[i]), F(b.Conc2[j]), F(mean[i, j]), NumberFormat.Format(b.Responses[i, j].Count),
                        F(r.Iterations == 0 ? r.Scores.ZipFit[i, j] : r.References[SynergyModel.Zip][i, j] + r.Wells[SynergyModel.Zip][i, j].Mean),
                    };
                    foreach (var m in SynergyAnalysis.Models)
                    {
                        cells.Add(F(r.References[m][i, j]));
                        cells.Add(F(r.Wells[m][i, j].Mean));
                    }
                    cells.Add(F(r.Scores.CombinationIndex[i, j]));
                    foreach (var m in SynergyAnalysis.Models) cells.Add(F(r.Wells[m][i, j].Sd));
                    w.Row(cells);
                }
        }
    }

    private static void WriteSummary(CombinationSet set, IReadOnlyList<BlockResult> blocks, string path)
    {
        using var w = new DelimitedWriter(path, new[] { "block", "drug1", "drug2", "conc_unit1", "conc_unit2", "input_type", "replicate" }.Concat(SummaryScoreColumns).Concat(["ci_median", "iterations"]).ToArray());
        foreach (var r in blocks)
        {
            var b = r.Block;
            var cells = new List<string> { b.Id, b.Drug1, b.Drug2, b.Unit1, b.Unit2, set.InputType, NumberFormat.Format(b.Replicated) };
            foreach (var m in SynergyAnalysis.Models) cells.Add(F(r.Summary[m].Score));
            foreach (var m in SynergyAnalysis.Models) cells.Add(F(r.Summary[m].P));
            cells.Add(F(r.CombinationIndexMedian));
            cells.Add(NumberFormat.Format(r.Iterations));
            w.Row(cells);
        }
    }

    private static void WriteSingleDrugFits(IReadOnlyList<BlockResult> blocks, string path)
    {
        using var w = new DelimitedWriter(path, ["block", "drug", "role", "model", "b", "c", "d", "e", "median_effect_m", "median_effect_dm", "median_effect_r"]);
        foreach (var r in blocks)
        {
            var b = r.Block;
            var me1 = ChouTalalay.Fit(b.Conc1, Enumerable.Range(0, b.Rows).Select(i => r.Scores.Response[i, 0]).ToArray());
            var me2 = ChouTalalay.Fit(b.Conc2, Enumerable.Range(0, b.Columns).Select(j => r.Scores.Response[0, j]).ToArray());
            foreach (var (drug, role, c, me) in new[] { (b.Drug1, "drug1", r.Scores.Drug1, me1), (b.Drug2, "drug2", r.Scores.Drug2, me2) })
                w.Row([b.Id, drug, role, c is null ? "failed" : c.Kind == DrcCurveKind.LL4 ? "LL.4" : "L.4",
                    F(c?.B ?? double.NaN), F(c?.C ?? double.NaN), F(c?.D ?? double.NaN), F(c?.E ?? double.NaN),
                    F(me?.M ?? double.NaN), F(me?.Dm ?? double.NaN), F(me?.R ?? double.NaN)]);
        }
    }

    private static void WriteReport(CombinationSet set, IReadOnlyList<BlockResult> blocks, SynergyJobOptions o, List<(string Block, string Svg, string Caption)> figures,
        bool plotted, List<string> warnings, string path)
    {
        var rep = new HtmlReport($"Drug combinations: {Path.GetFileName(set.Source)}");
        rep.Heading("Summary");
        rep.Paragraph($"{blocks.Count} block(s); responses read as % {set.InputType}{(set.InputType == "viability" ? " and converted to % inhibition (100 − viability)" : "")}. " +
                      "Scores as SynergyFinder 3.7.3 computes them: ZIP δ, HSA, Bliss and Loewe excess over each model's expected response, in percentage points of inhibition; " +
                      "positive = synergy, negative = antagonism. A block's score is the mean over its combination wells; p = exp(−0.717z − 0.416z²), z = |mean|/SD. " +
                      $"Loewe: {(o.Analysis.Loewe == LoeweMethod.Grid ? "SynergyFinder's 100-point grid" : "exact root")}; single-drug curves: {(o.Analysis.Fitter == CurveFitMethod.SynergyFinder ? "drc's LL.4 on drc's own optimiser path, as SynergyFinder" : "least-squares optimum (ResLab's fitter)")}.");
        foreach (var wmsg in warnings.Take(20)) rep.Note("Warning: " + wmsg);
        rep.Table(["block", "drug 1", "drug 2", "ZIP", "HSA", "Bliss", "Loewe", "median CI", "replicates"],
            blocks.Select(r => (IReadOnlyList<string>)new List<string>
            {
                r.Block.Id, r.Block.Drug1, r.Block.Drug2,
                Score(r.Summary[SynergyModel.Zip]), Score(r.Summary[SynergyModel.Hsa]), Score(r.Summary[SynergyModel.Bliss]), Score(r.Summary[SynergyModel.Loewe]),
                NumberFormat.Pretty(r.CombinationIndexMedian, 3), r.Block.Replicated ? $"yes ({r.Iterations} bootstrap iterations)" : "no",
            }));
        rep.Note("Scores are shown as mean (p). CI: Chou–Talalay combination index at each combination well from median-effect fits of the single agents (< 1 synergy, > 1 antagonism); its median over the combination wells.");
        rep.Heading("Figures");
        if (!plotted) rep.Note($"{blocks.Count} blocks: plots are drawn for at most {o.AutoPlotLimit} blocks (use --plots all).");
        foreach (var (_, svg, caption) in figures.Take(96)) rep.SvgFigure(svg, caption);
        rep.Heading("Methods");
        rep.Paragraph("Bliss: expected yᵢ₀ + y₀ⱼ − yᵢ₀·y₀ⱼ/100 from the observed single agents. HSA: the larger single-agent response. " +
                      "Loewe: the response y at which d₁/D₁(y) + d₂/D₂(y) = 1 on the fitted single-drug curves (grid of 100 responses between the lowest and highest fitted asymptote; " +
                      "when the observed response exceeds every asymptote, the larger single-drug prediction at the summed dose). ZIP: the mean of LL.4 fits along each row and column " +
                      "(lower limit fixed at the other drug's observed single-agent response) minus Bliss on the fitted single-agent curves. Replicated blocks: SynergyFinder's bootstrap " +
                      "(R's set.seed and rnorm reproduced exactly). See docs/synergy.md.");
        rep.Save(path);
    }

    private static string Score(ModelSummary s) => $"{NumberFormat.Pretty(s.Score, 4)} ({NumberFormat.Pretty(s.P, 2)})";

    private static string Sanitise(string s)
    {
        var chars = s.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_').ToArray();
        var t = new string(chars).Trim('_');
        return t.Length > 60 ? t[..60] : t.Length == 0 ? "block" : t;
    }
}
