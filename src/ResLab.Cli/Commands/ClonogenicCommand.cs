using System.CommandLine;
using ResLab.Analysis.Clonogenic;
using ResLab.Reporting;

namespace ResLab.Cli.Commands;

/// <summary>`reslab clonogenic fit`: linear–quadratic survival curves as CFAssay fits them, curve comparison, DMF/SER and OER.</summary>
public static class ClonogenicCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Colony counts (CSV/TSV/xlsx), one row per well: line, experiment, dose_gy, cells_seeded, colonies (or CFAssay's cline, Exp, dose, ncells, ncolonies); optional pe and fractions." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var method = new Option<string>("--method") { Description = "ml (quasi-Poisson GLM, default), ls (least squares on log survival) or franken (weighted LS, Franken et al. 2006; PEs fixed).", DefaultValueFactory = _ => "ml" };
        var pe = new Option<string>("--pe") { Description = "fit (one plating-efficiency intercept per experiment, default) or fix (PE from each experiment's 0-Gy wells or the pe column).", DefaultValueFactory = _ => "fit" };
        var reference = new Option<string?>("--reference") { Description = "A level of a grouping column (e.g. a parental line or vehicle): F test and dose-modifying factors (SER) of every other curve of its stratum against it." };
        var oer = new Option<string?>("--oer") { Description = "The hypoxic level of a grouping column (e.g. hypoxia): oxygen enhancement ratios D_hypoxic/D_normoxic against the other curves of its stratum (oer.csv)." };
        var groupBy = new Option<string?>("--group-by") { Description = "Comma-separated columns defining the curves (default: any of line, cline, cell_line, treatment, condition, oxygen, drug, group present)." };
        var plots = new Option<string>("--plots") { Description = "auto (≤ 30 curves; default), all or none.", DefaultValueFactory = _ => "auto" };
        var fit = new Command("fit", "Fit linear–quadratic survival curves (α, β, SF2, D10, D37, D50, α/β, MID), compare curves (F test), dose-modifying factors and OER; writes lq_fits.csv, comparison.csv, dmf.csv, plots and report.html.")
        {
            input, outDir, method, pe, reference, oer, groupBy, plots,
        };
        fit.SetAction(pr =>
        {
            var options = new ClonogenicJobOptions
            {
                Input = pr.GetValue(input)!,
                OutputDirectory = pr.GetValue(outDir)!,
                GroupBy = DoseResponseCommand.List(pr.GetValue(groupBy)),
                Plots = DoseResponseCommand.Choice(pr.GetValue(plots)!, "--plots", new Dictionary<string, PlotPolicy> { ["auto"] = PlotPolicy.Auto, ["all"] = PlotPolicy.All, ["none"] = PlotPolicy.None }),
                Analysis = new ClonogenicOptions
                {
                    Method = DoseResponseCommand.Choice(pr.GetValue(method)!, "--method", new Dictionary<string, LqMethod> { ["ml"] = LqMethod.Ml, ["ls"] = LqMethod.Ls, ["franken"] = LqMethod.Franken }),
                    Pe = DoseResponseCommand.Choice(pr.GetValue(pe)!, "--pe", new Dictionary<string, PeMethod> { ["fit"] = PeMethod.Fit, ["fix"] = PeMethod.Fix }),
                    Reference = pr.GetValue(reference),
                    Hypoxic = pr.GetValue(oer),
                },
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var result = ClonogenicJob.Run(options, progress);
            var r = result.Result;
            foreach (var w in r.Warnings) err.WriteLine("warning: " + w);
            var o = pr.InvocationConfiguration.Output;
            foreach (var f in r.Fits)
                o.WriteLine($"{f.Curve.Name}: alpha {f.Alpha:G4} /Gy, beta {f.Beta:G4} /Gy^2, SF2 {f.Sf2:G3}, D10 {f.D10:G3} Gy");
            if (r.Overall is not null) o.WriteLine($"Curves differ in shape: F = {r.Overall.Test.F:G4} on {r.Overall.Test.Df1}, {r.Overall.Test.Df2} df, p = {r.Overall.Test.P:G3}.");
            o.WriteLine($"Wrote {result.OutputDirectory}/ ({string.Join(", ", result.Files.Where(f => !f.StartsWith("plots/")))}{(result.Files.Any(f => f.StartsWith("plots/")) ? ", plots/" : "")}).");
            return ExitCodes.Ok;
        });
        return new Command("clonogenic", "Clonogenic survival (linear–quadratic model as CFAssay fits it).") { fit };
    }
}
