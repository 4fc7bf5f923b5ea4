using System.Globalization;
using ResLab.Screens;
using ResLab.Screens.Mageck;
using ResLab.Tests.Analysis;

namespace ResLab.Tests.Screens;

/// <summary>`mageck test` against MAGeCK 0.5.9.2's own files on its demo counts (Fixtures/crispr, see ORIGIN.md).</summary>
public class MageckReferenceTests
{
    public static TheoryData<string> Cases => new() { "default", "paired", "normtotal", "1vs1" };

    internal static CountTable Demo() => CountTableReader.Read(Fixtures.Path("crispr", "CR1_counts_mageck_demo1.tsv"));

    internal static MageckTestOptions Options(string name) => name switch
    {
        "paired" => new MageckTestOptions { Control = ["HL60.initial", "KBM7.initial"], Treatment = ["HL60.final", "KBM7.final"], Paired = true },
        "normtotal" => new MageckTestOptions { Control = ["HL60.initial", "KBM7.initial"], Treatment = ["HL60.final", "KBM7.final"], Norm = MageckNorm.Total },
        "1vs1" => new MageckTestOptions { Control = ["HL60.initial"], Treatment = ["HL60.final"] },
        _ => new MageckTestOptions { Control = ["HL60.initial", "KBM7.initial"], Treatment = ["HL60.final", "KBM7.final"] },
    };

    private static readonly Dictionary<string, MageckTestResult> Results = new();

    internal static MageckTestResult Result(string name)
    {
        lock (Results)
        {
            if (!Results.TryGetValue(name, out var r)) Results[name] = r = MageckTest.Run(Demo(), Options(name));
            return r;
        }
    }

    private static string LogValue(string name, string key)
    {
        var line = File.ReadLines(Fixtures.Path("crispr", $"CR1_mageck_test_{name}.log")).Single(l => l.Contains(key));
        return line[(line.IndexOf(key, StringComparison.Ordinal) + key.Length)..].Trim();
    }

    private static double[] Numbers(string s) => s.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();

    [Theory, MemberData(nameof(Cases))]
    public void Size_factors_are_MAGeCKs_to_the_last_bit(string name)
    {
        var expected = Numbers(LogValue(name, "Final size factor:"));
        Assert.Equal(expected, Result(name).SizeFactors.Factors);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Mean_variance_model_is_MAGeCKs_to_the_last_bit(string name)
    {
        var kb = Numbers(LogValue(name, "Adjusted model:"));
        var m = Result(name).Model;
        Assert.Equal(kb[0], m.K);
        Assert.Equal(kb[1], m.B);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Rra_alpha_cutoffs_are_MAGeCKs(string name)
    {
        var r = Result(name);
        double low = double.Parse(LogValue(name, "lower test FDR cutoff:"), CultureInfo.InvariantCulture);
        double high = double.Parse(LogValue(name, "higher test FDR cutoff:"), CultureInfo.InvariantCulture);
        Assert.Equal(Math.Clamp(low, 0.05, 0.5), r.AlphaNeg);
        Assert.Equal(high, r.AlphaPos);
        int removed = int.Parse(LogValue(name, "Before RRA,").Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(removed, r.RemovedZeroSgrnas);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Sgrna_summary_is_byte_identical_to_MAGeCKs(string name)
    {
        var path = Path.Combine(CliRunnerTemp(), "sgrna_summary.txt");
        MageckWriter.WriteSgrnaSummary(Result(name), path);
        AssertSameFile(Fixtures.Path("crispr", $"CR1_mageck_test_{name}.sgrna_summary.txt"), path);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Gene_summary_is_byte_identical_to_MAGeCKs(string name)
    {
        var path = Path.Combine(CliRunnerTemp(), "gene_summary.txt");
        MageckWriter.WriteGeneSummary(Result(name), path);
        AssertSameFile(Fixtures.Path("crispr", $"CR1_mageck_test_{name}.gene_summary.txt"), path);
    }

    [Fact]
    public void Normalized_counts_are_byte_identical_to_MAGeCKs()
    {
        var path = Path.Combine(CliRunnerTemp(), "normalized.txt");
        MageckWriter.WriteNormalized(Demo(), Result("default"), path);
        AssertSameFile(Fixtures.Path("crispr", "CR1_mageck_test_default.normalized.txt"), path);
    }

    /// <summary>The numbers themselves (not only their spelling) within the tolerances, read from MAGeCK's files.</summary>
    [Theory, MemberData(nameof(Cases))]
    public void Sgrna_and_gene_values_agree_within_tolerance(string name)
    {
        var r = Result(name);
        var s = r.Sgrnas;
        var row = Enumerable.Range(0, s.Count).ToDictionary(i => s.Ids[i]);
        foreach (var f in Fixtures.Rows("crispr", $"CR1_mageck_test_{name}.sgrna_summary.txt"))
        {
            int i = row[f["sgrna"]];
            Close(f["LFC"], s.Lfc[i], "LFC " + f["sgrna"]);
            Close(f["p.low"], s.PLow[i], "p.low " + f["sgrna"]);
            Close(f["p.high"], s.PHigh[i], "p.high " + f["sgrna"]);
            Close(f["score"], Math.Abs(s.Theta[i]), "score " + f["sgrna"]);
            Close(f["adj_var"], s.AdjustedVar[i], "adj_var " + f["sgrna"]);
        }
        var genes = r.Genes.ToDictionary(g => g.Id);
        foreach (var f in Fixtures.Rows("crispr", $"CR1_mageck_test_{name}.gene_summary.txt"))
        {
            var g = genes[f["id"]];
            Close(f["neg|score"], g.Neg.Score, "neg score " + g.Id);
            Close(f["pos|score"], g.Pos.Score, "pos score " + g.Id);
            Close(f["neg|p-value"], g.Neg.P, "neg p " + g.Id);
            Close(f["pos|p-value"], g.Pos.P, "pos p " + g.Id);
            Assert.True(Math.Abs(Fixtures.Num(f["neg|fdr"]) - g.Neg.Fdr) <= 5e-7 + 1e-4 * g.Neg.Fdr, "neg fdr " + g.Id); // MAGeCK prints %f
            Assert.True(Math.Abs(Fixtures.Num(f["pos|fdr"]) - g.Pos.Fdr) <= 5e-7 + 1e-4 * g.Pos.Fdr, "pos fdr " + g.Id);
            Assert.Equal(int.Parse(f["neg|rank"], CultureInfo.InvariantCulture), g.Neg.Rank);
            Assert.Equal(int.Parse(f["pos|goodsgrna"], CultureInfo.InvariantCulture), g.Pos.GoodSgrnas);
        }
    }

    /// <summary>The published headline of the reference README: ACTR8 tops negative selection (lo 3.68e-6, p 5.49e-5, FDR 0.0055).</summary>
    [Fact]
    public void Actr8_tops_negative_selection_as_in_MAGeCK()
    {
        var top = Result("default").Genes[0];
        Assert.Equal("ACTR8", top.Id);
        Assert.Equal(3.68e-6, top.Neg.Score, 0.01e-6);
        Assert.Equal(5.49e-5, top.Neg.P, 0.01e-5);
        Assert.Equal(0.0055, top.Neg.Fdr, 0.0001);
        Assert.Equal(8, Result("default").Genes.Count(g => g.Neg.Fdr < 0.25));
    }

    private static void Close(string expected, double actual, string what)
    {
        double e = Fixtures.Num(expected);
        // Printed to 5 significant digits: half a unit in the fifth digit, relative 1e-4 at most.
        double tol = e == 0 ? 1e-300 : Math.Abs(e) * 1e-4;
        Assert.True(Math.Abs(e - actual) <= tol, $"{what}: MAGeCK {expected}, ResLab {actual:R}");
    }

    internal static string CliRunnerTemp() => ResLab.Tests.Cli.CliRunner.TempDir();

    internal static void AssertSameFile(string expectedPath, string actualPath)
    {
        var e = File.ReadAllLines(expectedPath);
        var a = File.ReadAllLines(actualPath);
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
            if (e[i] != a[i]) Assert.Fail($"line {i + 1} differs:\n  MAGeCK: {e[i]}\n  ResLab: {a[i]}");
        Assert.Equal(e.Length, a.Length);
        Assert.Equal(File.ReadAllBytes(expectedPath), File.ReadAllBytes(actualPath));
    }
}
