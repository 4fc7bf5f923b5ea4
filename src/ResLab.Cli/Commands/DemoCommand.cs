using System.CommandLine;
using ResLab.Reporting;

namespace ResLab.Cli.Commands;

/// <summary>`reslab demo`: the Quick start's main job — every analysis on the shipped example data, with one index report.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all); open DIR/report.html.", DefaultValueFactory = _ => "out/demo" };
        var examples = new Option<string?>("--examples") { Description = "The examples/ directory to read (default: the repository's, found above the working directory)." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var cmd = new Command("demo", "Run ResLab's analyses on the shipped example data and write DIR/report.html, which links every part's report.") { outDir, examples, threads };
        cmd.SetAction(pr =>
        {
            using var progress = new ConsoleProgress(pr.InvocationConfiguration.Error);
            var r = DemoJob.Run(new DemoJob.Options(pr.GetValue(outDir)!, pr.GetValue(examples), pr.GetValue(threads)), progress);
            var o = pr.InvocationConfiguration.Output;
            foreach (var p in r.Parts) o.WriteLine($"{p.Directory}/: {p.Title}: {p.Summary}.");
            o.WriteLine($"Wrote {r.OutputDirectory}/; open {Path.Combine(r.OutputDirectory, "report.html")}.");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
