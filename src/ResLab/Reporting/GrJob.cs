using ResLab.Analysis.GrMetrics;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>The GR-metrics job (<c>reslab gr fit</c>): gr_values.csv, gr_metrics.csv and report.html, all or nothing.</summary>
public static class GrJob
{
    public sealed record Options(string Input, string OutputDirectory, IReadOnlyList<string>? GroupBy = null, bool Force = false);

    public sealed record Result(string OutputDirectory, int Wells, int Experiments, int Sigmoid, string Case);

    public static Result Run(Options o, IProgress<ProgressUpdate>? progress = null)
    {
        var data = GrInput.Read(o.Input, o.GroupBy);
        progress.Tell("GR fits", 0, 1);
        var metrics = GrAnalysis.Metrics(data, o.Force);
        progress.Tell("GR fits", 1, 1);
        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        GrAnalysis.WriteValues(data, dir.File("gr_values.csv"));
        GrAnalysis.WriteMetrics(data, metrics, dir.File("gr_metrics.csv"));
        var rep = new HtmlReport($"GR metrics: {Path.GetFileName(o.Input)}");
        rep.Heading("Summary");
        rep.Paragraph($"{data.Wells.Count} treated wells (GRmetrics Case {data.Case}) in {metrics.Count} experiments grouped by {string.Join(", ", data.KeyColumns)}; " +
                      $"{metrics.Count(m => m.fit_GR == "sigmoid")} sigmoid and {metrics.Count(m => m.fit_GR == "flat")} flat GR curves{(o.Force ? " (force: every fit with p < 1 kept)" : "")}.");
        rep.Note("GR(c) = 2^(log2(x(c)/x0)/log2(xctrl/x0)) − 1 (Hafner et al. 2016, doi:10.1038/nmeth.3853); fits and rules as GRmetrics 1.17.1 (see docs/dose-response.md).");
        rep.Heading("Metrics");
        rep.Table(data.KeyColumns.Concat(["GR50", "GRmax", "GR_AOC", "GEC50", "GRinf", "h_GR", "r2_GR", "fit_GR", "IC50", "Emax", "AUC"]).ToArray(),
            metrics.Select(m => (IReadOnlyList<string>)m.Keys.Concat(new[] { m.GR50, m.GRmax, m.GR_AOC, m.GEC50, m.GRinf, m.h_GR, m.r2_GR }.Select(v => NumberFormat.Pretty(v)))
                .Append(m.fit_GR).Concat(new[] { m.IC50, m.Emax, m.AUC }.Select(v => NumberFormat.Pretty(v))).ToList()));
        rep.Save(dir.File("report.html"));
        dir.Commit();
        return new Result(dir.FinalPath, data.Wells.Count, metrics.Count, metrics.Count(m => m.fit_GR == "sigmoid"), data.Case);
    }
}
