using System.CommandLine;
using ResLab.Reporting;

namespace ResLab.Cli.Commands;

/// <summary>`reslab gr fit`: GR values and metrics as GRmetrics computes them.</summary>
public static class GrCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "GRmetrics input: Case A (cell_count, cell_count__ctrl, cell_count__time0 per treated well) or Case C (long table with control wells at concentration 0 and time-zero wells at time 0)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var groupBy = new Option<string?>("--group-by") { Description = "Comma-separated columns defining an experiment (default: every column except concentration, counts and replicate)." };
        var force = new Option<bool>("--force") { Description = "Keep sigmoid fits whatever their F-test p-value (GRmetrics force = TRUE)." };
        var fit = new Command("fit", "Compute GR values and GR metrics (GR50, GRmax, GR_AOC, GEC50, GRinf, h_GR, …); writes gr_values.csv, gr_metrics.csv and report.html.") { input, outDir, groupBy, force };
        fit.SetAction(pr =>
        {
            using var progress = new ConsoleProgress(pr.InvocationConfiguration.Error);
            var r = GrJob.Run(new GrJob.Options(pr.GetValue(input)!, pr.GetValue(outDir)!, DoseResponseCommand.List(pr.GetValue(groupBy)), pr.GetValue(force)), progress);
            pr.InvocationConfiguration.Output.WriteLine($"{r.Wells} treated wells (Case {r.Case}), {r.Experiments} experiments: {r.Sigmoid} sigmoid, {r.Experiments - r.Sigmoid} flat.");
            pr.InvocationConfiguration.Output.WriteLine($"Wrote {r.OutputDirectory}/ (gr_values.csv, gr_metrics.csv, report.html).");
            return ExitCodes.Ok;
        });
        return new Command("gr", "Growth-rate inhibition (GR) metrics, Hafner et al. 2016.") { fit };
    }
}
