using System.Text.Json;
using ResLab.Biology;
using ResLab.Screens.Simulation;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Settings of <c>reslab screen plan</c>.</summary>
public sealed record ScreenPlanJobOptions
{
    public required string ScreenFile { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>Cells per sgRNA to try (transduction, bottleneck and T0 sample alike).</summary>
    public required IReadOnlyList<double> Coverages { get; init; }
    /// <summary>Replicate flasks per arm to try.</summary>
    public required IReadOnlyList<int> Replicates { get; init; }
    /// <summary>Independent simulated screens per grid point (seeds Seed, Seed + 1, …).</summary>
    public int Runs { get; init; } = 3;
    public ulong Seed { get; init; } = 1;
    public int? Threads { get; init; }
    public string? CatalogueFile { get; init; }
    public double Fdr { get; init; } = ScreenAnalysis.DefaultFdr;
    public bool Plots { get; init; } = true;
}

/// <summary>One simulated screen of a plan, scored.</summary>
public sealed record PlanRun(double Coverage, int Replicates, ulong Seed, RankingMetrics Metrics);

/// <summary>A plan's mean metric over its runs at one grid point.</summary>
public sealed record PlanPoint(double Coverage, int Replicates, string Comparison, string Method, Direction Direction, int Runs,
    double Precision, double PrecisionSd, double Recall, double RecallSd, double Auc, double AucSd, double TrueGenes);

public sealed record ScreenPlanJobResult(string OutputDirectory, IReadOnlyList<PlanRun> Runs, IReadOnlyList<PlanPoint> Points, IReadOnlyList<string> Files);

/// <summary>
/// <c>reslab screen plan</c>: the screen of a screen file at several coverages and replicate numbers, each simulated
/// several times and analysed with MAGeCK test and DrugZ; precision, recall and AUC against the truth per run
/// (plan_runs.tsv) and averaged per grid point (plan.tsv), with figures and report.html — what a lab needs to choose
/// how many cells and flasks a screen needs before it spends a library.
/// </summary>
public static class ScreenPlanJob
{
    public static ScreenPlanJobResult Run(ScreenPlanJobOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        if (o.Coverages.Count == 0 || o.Replicates.Count == 0) throw new UserInputException("a plan needs at least one coverage and one replicate number", new InputLocation(Field: "--coverage/--replicates"));
        if (o.Runs < 1) throw UserInputException.Invalid(new InputLocation(Field: "--runs"), o.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 1 run per grid point");
        var catalogue = o.CatalogueFile is null ? Catalogue.Default : Catalogue.Default.WithUserFile(o.CatalogueFile);
        var baseDesign = ScreenDesignReader.Load(o.ScreenFile, catalogue, o.Seed);
        var runs = new List<PlanRun>();
        int total = o.Coverages.Count * o.Replicates.Count * o.Runs, done = 0;
        foreach (var coverage in o.Coverages)
            foreach (var reps in o.Replicates)
                for (int k = 0; k < o.Runs; k++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var design = baseDesign.WithCoverage(coverage, reps);
                    ulong seed = o.Seed + (ulong)k;
                    var sim = ScreenSimulator.Run(design, new ScreenSimulationSettings { Seed = seed, Threads = o.Threads }, null, cancel);
                    foreach (var c in ScreenAnalysis.Run(sim, o.Fdr, o.Threads, cancel))
                        foreach (var m in c.Metrics) runs.Add(new PlanRun(coverage, reps, seed, m));
                    progress.Tell("planning", ++done, total, "screens");
                }
        var points = runs.GroupBy(r => (r.Coverage, r.Replicates, r.Metrics.Comparison, r.Metrics.Method, r.Metrics.Direction))
            .Select(g =>
            {
                var (p, ps) = MeanSd(g.Select(x => x.Metrics.Precision));
                var (rc, rs) = MeanSd(g.Select(x => x.Metrics.Recall));
                var (a, asd) = MeanSd(g.Select(x => x.Metrics.Auc));
                return new PlanPoint(g.Key.Coverage, g.Key.Replicates, g.Key.Comparison, g.Key.Method, g.Key.Direction, g.Count(), p, ps, rc, rs, a, asd, g.Average(x => x.Metrics.TrueGenes));
            }).ToList();

        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        using (var w = new DelimitedWriter(dir.File("plan_runs.tsv"), ["coverage", "replicates", "seed", "comparison", "method", "direction", "true_genes", "hits", "true_positives", "precision", "recall", "auc"], '\t', quote: false))
            foreach (var r in runs)
                w.Values(r.Coverage, r.Replicates, (long)r.Seed, r.Metrics.Comparison, r.Metrics.Method, ScreenTruth.Spell(r.Metrics.Direction), r.Metrics.TrueGenes, r.Metrics.Hits, r.Metrics.TruePositives,
                    r.Metrics.Precision, r.Metrics.Recall, r.Metrics.Auc);
        files.Add("plan_runs.tsv");
        using (var w = new DelimitedWriter(dir.File("plan.tsv"), ["coverage", "replicates", "comparison", "method", "direction", "runs", "true_genes", "precision", "precision_sd", "recall", "recall_sd", "auc", "auc_sd"], '\t', quote: false))
            foreach (var p in points)
                w.Values(p.Coverage, p.Replicates, p.Comparison, p.Method, ScreenTruth.Spell(p.Direction), p.Runs, p.TrueGenes, p.Precision, p.PrecisionSd, p.Recall, p.RecallSd, p.Auc, p.AucSd);
        files.Add("plan.tsv");
        var info = new
        {
            reslab_version = VersionInfo.Version,
            command = "screen plan",
            screen = baseDesign.Name,
            screen_file = o.ScreenFile,
            input_sha256 = baseDesign.InputHash,
            seed = o.Seed,
            runs_per_point = o.Runs,
            coverages = o.Coverages,
            replicates = o.Replicates,
            fdr_threshold = o.Fdr,
        };
        AtomicFile.WriteText(dir.File("run.json"), JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        files.Add("run.json");
        var figures = new List<(byte[] Png, string Caption)>();
        if (o.Plots)
        {
            var plotFiles = new List<string>();
            foreach (var comparison in points.Select(p => p.Comparison).Distinct())
                foreach (var dirn in new[] { Direction.Up, Direction.Down })
                {
                    var sel = points.Where(p => p.Comparison == comparison && p.Direction == dirn).ToArray();
                    if (sel.Length == 0) continue;
                    string what = dirn == Direction.Up ? "enriched (resistance) genes" : "depleted (sensitising) genes";
                    foreach (var (metric, label, get) in new (string, string, Func<PlanPoint, double>)[] { ("recall", "recall", p => p.Recall), ("precision", "precision", p => p.Precision), ("auc", "ROC AUC", p => p.Auc) })
                    {
                        var lines = sel.GroupBy(p => (p.Method, p.Replicates)).OrderBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Replicates)
                            .Select(g => ($"{g.Key.Method}, {g.Key.Replicates} replicate{(g.Key.Replicates == 1 ? "" : "s")}", g.OrderBy(p => p.Coverage).Select(p => p.Coverage).ToArray(), g.OrderBy(p => p.Coverage).Select(get).ToArray())).ToList();
                        var name = $"{metric}_{(dirn == Direction.Up ? "enriched" : "depleted")}{(points.Select(p => p.Comparison).Distinct().Count() > 1 ? "_" + comparison : "")}";
                        figures.Add((ScreenReporting.Save(ScreenSimulationPlots.PlanMetric($"{comparison}: {label} of {what}", label, lines), dir, name, plotFiles),
                            $"{label} of the {what} ({comparison}; hits at FDR < {NumberFormat.Pretty(o.Fdr)}) against coverage, mean of {o.Runs} simulated screens per point."));
                    }
                }
            files.AddRange(plotFiles);
        }
        var rep = new HtmlReport($"Screen plan: {baseDesign.Name}");
        rep.Heading("Summary");
        rep.Paragraph($"{baseDesign.Name}: {baseDesign.Library.Count:N0} sgRNAs; coverages {string.Join(", ", o.Coverages.Select(c => NumberFormat.Pretty(c)))} cells per sgRNA (transduction, bottleneck and T0 sample), "
                      + $"{string.Join(", ", o.Replicates)} replicate flasks per arm; {o.Runs} simulated screens per point (seeds {o.Seed}–{o.Seed + (ulong)o.Runs - 1}), each analysed with MAGeCK test and DrugZ. "
                      + $"Hits at FDR < {NumberFormat.Pretty(o.Fdr)}; true genes from the truth (expected |log2 fold change| ≥ {NumberFormat.Pretty(baseDesign.TruthThreshold)}).");
        rep.Heading("Precision, recall and AUC");
        rep.Table(["comparison", "method", "direction", "coverage", "replicates", "true genes", "precision", "recall", "AUC"],
            points.OrderBy(p => p.Comparison, StringComparer.Ordinal).ThenBy(p => p.Direction).ThenBy(p => p.Method, StringComparer.Ordinal).ThenBy(p => p.Replicates).ThenBy(p => p.Coverage)
                .Select(p => (IReadOnlyList<string>)[p.Comparison, p.Method, p.Direction == Direction.Up ? "enriched" : "depleted", NumberFormat.Pretty(p.Coverage), p.Replicates.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    NumberFormat.Pretty(p.TrueGenes, 3), MeanSdText(p.Precision, p.PrecisionSd), MeanSdText(p.Recall, p.RecallSd), MeanSdText(p.Auc, p.AucSd)]),
            "mean ± SD over the runs; precision is undefined (NA) for a run without hits and left out of the mean");
        if (figures.Count > 0)
        {
            rep.Heading("Figures");
            foreach (var (png, caption) in figures) rep.PngFigure(png, caption);
        }
        rep.Heading("Methods");
        rep.Note("Each run is 'reslab screen simulate' at that coverage and replicate number (docs/screens.md) followed by MAGeCK test (RRA) and DrugZ on its counts, each arm against the reference arm; "
                 + "precision = true positives / hits, recall = true positives / true genes, AUC = probability that a true gene ranks above another gene of the library (controls excluded).");
        rep.Save(dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new ScreenPlanJobResult(dir.FinalPath, runs, points, files);
    }

    private static (double Mean, double Sd) MeanSd(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return (double.NaN, double.NaN);
        double m = v.Average();
        return (m, v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1)) : 0);
    }

    private static string MeanSdText(double m, double sd) => double.IsNaN(m) ? "NA" : $"{m:0.00} ± {(double.IsNaN(sd) ? 0 : sd):0.00}";
}
