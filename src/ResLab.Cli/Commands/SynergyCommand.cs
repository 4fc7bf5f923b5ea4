using System.CommandLine;
using ResLab.Analysis.Synergy;
using ResLab.Reporting;

namespace ResLab.Cli.Commands;

/// <summary>`reslab synergy score`: ZIP, HSA, Bliss and Loewe as SynergyFinder computes them, plus the Chou–Talalay CI.</summary>
public static class SynergyCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Combination data (CSV/TSV/xlsx): long rows block, drug1, conc1, drug2, conc2, response[, replicate, conc_unit1, conc_unit2] (or SynergyFinder's block_id, drug_row, drug_col, conc_r, conc_c, conc_r_unit, conc_c_unit), or a dose matrix per sheet/file." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var response = new Option<string?>("--response") { Description = "viability (converted to inhibition = 100 − viability) or inhibition (default: from the column name; viability unless it is called inhibition)." };
        var loewe = new Option<string>("--loewe") { Description = "grid (SynergyFinder's 100-point grid, default) or exact (root solved to machine precision).", DefaultValueFactory = _ => "grid" };
        var fitter = new Option<string>("--curve-fit") { Description = "synergyfinder (drc's own optimiser path, reproduces SynergyFinder; default) or optimum (least-squares optimum of each LL.4).", DefaultValueFactory = _ => "synergyfinder" };
        var iterations = new Option<int>("--iterations") { Description = "Bootstrap iterations for replicated blocks (SynergyFinder's default 10).", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "R seed of the bootstrap (SynergyFinder: 123).", DefaultValueFactory = _ => 123 };
        var baseline = new Option<string>("--correct-baseline") { Description = "SynergyFinder's baseline correction: non (default), part (negative responses only) or all.", DefaultValueFactory = _ => "non" };
        var plots = new Option<string>("--plots") { Description = "auto (≤ 12 blocks; default), all or none.", DefaultValueFactory = _ => "auto" };
        var score = new Command("score", "Score drug combinations (ZIP, HSA, Bliss, Loewe, Chou–Talalay CI); writes synergy_wells.csv, synergy_summary.csv, single_drug_fits.csv, heatmaps, single-drug curves and report.html.")
        {
            input, outDir, response, loewe, fitter, iterations, seed, baseline, plots,
        };
        score.SetAction(pr =>
        {
            var resp = pr.GetValue(response);
            int it = pr.GetValue(iterations);
            if (it < 2) throw UserInputException.Invalid(new InputLocation(Field: "--iterations"), it.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 2 (the bootstrap needs a spread)");
            var options = new SynergyJobOptions
            {
                Input = pr.GetValue(input)!,
                OutputDirectory = pr.GetValue(outDir)!,
                Response = resp is null ? null : DoseResponseCommand.Choice(resp, "--response", new Dictionary<string, string> { ["viability"] = "viability", ["inhibition"] = "inhibition" }),
                Plots = DoseResponseCommand.Choice(pr.GetValue(plots)!, "--plots", new Dictionary<string, PlotPolicy> { ["auto"] = PlotPolicy.Auto, ["all"] = PlotPolicy.All, ["none"] = PlotPolicy.None }),
                Analysis = new SynergyOptions
                {
                    Loewe = DoseResponseCommand.Choice(pr.GetValue(loewe)!, "--loewe", new Dictionary<string, LoeweMethod> { ["grid"] = LoeweMethod.Grid, ["exact"] = LoeweMethod.Exact }),
                    Fitter = DoseResponseCommand.Choice(pr.GetValue(fitter)!, "--curve-fit", new Dictionary<string, CurveFitMethod> { ["synergyfinder"] = CurveFitMethod.SynergyFinder, ["optimum"] = CurveFitMethod.Optimum }),
                    Iterations = it,
                    Seed = pr.GetValue(seed),
                    Baseline = DoseResponseCommand.Choice(pr.GetValue(baseline)!, "--correct-baseline", new Dictionary<string, BaselineCorrection> { ["non"] = BaselineCorrection.None, ["part"] = BaselineCorrection.Part, ["all"] = BaselineCorrection.All }),
                },
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var result = SynergyJob.Run(options, progress);
            foreach (var w in result.Warnings) err.WriteLine("warning: " + w);
            var o = pr.InvocationConfiguration.Output;
            foreach (var b in result.Blocks)
                o.WriteLine($"block {b.Block.Id} ({b.Block.Drug1} x {b.Block.Drug2}): ZIP {b.Summary[SynergyModel.Zip].Score:F2}, HSA {b.Summary[SynergyModel.Hsa].Score:F2}, Bliss {b.Summary[SynergyModel.Bliss].Score:F2}, Loewe {b.Summary[SynergyModel.Loewe].Score:F2}");
            o.WriteLine($"Wrote {result.OutputDirectory}/ ({string.Join(", ", result.Files.Where(f => !f.StartsWith("plots/")))}{(result.Files.Any(f => f.StartsWith("plots/")) ? ", plots/" : "")}).");
            return ExitCodes.Ok;
        });
        return new Command("synergy", "Drug-combination synergy (SynergyFinder's ZIP, HSA, Bliss, Loewe; Chou–Talalay CI).") { score };
    }
}
