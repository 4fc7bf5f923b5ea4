using System.CommandLine;
using ResLab.Reporting;

namespace ResLab.Cli.Commands;

/// <summary>`reslab experiment FILE`: protocol + virtual assays + analyses + one HTML report.</summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Experiment file (YAML; see docs/experiments.md and examples/experiments/)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all); open DIR/report.html.", Required = true };
        var quick = new Option<bool>("--quick") { Description = "Reduced size: the flask scaled by the file's quick.scale (default 0.01) and the duration by quick.time_scale." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (results do not depend on it)." };
        var catalogue = new Option<string?>("--catalogue") { Description = CatalogueHelp.Text };
        var cmd = new Command("experiment", "Run an experiment: derive a line with a protocol, run virtual assays on derived and parental populations, analyse them (IC50, RI, SF2, DMF, GR) and write results.csv and report.html.")
        {
            file, outDir, quick, threads, catalogue,
        };
        cmd.SetAction(pr =>
        {
            using var progress = new ConsoleProgress(pr.InvocationConfiguration.Error);
            var r = ExperimentJob.Run(new ExperimentJob.Options(pr.GetValue(file)!, pr.GetValue(outDir)!, pr.GetValue(quick), pr.GetValue(threads), pr.GetValue(catalogue)), progress);
            var o = pr.InvocationConfiguration.Output;
            foreach (var row in r.Rows.Where(x => x.Metric is "ic50_uM" or "resistance_index" or "sf2" or "ic50_ratio_after_before"))
                o.WriteLine($"{row.Assay} {row.Sample} (day {row.TimeDays:0.#}): {row.Metric} {row.Estimate:G4}{(double.IsNaN(row.Lower) ? "" : $" (95% CI {row.Lower:G3}-{row.Upper:G3})")} {row.Note}".TrimEnd());
            foreach (var n in r.Notes) pr.InvocationConfiguration.Error.WriteLine("note: " + n);
            o.WriteLine($"Wrote {r.OutputDirectory}/ (results.csv, report.html, assays/{(r.Experiment.Protocol is null ? "" : ", simulation/")}) in {r.Elapsed.TotalSeconds:0.0} s; open {Path.Combine(r.OutputDirectory, "report.html")}.");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
