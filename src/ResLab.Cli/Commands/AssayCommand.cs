using System.CommandLine;
using System.Globalization;
using ResLab.Assays;
using ResLab.Units;

namespace ResLab.Cli.Commands;

/// <summary>`reslab assay KIND`: a virtual assay on population snapshots or catalogue lines, writing the files a lab instrument would.</summary>
public static class AssayCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "mtt, clonogenic, edu (or brdu), gsh, ros, apoptosis, transwell or stability." };
        var population = new Option<string[]>("--population", "-p") { Description = "A population snapshot (JSON, from a protocol's readout or `reslab simulate`); repeatable.", AllowMultipleArgumentsPerToken = false };
        var line = new Option<string[]>("--line") { Description = "A catalogue cell line (10^6 parental cells); repeatable." };
        var parental = new Option<bool>("--with-parental") { Description = "Also assay each snapshot's parental line (for a resistance index)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Random seed of the assay's noise and sampling.", DefaultValueFactory = _ => 1 };
        var noNoise = new Option<bool>("--no-noise") { Description = "Switch every noise source off (expected values; for checks)." };
        var drug = new Option<string>("--drug") { Description = "MTT/stability/drug clonogenic: the drug of the concentration series.", DefaultValueFactory = _ => "cisplatin" };
        var conc = new Option<string?>("--concentrations") { Description = "MTT/stability: up to 10 concentrations, e.g. '0.1,0.3,1,3,10,30,100 uM' (default 0.01–300 uM, half-log). Clonogenic: makes it a drug clonogenic assay at these concentrations (exposure --treat-for, default 24 h, then washed)." };
        var exposure = new Option<string?>("--exposure") { Description = "MTT/stability: exposure times, one plate each, e.g. '24h,48h,72h' (default 72 h)." };
        var with = new Option<string[]>("--with") { Description = "A drug added to every well at a fixed concentration, e.g. telaglenastat=1uM; repeatable." };
        var doses = new Option<string?>("--doses") { Description = "Clonogenic: radiation doses, e.g. '0,2,4,6,8 Gy' (default)." };
        var treat = new Option<string[]>("--treat") { Description = "EdU/GSH/ROS/apoptosis/transwell: treatment before the read-out, e.g. cisplatin=5uM; repeatable (default vehicle)." };
        var treatFor = new Option<string?>("--treat-for") { Description = "Duration of --treat before the read-out, or of the drug clonogenic exposure (default 24 h)." };
        var weeks = new Option<string>("--weeks") { Description = "Stability: drug-free culture time before the re-assay (default 4 weeks).", DefaultValueFactory = _ => "4 weeks" };
        var catalogue = new Option<string?>("--catalogue") { Description = CatalogueHelp.Text };
        var cmd = new Command("assay", "Run a virtual assay on population snapshots or cell lines; writes plate matrices + layouts (mtt), colony counts (clonogenic) or tidy tables that the analysis commands read.")
        {
            kind, population, line, parental, outDir, seed, noNoise, drug, conc, exposure, with, doses, treat, treatFor, weeks, catalogue,
        };
        cmd.SetAction(pr =>
        {
            var k = DoseResponseCommand.Choice(pr.GetValue(kind)!, "KIND", new Dictionary<string, AssayKind>(AssayJob.Kinds));
            var result = AssayJob.Run(new AssayJob.Options
            {
                Kind = k,
                Populations = pr.GetValue(population) ?? [],
                Lines = pr.GetValue(line) ?? [],
                WithParental = pr.GetValue(parental),
                OutputDirectory = pr.GetValue(outDir)!,
                CatalogueFile = pr.GetValue(catalogue),
                Seed = pr.GetValue(seed),
                NoNoise = pr.GetValue(noNoise),
                Drug = pr.GetValue(drug)!,
                Concentrations = Numbers(pr.GetValue(conc), "--concentrations", s => QuantityParser.ParseConcentration(s, new InputLocation(Field: "--concentrations")).Micromolar),
                ExposureHours = Numbers(pr.GetValue(exposure), "--exposure", s => QuantityParser.ParseDuration(s, new InputLocation(Field: "--exposure")).Hours),
                With = AssayJob.ParseDrugs(pr.GetValue(with), "--with"),
                DosesGy = Numbers(pr.GetValue(doses), "--doses", s => QuantityParser.ParseDose(s, new InputLocation(Field: "--doses")).Gray),
                Treatment = AssayJob.ParseDrugs(pr.GetValue(treat), "--treat"),
                TreatmentHours = pr.GetValue(treatFor) is { } tf ? QuantityParser.ParseDuration(tf, new InputLocation(Field: "--treat-for")).Hours : null,
                Weeks = QuantityParser.ParseDuration(pr.GetValue(weeks), new InputLocation(Field: "--weeks")).Hours / (7 * 24),
            });
            var o = pr.InvocationConfiguration.Output;
            o.WriteLine($"{k.ToString().ToLowerInvariant()} on {string.Join(", ", result.Samples)}: wrote {result.OutputDirectory}/ ({string.Join(", ", result.Files)}).");
            if (k is AssayKind.Mtt) o.WriteLine($"Analyse: reslab dose-response fit {Path.Combine(result.OutputDirectory, "plate1_72h.csv")} --layout {Path.Combine(result.OutputDirectory, "plate1_72h_layout.csv")} --out DIR");
            if (k is AssayKind.Clonogenic && result.Files.Contains("surviving_fraction.csv"))
                o.WriteLine($"Analyse: reslab dose-response fit {Path.Combine(result.OutputDirectory, "surviving_fraction.csv")} --out DIR");
            else if (k is AssayKind.Clonogenic) o.WriteLine($"Analyse: reslab clonogenic fit {Path.Combine(result.OutputDirectory, "clonogenic.csv")} --out DIR");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>A comma-separated list of quantities; a unit written once at the end applies to every number ("0.1,1,10 uM").</summary>
    private static IReadOnlyList<double>? Numbers(string? text, string field, Func<string, double> parse)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var last = parts[^1];
        int i = 0;
        while (i < last.Length && (char.IsDigit(last[i]) || last[i] is '.' or 'e' or 'E' or '-' or '+')) i++;
        string unit = last[i..].Trim();
        return parts.Select(p => parse(double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && unit.Length > 0 ? p + " " + unit : p)).ToList();
    }
}
