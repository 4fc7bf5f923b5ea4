using System.CommandLine;
using ResLab.Analysis.DoseResponse;
using ResLab.Reporting;
using ResLab.Storage;

namespace ResLab.Cli.Commands;

/// <summary>`reslab dose-response fit`: fits drc log-logistic models to a tidy table or a plate with its layout.</summary>
public static class DoseResponseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Tidy CSV/TSV/xlsx (one row per well: dose, response, grouping columns) or a plate-reader matrix (with --layout)." };
        var layout = new Option<string?>("--layout") { Description = "Plate layout (CSV/TSV/xlsx: well, role = blank|vehicle|treated, line, drug, dose). Makes INPUT an 8×12 or 16×24 plate matrix." };
        var model = new Option<string>("--model") { Description = "drc model: LL.4 (default), LL.3, LL.3u, LL.5, LL2.4.", DefaultValueFactory = _ => "LL.4" };
        var groupBy = new Option<string?>("--group-by") { Description = "Comma-separated grouping columns, one curve per combination (default: any of curve, line, cell_line, drug, treatment, compound, group, sample present)." };
        var reference = new Option<string?>("--reference") { Description = "A level of a grouping column (e.g. parental): each other curve of the same stratum is compared with it (resistance index, ratios.csv)." };
        var ci = new Option<string>("--ci") { Description = "CI method: drc (Hessian covariance, delta IC50 CI; default), prism (Gauss–Newton, log-scale IC50 CI), profile (profile likelihood).", DefaultValueFactory = _ => "drc" };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var dose = new Option<string?>("--dose") { Description = "Dose column (default: auto-detected: dose, concentration, conc, …)." };
        var response = new Option<string?>("--response") { Description = "Response column (default: auto-detected: response, viability, signal, value, …)." };
        var shared = new Option<string?>("--shared") { Description = "Parameters shared by the curves of a ratio's joint fit, e.g. c,d (common bottom and top)." };
        var ratioCi = new Option<string>("--ratio-ci") { Description = "Ratio CI: delta (default, as drc EDcomp) or fieller.", DefaultValueFactory = _ => "delta" };
        var plots = new Option<string>("--plots") { Description = "auto (≤ 30 curves; default), all or none.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var fit = new Command("fit", "Fit dose–response curves: IC50/EDs with CIs, AUC, Emax, flat-curve test, resistance index; writes fits.csv, effective_doses.csv, curve_metrics.csv, ratios.csv, plots and report.html.")
        {
            input, layout, model, groupBy, reference, ci, outDir, dose, response, shared, ratioCi, plots, threads,
        };
        fit.SetAction(pr =>
        {
            var m = DoseResponseModel.TryParse(pr.GetValue(model)!)
                    ?? throw UserInputException.Invalid(new InputLocation(Field: "--model"), pr.GetValue(model), "one of LL.4, LL.3, LL.3u, LL.5, LL2.4",
                        NameMatcher.Hint(pr.GetValue(model)!, DoseResponseModel.All.Select(x => x.Name)).Trim(' ', '(', ')') is { Length: > 0 } h ? h : null);
            var options = new DoseResponseJobOptions
            {
                Input = pr.GetValue(input)!,
                Layout = pr.GetValue(layout),
                OutputDirectory = pr.GetValue(outDir)!,
                Model = m,
                GroupBy = List(pr.GetValue(groupBy)),
                Reference = pr.GetValue(reference),
                Ci = Choice(pr.GetValue(ci)!, "--ci", new Dictionary<string, CiMethod> { ["drc"] = CiMethod.Drc, ["prism"] = CiMethod.Prism, ["profile"] = CiMethod.Profile }),
                DoseColumn = pr.GetValue(dose),
                ResponseColumn = pr.GetValue(response),
                Shared = List(pr.GetValue(shared)),
                RatioInterval = Choice(pr.GetValue(ratioCi)!, "--ratio-ci", new Dictionary<string, RatioInterval> { ["delta"] = RatioInterval.Delta, ["fieller"] = RatioInterval.Fieller }),
                Plots = Choice(pr.GetValue(plots)!, "--plots", new Dictionary<string, PlotPolicy> { ["auto"] = PlotPolicy.Auto, ["all"] = PlotPolicy.All, ["none"] = PlotPolicy.None }),
                Threads = pr.GetValue(threads),
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var result = DoseResponseJob.Run(options, progress);
            var o = pr.InvocationConfiguration.Output;
            foreach (var w in result.Warnings.Take(20)) err.WriteLine("warning: " + w);
            if (result.Warnings.Count > 20) err.WriteLine($"warning: … and {result.Warnings.Count - 20} more");
            o.WriteLine($"{result.Curves} curve(s): {result.Converged} fitted, {result.Failed} failed, {result.Flat} flat{(result.Ratios > 0 ? $", {result.Ratios} ratio(s)" : "")}.");
            o.WriteLine($"Wrote {result.OutputDirectory}/ ({string.Join(", ", result.Files.Where(f => !f.StartsWith("plots/")))}{(result.Files.Any(f => f.StartsWith("plots/")) ? ", plots/" : "")}).");
            return ExitCodes.Ok;
        });
        var cmd = new Command("dose-response", "Dose–response analysis (drc models, IC50, resistance index).") { fit };
        return cmd;
    }

    internal static IReadOnlyList<string>? List(string? s) =>
        string.IsNullOrWhiteSpace(s) ? null : s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static T Choice<T>(string value, string option, Dictionary<string, T> choices)
    {
        if (choices.TryGetValue(value.Trim().ToLowerInvariant(), out var v)) return v;
        throw UserInputException.Invalid(new InputLocation(Field: option), value, "one of " + string.Join(", ", choices.Keys), NameMatcher.Nearest(value, choices.Keys) is { } n ? $"did you mean '{n}'?" : null);
    }
}
