using System.Text.Json;
using MathNet.Numerics.Distributions;
using ResLab.Storage;
using ResLab.Tests.Screens.Simulation;

namespace ResLab.Tests.Cli;

/// <summary>
/// `reslab screen simulate` and `reslab screen plan`: the shipped cisplatin modifier screen reproduces the project
/// summary's finding when its counts are analysed by `reslab screen test` and `reslab screen drugz`; determinism;
/// the benchmark table; bad input.
/// </summary>
public class ScreenSimulateCommandTests
{
    private static string Example => Path.Combine(CliRunner.RepoRoot, "examples", "screens", "cisplatin-modifier-screen.yaml");

    private static readonly string[] Gsh = ["NFE2L2", "GCLC", "GCLM", "SLC7A11", "GLS"];
    private static readonly string[] Ner = ["ERCC4", "XPA"];

    [Fact]
    public void The_example_screen_finds_KEAP1_and_CUL3_resistant_and_GSH_and_NER_genes_sensitising()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "sim");
        var r = CliRunner.Run("screen", "simulate", Example, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var f in new[] { "counts.tsv", "truth.tsv", "library_used.tsv", "control_sgrnas.txt", "samples.tsv", "classes.tsv", "representation.tsv", "evaluation.tsv", "run.json", "report.html",
                     "mageck/gene_summary.txt", "drugz/drugz.txt", "plots/representation.png", "plots/class_fitness.svg", "plots/expected_vs_observed.png" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);

        // the counts are a MAGeCK count table: T0 and three replicates of each arm
        var counts = ResLab.Screens.CountTableReader.Read(Path.Combine(outDir, "counts.tsv"));
        Assert.Equal(["T0", "vehicle_1", "vehicle_2", "vehicle_3", "cisplatin_1", "cisplatin_2", "cisplatin_3"], counts.Samples);
        Assert.Equal(1300, counts.SgrnaCount);

        // the truth says what the biology implies
        var truth = TidyTable.Read(Path.Combine(outDir, "truth.tsv"));
        string Dir(string gene) => truth.Cell(Enumerable.Range(0, truth.RowCount).First(i => truth.Cell(i, 0) == gene), truth.Require("direction_cisplatin_vs_vehicle"));
        Assert.Equal("up", Dir("KEAP1"));
        Assert.Equal("up", Dir("CUL3"));
        foreach (var g in Gsh.Concat(Ner)) Assert.Equal("down", Dir(g));
        Assert.Equal("none", Dir("TP53")); // CAL27 is already TP53-mutant
        var essential = Enumerable.Range(0, truth.RowCount).Where(i => truth.Cell(i, 1) == "core_essential").ToArray();
        Assert.Equal(40, essential.Length);
        Assert.All(essential, i => Assert.Equal("down", truth.Cell(i, truth.Require("direction_vehicle_vs_T0"))));

        // analyse the simulated counts exactly as a lab would: reslab screen test and reslab screen drugz
        string[] t = ["-t", "cisplatin_1,cisplatin_2,cisplatin_3", "-c", "vehicle_1,vehicle_2,vehicle_3"];
        var test = Path.Combine(outDir, "test");
        var rt = CliRunner.Run(["screen", "test", Path.Combine(outDir, "counts.tsv"), .. t, "--plots", "none", "--out", test]);
        Assert.True(rt.ExitCode == 0, rt.Err);
        var drugz = Path.Combine(outDir, "drugz-cli");
        var rd = CliRunner.Run(["screen", "drugz", Path.Combine(outDir, "counts.tsv"), "-x", "cisplatin_1,cisplatin_2,cisplatin_3", "-c", "vehicle_1,vehicle_2,vehicle_3", "--plots", "none", "--out", drugz]);
        Assert.True(rd.ExitCode == 0, rd.Err);

        var genes = TidyTable.Read(Path.Combine(test, "gene_summary.txt"));
        var mageckPos = Ranks(genes, "pos|rank");
        var mageckNeg = Ranks(genes, "neg|rank");
        var dz = TidyTable.Read(Path.Combine(drugz, "drugz.txt"));
        var drugzSupp = Ranks(dz, "rank_supp");
        var drugzSynth = Ranks(dz, "rank_synth");
        var neutral = Enumerable.Range(0, truth.RowCount).Where(i => truth.Cell(i, 1) == "neutral").Select(i => truth.Cell(i, 0)).ToArray();
        Assert.True(neutral.Length > 200);

        foreach (var (method, up, down) in new[] { ("MAGeCK", mageckPos, mageckNeg), ("DrugZ", drugzSupp, drugzSynth) })
        {
            // KEAP1 and CUL3 lead positive selection: one of them first, both in the top 2 % of the genes
            Assert.True(Math.Min(up["KEAP1"], up["CUL3"]) == 1 && Math.Max(up["KEAP1"], up["CUL3"]) <= up.Count / 50, $"{method}: KEAP1 {up["KEAP1"]}, CUL3 {up["CUL3"]}");
            // the GSH-synthesis and NER genes lead negative selection: above the neutral genes by a one-sided rank-sum test,
            // and each within the top tenth of the library
            var set = Gsh.Concat(Ner).Select(g => down[g]).ToArray();
            double p = RankSumP(set, neutral.Select(g => down[g]).ToArray());
            Assert.True(p < 1e-4, $"{method}: rank-sum p = {p} ({string.Join(", ", set)})"); // 7 genes at the very top give ~4e-6
            Assert.All(Gsh.Concat(Ner), g => Assert.True(down[g] <= down.Count / 10, $"{method}: {g} at {down[g]} of {down.Count}"));
        }
        // the MAGeCK files written by screen simulate are those of screen test on the same counts
        Assert.Equal(File.ReadAllBytes(Path.Combine(test, "gene_summary.txt")), File.ReadAllBytes(Path.Combine(outDir, "mageck", "gene_summary.txt")));

        var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run.json"))).RootElement;
        Assert.Equal(VersionInfo.Version, run.GetProperty("reslab_version").GetString());
        Assert.Equal(1UL, run.GetProperty("seed").GetUInt64());
        Assert.Equal(64, run.GetProperty("input_sha256").GetString()!.Length);
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        foreach (var s in new[] { "Recovery of the truth", "KEAP1", "data:image/png;base64,", "reslab screen test counts.tsv" }) Assert.Contains(s, html);
    }

    private static Dictionary<string, int> Ranks(TidyTable t, string column)
    {
        int g = 0, r = t.Require(column);
        return Enumerable.Range(0, t.RowCount).ToDictionary(i => t.Cell(i, g), i => (int)t.Number(i, r));
    }

    /// <summary>One-sided Mann–Whitney p that the first set ranks better (lower) than the second (normal approximation).</summary>
    private static double RankSumP(int[] set, int[] rest)
    {
        double n1 = set.Length, n2 = rest.Length;
        double u = set.Sum(x => rest.Count(y => y < x) + 0.5 * rest.Count(y => y == x));
        double z = (u - n1 * n2 / 2) / Math.Sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return Normal.CDF(0, 1, z);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count_and_the_seed_changes_them()
    {
        var screen = ScreenFiles.Write(ScreenFiles.Minimal);
        byte[] Run(string threads, string seed)
        {
            var o = Path.Combine(CliRunner.TempDir(), "out");
            var r = CliRunner.Run("screen", "simulate", screen, "--threads", threads, "--seed", seed, "--analysis", "none", "--plots", "none", "--out", o);
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.False(Directory.Exists(Path.Combine(o, "mageck")));
            return [.. File.ReadAllBytes(Path.Combine(o, "counts.tsv")), .. File.ReadAllBytes(Path.Combine(o, "truth.tsv"))];
        }
        var one = Run("1", "7");
        Assert.Equal(one, Run("2", "7"));
        Assert.NotEqual(one, Run("2", "8"));
    }

    [Fact]
    public void Bad_input_exits_2_with_the_place_and_writes_nothing()
    {
        var cases = new (string Text, string Expected)[]
        {
            (ScreenFiles.Minimal.Replace("moi: 0.3", "moi: 0"), "multiplicity of infection above 0"),
            (ScreenFiles.Minimal.Replace("  coverage: 200", "  covrage: 200"), "did you mean 'coverage'?"),
            (ScreenFiles.Minimal.Replace("t0: 6 days", "t0: 6 Gy"), "a duration"),
            (ScreenFiles.Minimal + "\neffects:\n  ERCC5: { traits: { ner: -2 } }\n", "not in the library"),
            // the T0 population cannot fill the flasks: a simulation-time check
            (ScreenFiles.Minimal.Replace("  bottleneck: 200", "  bottleneck: 5000"), "fewer than the T0 sample"),
        };
        foreach (var (text, expected) in cases)
        {
            var screen = ScreenFiles.Write(text);
            var o = Path.Combine(CliRunner.TempDir(), "out");
            var r = CliRunner.Run("screen", "simulate", screen, "--out", o);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(expected, r.Err);
            Assert.Contains("error: ", r.Err);
            Assert.DoesNotContain("   at ", r.Err);
            Assert.False(Directory.Exists(o), expected);
            Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.GetDirectoryName(o)!), p => Path.GetFileName(p).StartsWith(".out", StringComparison.Ordinal));
        }
        var missing = CliRunner.Run("screen", "simulate", Path.Combine(CliRunner.TempDir(), "none.yaml"), "--out", Path.Combine(CliRunner.TempDir(), "o"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(2, CliRunner.Run("screen", "plan", ScreenFiles.Write(ScreenFiles.Minimal), "--coverage", "0", "--out", Path.Combine(CliRunner.TempDir(), "o")).ExitCode);
        Assert.Equal(2, CliRunner.Run("screen", "simulate", ScreenFiles.Write(ScreenFiles.Minimal), "--fdr", "2", "--out", Path.Combine(CliRunner.TempDir(), "o")).ExitCode);
    }

    [Fact]
    public void A_plan_reports_precision_recall_and_auc_per_coverage_and_replicates()
    {
        var o = Path.Combine(CliRunner.TempDir(), "plan");
        var r = CliRunner.Run("screen", "plan", ScreenFiles.Write(ScreenFiles.Minimal), "--coverage", "50,400", "--replicates", "2", "--runs", "2", "--out", o);
        Assert.True(r.ExitCode == 0, r.Err);
        var plan = TidyTable.Read(Path.Combine(o, "plan.tsv"));
        // 2 coverages × 1 replicate number × 2 methods × 2 directions
        Assert.Equal(8, plan.RowCount);
        for (int i = 0; i < plan.RowCount; i++)
        {
            Assert.Equal(2, plan.Number(i, plan.Require("runs")));
            foreach (var c in new[] { "recall", "auc" }) Assert.InRange(plan.Number(i, plan.Require(c)), 0, 1);
        }
        Assert.Equal(16, TidyTable.Read(Path.Combine(o, "plan_runs.tsv")).RowCount);
        foreach (var f in new[] { "report.html", "run.json", "plots/recall_depleted.png", "plots/auc_enriched.svg" }) Assert.True(File.Exists(Path.Combine(o, f)), f);
        Assert.Contains("Precision, recall and AUC", File.ReadAllText(Path.Combine(o, "report.html")));
    }

    [Fact]
    public void The_benchmark_screen_makes_the_genome_scale_table()
    {
        var o = Path.Combine(CliRunner.TempDir(), "genome");
        var r = CliRunner.Run("screen", "simulate", Path.Combine(CliRunner.RepoRoot, "bench", "screens", "genome-scale-screen.yaml"), "--analysis", "none", "--plots", "none", "--out", o);
        Assert.True(r.ExitCode == 0, r.Err);
        var t = ResLab.Screens.CountTableReader.Read(Path.Combine(o, "counts.tsv"));
        Assert.Equal(81_000, t.SgrnaCount);
        Assert.Equal(["T0", "vehicle_1", "vehicle_2", "cisplatin_1", "cisplatin_2"], t.Samples);
        Assert.Equal(20_001, t.Genes.Distinct().Count());
        Assert.Equal(1000, t.Genes.Count(g => g == "NonTargeting"));
        for (int s = 0; s < t.SampleCount; s++)
        {
            double sum = 0;
            foreach (var c in t.Column(s)) sum += c;
            Assert.Equal(500.0 * 81_000, sum);
        }
    }
}
