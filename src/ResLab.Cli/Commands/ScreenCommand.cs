using System.CommandLine;
using ResLab.Reporting;
using ResLab.Screens.DrugZ;
using ResLab.Screens.Mageck;

namespace ResLab.Cli.Commands;

/// <summary>`reslab screen test` (MAGeCK test) and `reslab screen drugz` (DrugZ) on pooled CRISPR screen count tables.</summary>
public static class ScreenCommand
{
    public static Command Create()
    {
        var cmd = new Command("screen", "Pooled CRISPR screens: rank genes from sgRNA count tables as MAGeCK (RRA) and DrugZ do; simulate and plan screens whose truth is known.")
        {
            Test(), DrugZ(), ScreenSimulateCommand.Simulate(), ScreenSimulateCommand.Plan(),
        };
        return cmd;
    }

    private static Option<string> OutOption() => new("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };

    private static Argument<string> CountsArgument() => new("counts")
    {
        Description = "Count table: MAGeCK's layout (sgRNA, Gene, one column per sample; tab-separated, or comma-separated .csv) or a long table with sgRNA, gene, sample and count columns.",
    };

    private static Command Test()
    {
        var counts = CountsArgument();
        var treatment = new Option<string>("--treatment", "-t") { Description = "Treatment samples, comma-separated (names; 0-based column indices also work, as in MAGeCK).", Required = true };
        var control = new Option<string>("--control", "-c") { Description = "Control samples, comma-separated.", Required = true };
        var norm = new Option<string>("--norm", "--norm-method") { Description = "Size factors: median (default; median of ratios), total (total reads) or control (median of ratios over --control-sgrna).", DefaultValueFactory = _ => "median" };
        var paired = new Option<bool>("--paired") { Description = "Paired replicates: the k-th control goes with the k-th treatment (each pair a pseudo-sgRNA, as MAGeCK --paired)." };
        var controlSgrna = new Option<string?>("--control-sgrna") { Description = "File of negative-control sgRNA ids, one per line: used by --norm control and as RRA's null." };
        var removeZero = new Option<string>("--remove-zero") { Description = "Leave out of the gene test sgRNAs with zero median counts in: both (default; i.e. in both groups), control, treatment, any, none.", DefaultValueFactory = _ => "both" };
        var removeZeroThreshold = new Option<double>("--remove-zero-threshold") { Description = "A median count must exceed this to count as non-zero (default 0).", DefaultValueFactory = _ => 0 };
        var lfc = new Option<string>("--gene-lfc-method") { Description = "Gene LFC from its sgRNAs: median (default), alphamedian, mean, alphamean or secondbest.", DefaultValueFactory = _ => "median" };
        var fdrThreshold = new Option<double>("--gene-test-fdr-threshold") { Description = "sgRNA p-value cut-off that defines RRA's α (default 0.25; MAGeCK applies it to raw p).", DefaultValueFactory = _ => 0.25 };
        var sort = new Option<string>("--sort-criteria") { Description = "Order gene_summary.txt by neg (default) or pos selection.", DefaultValueFactory = _ => "neg" };
        var (genes, top, plots) = Common();
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var outDir = OutOption();
        var test = new Command("test", "MAGeCK 0.5.9.2 `mageck test` (RRA): gene_summary.txt, sgrna_summary.txt and normalized.txt in MAGeCK's layout, count_summary.txt, plots and report.html.")
        {
            counts, treatment, control, norm, paired, controlSgrna, removeZero, removeZeroThreshold, lfc, fdrThreshold, sort, genes, top, plots, threads, outDir,
        };
        test.SetAction(pr =>
        {
            var options = new ScreenTestJobOptions
            {
                Input = pr.GetValue(counts)!,
                OutputDirectory = pr.GetValue(outDir)!,
                ControlSgrnaFile = pr.GetValue(controlSgrna),
                Genes = DoseResponseCommand.List(pr.GetValue(genes)),
                TopLabels = Top(pr.GetValue(top)),
                Plots = Plots(pr.GetValue(plots)!),
                Test = new MageckTestOptions
                {
                    Treatment = DoseResponseCommand.List(pr.GetValue(treatment)) ?? [],
                    Control = DoseResponseCommand.List(pr.GetValue(control)) ?? [],
                    Norm = DoseResponseCommand.Choice(pr.GetValue(norm)!, "--norm", new Dictionary<string, MageckNorm> { ["median"] = MageckNorm.Median, ["total"] = MageckNorm.Total, ["control"] = MageckNorm.Control }),
                    Paired = pr.GetValue(paired),
                    RemoveZero = DoseResponseCommand.Choice(pr.GetValue(removeZero)!, "--remove-zero", new Dictionary<string, RemoveZero>
                        { ["both"] = RemoveZero.Both, ["control"] = RemoveZero.Control, ["treatment"] = RemoveZero.Treatment, ["any"] = RemoveZero.Any, ["none"] = RemoveZero.None }),
                    RemoveZeroThreshold = NonNegative(pr.GetValue(removeZeroThreshold), "--remove-zero-threshold"),
                    GeneLfc = DoseResponseCommand.Choice(pr.GetValue(lfc)!, "--gene-lfc-method", new Dictionary<string, GeneLfcMethod>
                        { ["median"] = GeneLfcMethod.Median, ["alphamedian"] = GeneLfcMethod.AlphaMedian, ["mean"] = GeneLfcMethod.Mean, ["alphamean"] = GeneLfcMethod.AlphaMean, ["secondbest"] = GeneLfcMethod.SecondBest }),
                    GeneTestFdrThreshold = Probability(pr.GetValue(fdrThreshold), "--gene-test-fdr-threshold"),
                    SortByPositive = DoseResponseCommand.Choice(pr.GetValue(sort)!, "--sort-criteria", new Dictionary<string, bool> { ["neg"] = false, ["pos"] = true }),
                    Threads = Threads(pr.GetValue(threads)),
                },
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            // A one-second batch job on all cores: full collections block instead of marking in the background beside
            // the work, which costs less CPU in all (docs/performance.md, CRISPR screens).
            System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
            var r = ScreenTestJob.Run(options, progress);
            Report(err, r.Warnings);
            var o = pr.InvocationConfiguration.Output;
            o.WriteLine($"{r.Sgrnas:N0} sgRNAs, {r.Genes:N0} genes tested: {r.NegHits} depleted and {r.PosHits} enriched at FDR < {ScreenTestJob.HitFdr}.");
            o.WriteLine($"Wrote {r.OutputDirectory}/ ({string.Join(", ", r.Files.Where(f => !f.StartsWith("plots/")))}{(r.Files.Any(f => f.StartsWith("plots/")) ? ", plots/" : "")}).");
            return ExitCodes.Ok;
        });
        return test;
    }

    private static Command DrugZ()
    {
        var counts = CountsArgument();
        var treatment = new Option<string>("--treatment", "-t", "-x") { Description = "Drug-treated samples, comma-separated (DrugZ's -x).", Required = true };
        var control = new Option<string>("--control", "-c") { Description = "Control (vehicle) samples, comma-separated, in the same order as the treatments when paired.", Required = true };
        var unpaired = new Option<bool>("--unpaired") { Description = "Compare the mean of the treatments with the mean of the controls (DrugZ -unpaired) instead of replicate pairs." };
        var hws = new Option<int>("--half-window") { Description = "Half width of the variance-estimation window in guides (default 500).", DefaultValueFactory = _ => 500 };
        var pseudo = new Option<double>("--pseudocount") { Description = "Pseudocount added to the normalised counts (default 5).", DefaultValueFactory = _ => 5 };
        var minObs = new Option<int>("--minobs") { Description = "Minimum non-zero guide z-scores for a gene to be scored (default 1).", DefaultValueFactory = _ => 1 };
        var remove = new Option<string?>("--remove-genes") { Description = "Genes whose guides are dropped first, comma-separated (e.g. EGFP,LacZ,luciferase)." };
        var (genes, top, plots) = Common();
        var outDir = OutOption();
        var drugz = new Command("drugz", "DrugZ 1.1.0.2 (chemogenetic interactions): drugz.txt with DrugZ's columns at full precision, guide-level drugz_foldchange.txt, count_summary.txt, plots and report.html.")
        {
            counts, treatment, control, unpaired, hws, pseudo, minObs, remove, genes, top, plots, outDir,
        };
        drugz.SetAction(pr =>
        {
            var options = new DrugZJobOptions
            {
                Input = pr.GetValue(counts)!,
                OutputDirectory = pr.GetValue(outDir)!,
                Genes = DoseResponseCommand.List(pr.GetValue(genes)),
                TopLabels = Top(pr.GetValue(top)),
                Plots = Plots(pr.GetValue(plots)!),
                DrugZ = new DrugZOptions
                {
                    Treatment = DoseResponseCommand.List(pr.GetValue(treatment)) ?? [],
                    Control = DoseResponseCommand.List(pr.GetValue(control)) ?? [],
                    Unpaired = pr.GetValue(unpaired),
                    HalfWindow = pr.GetValue(hws),
                    Pseudocount = pr.GetValue(pseudo),
                    MinObservations = pr.GetValue(minObs),
                    RemoveGenes = DoseResponseCommand.List(pr.GetValue(remove)) ?? [],
                },
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var r = DrugZJob.Run(options, progress);
            Report(err, r.Warnings);
            var o = pr.InvocationConfiguration.Output;
            o.WriteLine($"{r.Guides:N0} guides, {r.Genes:N0} genes scored: {r.SynthHits} synthetic and {r.SuppHits} suppressor interactions at FDR < {DrugZJob.HitFdr}.");
            o.WriteLine($"Wrote {r.OutputDirectory}/ ({string.Join(", ", r.Files.Where(f => !f.StartsWith("plots/")))}{(r.Files.Any(f => f.StartsWith("plots/")) ? ", plots/" : "")}).");
            return ExitCodes.Ok;
        });
        return drugz;
    }

    private static (Option<string?> Genes, Option<int> Top, Option<string> Plots) Common() =>
    (
        new Option<string?>("--genes") { Description = "Genes for the sgRNA fold-change figure, comma-separated (default: the top three of each direction)." },
        new Option<int>("--top") { Description = "Hits named on the rank plots (default 10).", DefaultValueFactory = _ => 10 },
        new Option<string>("--plots") { Description = "auto (default: draw the figures) or none.", DefaultValueFactory = _ => "auto" }
    );

    private static void Report(TextWriter err, IReadOnlyList<string> warnings)
    {
        foreach (var w in warnings.Take(20)) err.WriteLine("warning: " + w);
        if (warnings.Count > 20) err.WriteLine($"warning: … and {warnings.Count - 20} more");
    }

    private static bool Plots(string v) => DoseResponseCommand.Choice(v, "--plots", new Dictionary<string, bool> { ["auto"] = true, ["all"] = true, ["none"] = false });

    private static int Top(int v) => v >= 0 ? v : throw UserInputException.Invalid(new InputLocation(Field: "--top"), v.ToString(System.Globalization.CultureInfo.InvariantCulture), "a number of genes ≥ 0");

    private static int? Threads(int? v) => v is null or >= 1 ? v : throw UserInputException.Invalid(new InputLocation(Field: "--threads"), v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 1 thread");

    private static double NonNegative(double v, string option) =>
        v >= 0 && double.IsFinite(v) ? v : throw UserInputException.Invalid(new InputLocation(Field: option), v.ToString(System.Globalization.CultureInfo.InvariantCulture), "a number ≥ 0");

    private static double Probability(double v, string option) =>
        v is > 0 and <= 1 ? v : throw UserInputException.Invalid(new InputLocation(Field: option), v.ToString(System.Globalization.CultureInfo.InvariantCulture), "a p-value cut-off in (0, 1]");
}
