using System.CommandLine;
using System.Globalization;
using ResLab.Reporting;
using ResLab.Screens.Simulation;

namespace ResLab.Cli.Commands;

/// <summary>`reslab screen simulate` (a simulated pooled screen with its truth) and `reslab screen plan` (coverage × replicates).</summary>
public static class ScreenSimulateCommand
{
    private static Argument<string> ScreenArgument() => new("screen") { Description = "Screen file (YAML; docs/screens.md and examples/screens/cisplatin-modifier-screen.yaml)." };

    public static Command Simulate()
    {
        var screen = ScreenArgument();
        var seed = new Option<ulong>("--seed") { Description = "Random seed (the screen file and the seed fully determine the result).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var catalogue = new Option<string?>("--catalogue") { Description = CatalogueHelp.Text };
        var analysis = new Option<string>("--analysis") { Description = "auto (default: MAGeCK test and DrugZ on the counts, scored against the truth) or none.", DefaultValueFactory = _ => "auto" };
        var fdr = new Option<double>("--fdr") { Description = "FDR below which a gene counts as a hit when scoring against the truth (default 0.1).", DefaultValueFactory = _ => ScreenAnalysis.DefaultFdr };
        var plots = new Option<string>("--plots") { Description = "auto (default: draw the figures) or none.", DefaultValueFactory = _ => "auto" };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var cmd = new Command("simulate", "Simulate a pooled CRISPR screen from a screen file: counts.tsv (MAGeCK's layout), truth.tsv, run.json, and MAGeCK test / DrugZ scored against the truth, figures and report.html.")
        {
            screen, seed, threads, catalogue, analysis, fdr, plots, outDir,
        };
        cmd.SetAction(pr =>
        {
            var options = new ScreenSimulationJobOptions
            {
                ScreenFile = pr.GetValue(screen)!,
                OutputDirectory = pr.GetValue(outDir)!,
                Seed = pr.GetValue(seed),
                Threads = Threads(pr.GetValue(threads)),
                CatalogueFile = pr.GetValue(catalogue),
                Analyse = DoseResponseCommand.Choice(pr.GetValue(analysis)!, "--analysis", new Dictionary<string, bool> { ["auto"] = true, ["none"] = false }),
                Fdr = Fdr(pr.GetValue(fdr)),
                Plots = DoseResponseCommand.Choice(pr.GetValue(plots)!, "--plots", new Dictionary<string, bool> { ["auto"] = true, ["all"] = true, ["none"] = false }),
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var r = ScreenSimulationJob.Run(options, progress);
            foreach (var w in r.Simulation.Warnings) err.WriteLine("note: " + w);
            var o = pr.InvocationConfiguration.Output;
            var d = r.Simulation.Design;
            o.WriteLine($"{d.Library.Count:N0} sgRNAs × {r.Simulation.Counts.SampleCount} samples ({string.Join(", ", r.Simulation.Counts.Samples)}); {r.Simulation.Classes.Count} phenotype classes.");
            foreach (var c in r.Comparisons)
                foreach (var m in c.Metrics)
                    o.WriteLine($"{c.Arm} vs {c.Reference}, {m.Method}, {(m.Direction == Direction.Up ? "enriched" : "depleted")}: {m.TruePositives}/{m.TrueGenes} true genes found, {m.Hits} hits (precision {Pretty(m.Precision)}, recall {Pretty(m.Recall)}, AUC {Pretty(m.Auc)}).");
            var dirs = r.Files.Where(f => f.Contains('/')).Select(f => f[..(f.IndexOf('/') + 1)]).Distinct();
            o.WriteLine($"Wrote {r.OutputDirectory}/ ({string.Join(", ", r.Files.Where(f => !f.Contains('/')).Concat(dirs))}).");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    public static Command Plan()
    {
        var screen = ScreenArgument();
        var coverage = new Option<string>("--coverage") { Description = "Cells per sgRNA to try (transduction, bottleneck and T0 sample), comma-separated (default 100,250,500,1000).", DefaultValueFactory = _ => "100,250,500,1000" };
        var replicates = new Option<string>("--replicates") { Description = "Replicate flasks per arm to try, comma-separated (default 2,3).", DefaultValueFactory = _ => "2,3" };
        var runs = new Option<int>("--runs") { Description = "Simulated screens per grid point (default 3; seeds --seed, --seed + 1, …).", DefaultValueFactory = _ => 3 };
        var seed = new Option<ulong>("--seed") { Description = "First random seed.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var catalogue = new Option<string?>("--catalogue") { Description = CatalogueHelp.Text };
        var fdr = new Option<double>("--fdr") { Description = "FDR below which a gene counts as a hit (default 0.1).", DefaultValueFactory = _ => ScreenAnalysis.DefaultFdr };
        var plots = new Option<string>("--plots") { Description = "auto (default) or none.", DefaultValueFactory = _ => "auto" };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var cmd = new Command("plan", "Plan a screen: simulate it at several coverages and replicate numbers, analyse each with MAGeCK test and DrugZ, and report precision, recall and AUC against the truth (plan.tsv, figures, report.html).")
        {
            screen, coverage, replicates, runs, seed, threads, catalogue, fdr, plots, outDir,
        };
        cmd.SetAction(pr =>
        {
            var options = new ScreenPlanJobOptions
            {
                ScreenFile = pr.GetValue(screen)!,
                OutputDirectory = pr.GetValue(outDir)!,
                Coverages = Numbers(pr.GetValue(coverage)!, "--coverage", 1, 1e6, "cells per sgRNA between 1 and 1e6"),
                Replicates = Numbers(pr.GetValue(replicates)!, "--replicates", 1, 20, "replicate numbers between 1 and 20").Select(x => x == Math.Floor(x) ? (int)x
                    : throw UserInputException.Invalid(new InputLocation(Field: "--replicates"), x.ToString(CultureInfo.InvariantCulture), "whole numbers of replicates")).ToArray(),
                Runs = pr.GetValue(runs),
                Seed = pr.GetValue(seed),
                Threads = Threads(pr.GetValue(threads)),
                CatalogueFile = pr.GetValue(catalogue),
                Fdr = Fdr(pr.GetValue(fdr)),
                Plots = DoseResponseCommand.Choice(pr.GetValue(plots)!, "--plots", new Dictionary<string, bool> { ["auto"] = true, ["all"] = true, ["none"] = false }),
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var r = ScreenPlanJob.Run(options, progress);
            var o = pr.InvocationConfiguration.Output;
            foreach (var p in r.Points.OrderBy(p => p.Comparison, StringComparer.Ordinal).ThenBy(p => p.Direction).ThenBy(p => p.Method, StringComparer.Ordinal).ThenBy(p => p.Replicates).ThenBy(p => p.Coverage))
                o.WriteLine($"{p.Comparison}, {p.Method}, {(p.Direction == Direction.Up ? "enriched" : "depleted")}, {Pretty(p.Coverage)} cells/sgRNA, {p.Replicates} replicates: precision {Pretty(p.Precision)}, recall {Pretty(p.Recall)}, AUC {Pretty(p.Auc)}");
            o.WriteLine($"Wrote {r.OutputDirectory}/ ({string.Join(", ", r.Files.Where(f => !f.Contains('/')))}, plots/).");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Pretty(double v) => ResLab.Storage.NumberFormat.Pretty(v, 3);

    private static int? Threads(int? v) => v is null or >= 1 ? v : throw UserInputException.Invalid(new InputLocation(Field: "--threads"), v.Value.ToString(CultureInfo.InvariantCulture), "at least 1 thread");

    private static double Fdr(double v) => v is > 0 and <= 1 ? v : throw UserInputException.Invalid(new InputLocation(Field: "--fdr"), v.ToString(CultureInfo.InvariantCulture), "an FDR threshold in (0, 1]");

    private static double[] Numbers(string text, string option, double min, double max, string expected)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw UserInputException.Invalid(new InputLocation(Field: option), text, "a comma-separated list of " + expected);
        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
            : throw UserInputException.Invalid(new InputLocation(Field: option), p, expected)).Distinct().ToArray();
    }
}
