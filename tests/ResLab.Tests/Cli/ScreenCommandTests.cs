using System.Globalization;
using System.Text.RegularExpressions;
using ResLab.Tests.Analysis;
using ResLab.Tests.Screens;

namespace ResLab.Tests.Cli;

/// <summary>`reslab screen test` and `reslab screen drugz`: the shipped examples, the output contract and bad input.</summary>
public class ScreenCommandTests
{
    private static string Demo => Fixtures.Path("crispr", "CR1_counts_mageck_demo1.tsv");

    private static string[] TestArgs(string counts, string outDir, params string[] more) =>
        ["screen", "test", counts, "-t", "HL60.final,KBM7.final", "-c", "HL60.initial,KBM7.initial", .. more, "--out", outDir];

    /// <summary>Runs every `./reslab …` command of examples/screens/README.md, redirecting its output to a temporary directory.</summary>
    [Fact]
    public void Every_example_command_runs()
    {
        var readme = File.ReadAllLines(Path.Combine(CliRunner.RepoRoot, "examples", "screens", "README.md"));
        var commands = readme.Where(l => l.StartsWith("./reslab screen ", StringComparison.Ordinal)).ToArray();
        Assert.True(commands.Length >= 4);
        foreach (var c in commands)
        {
            var args = c["./reslab ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            int o = args.IndexOf("--out");
            args[o + 1] = Path.Combine(CliRunner.TempDir(), "out");
            for (int i = 0; i < args.Count; i++)
                if (args[i].StartsWith("examples/", StringComparison.Ordinal)) args[i] = Path.Combine(CliRunner.RepoRoot, args[i]);
            var r = CliRunner.Run([.. args]);
            Assert.True(r.ExitCode == 0, c + "\n" + r.Err);
            Assert.True(File.Exists(Path.Combine(args[o + 1], "report.html")), c);
        }
    }

    [Fact]
    public void Test_writes_MAGeCKs_files_byte_identical_plus_qc_plots_and_report()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run(TestArgs(Demo, outDir));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("8 depleted", r.Out);
        MageckReferenceTests.AssertSameFile(Fixtures.Path("crispr", "CR1_mageck_test_default.gene_summary.txt"), Path.Combine(outDir, "gene_summary.txt"));
        MageckReferenceTests.AssertSameFile(Fixtures.Path("crispr", "CR1_mageck_test_default.sgrna_summary.txt"), Path.Combine(outDir, "sgrna_summary.txt"));
        MageckReferenceTests.AssertSameFile(Fixtures.Path("crispr", "CR1_mageck_test_default.normalized.txt"), Path.Combine(outDir, "normalized.txt"));
        var qc = Fixtures.Table("crispr", Path.Combine(outDir, "count_summary.txt"));
        Assert.Equal(["Label", "Reads", "Mapped", "Percentage", "TotalsgRNAs", "Zerocounts", "GiniIndex", "Role", "SizeFactor"], qc.Columns);
        Assert.Equal(4, qc.RowCount);
        for (int i = 0; i < 4; i++)
        {
            // Mapped reads = the column sums of the input table.
            var t = MageckReferenceTests.Demo();
            int s = t.SampleIndex(qc.Cell(i, 0));
            double sum = 0;
            for (int k = 0; k < t.SgrnaCount; k++) sum += t.Count(k, s);
            Assert.Equal(sum, qc.Number(i, 1));
            Assert.InRange(qc.Number(i, qc.Require("GiniIndex")), 0, 1);
        }
        foreach (var f in new[] { "rank_neg", "rank_pos", "sgrna_lfc", "count_distributions" })
        {
            Assert.True(new FileInfo(Path.Combine(outDir, "plots", f + ".png")).Length > 1000, f);
            Assert.True(File.Exists(Path.Combine(outDir, "plots", f + ".svg")), f);
        }
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        foreach (var s in new[] { "Count QC", "Top depleted genes", "ACTR8", "data:image/png;base64," }) Assert.Contains(s, html);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void Paired_and_total_normalised_runs_are_MAGeCKs()
    {
        foreach (var (flag, name) in new[] { ("--paired", "paired"), ("--norm=total", "normtotal") })
        {
            var outDir = Path.Combine(CliRunner.TempDir(), "out");
            var extra = flag.Split('=');
            var r = CliRunner.Run(TestArgs(Demo, outDir, [.. extra, "--plots", "none"]));
            Assert.True(r.ExitCode == 0, r.Err);
            MageckReferenceTests.AssertSameFile(Fixtures.Path("crispr", $"CR1_mageck_test_{name}.gene_summary.txt"), Path.Combine(outDir, "gene_summary.txt"));
            Assert.False(Directory.Exists(Path.Combine(outDir, "plots")));
        }
    }

    [Fact]
    public void Results_are_identical_for_any_thread_count()
    {
        var a = Path.Combine(CliRunner.TempDir(), "a");
        var b = Path.Combine(CliRunner.TempDir(), "b");
        Assert.Equal(0, CliRunner.Run(TestArgs(Demo, a, "--threads", "1", "--plots", "none")).ExitCode);
        Assert.Equal(0, CliRunner.Run(TestArgs(Demo, b, "--threads", "3", "--plots", "none")).ExitCode);
        foreach (var f in new[] { "gene_summary.txt", "sgrna_summary.txt", "normalized.txt", "count_summary.txt" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f)));
    }

    [Fact]
    public void Drugz_writes_DrugZs_columns_at_full_precision()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("screen", "drugz", Demo, "-x", "HL60.final,KBM7.final", "-c", "HL60.initial,KBM7.initial", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var t = Fixtures.Table("crispr", Path.Combine(outDir, "drugz.txt"));
        Assert.Equal(["GENE", "sumZ", "numObs", "normZ", "pval_synth", "rank_synth", "fdr_synth", "pval_supp", "rank_supp", "fdr_supp"], t.Columns);
        var expected = Fixtures.Rows("crispr", "CR1_drugz_paired_hws500_fullprec.csv");
        Assert.Equal(expected.Count, t.RowCount);
        for (int i = 0; i < t.RowCount; i++)
        {
            Assert.Equal(expected[i]["GENE"], t.Cell(i, 0));
            for (int c = 1; c < t.Columns.Count; c++)
                Fixtures.Close(Fixtures.Num(expected[i][t.Columns[c]]), t.Number(i, c), 1e-6, $"{t.Cell(i, 0)} {t.Columns[c]}");
            // Full precision: more than DrugZ's 3–4 printed digits.
            Assert.True(t.Cell(i, 3).Length > 8, t.Cell(i, 3));
        }
        var fc = Fixtures.Table("crispr", Path.Combine(outDir, "drugz_foldchange.txt"));
        Assert.Equal(["sgRNA", "GENE", "HL60.initial", "KBM7.initial", "fc_0", "eb_std_fc_0", "zscore_fc_0", "fc_1", "eb_std_fc_1", "zscore_fc_1"], fc.Columns);
        foreach (var f in new[] { "rank_normz", "guide_fc", "count_distributions" }) Assert.True(File.Exists(Path.Combine(outDir, "plots", f + ".png")), f);
    }

    [Fact]
    public void Long_table_gives_the_same_results_as_the_wide_one()
    {
        var dir = CliRunner.TempDir();
        var t = MageckReferenceTests.Demo();
        var lines = new List<string> { "sgrna,gene,sample,count" };
        for (int s = 0; s < t.SampleCount; s++)
            for (int i = 0; i < t.SgrnaCount; i++)
                lines.Add($"{t.Sgrnas[i]},{t.Genes[i]},{t.Samples[s]},{t.Count(i, s).ToString(CultureInfo.InvariantCulture)}");
        var longPath = Path.Combine(dir, "long.csv");
        File.WriteAllLines(longPath, lines);
        var a = Path.Combine(dir, "a");
        var r = CliRunner.Run(TestArgs(longPath, a, "--plots", "none"));
        Assert.True(r.ExitCode == 0, r.Err);
        MageckReferenceTests.AssertSameFile(Fixtures.Path("crispr", "CR1_mageck_test_default.gene_summary.txt"), Path.Combine(a, "gene_summary.txt"));
    }

    [Fact]
    public void A_gene_without_reads_is_reported_and_left_out_of_the_gene_summary_as_MAGeCK_does()
    {
        var dir = CliRunner.TempDir();
        var text = File.ReadAllLines(Demo).Select(l =>
        {
            var f = l.Split('\t');
            return f[1] == "AAAS" ? string.Join('\t', f[0], f[1], "0", "0", "0", "0") : l;
        });
        var path = Path.Combine(dir, "counts.tsv");
        File.WriteAllLines(path, text);
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run(TestArgs(path, outDir, "--plots", "none"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("AAAS", r.Err);
        Assert.Contains("warning:", r.Err);
        var genes = File.ReadAllLines(Path.Combine(outDir, "gene_summary.txt")).Skip(1).Select(l => l.Split('\t')[0]).ToArray();
        Assert.Equal(99, genes.Length);
        Assert.DoesNotContain("AAAS", genes);
        Assert.Contains(File.ReadAllLines(Path.Combine(outDir, "sgrna_summary.txt")), l => l.Split('\t')[1] == "AAAS");
        var dz = CliRunner.Run("screen", "drugz", path, "-x", "HL60.final,KBM7.final", "-c", "HL60.initial,KBM7.initial", "--plots", "none", "--out", Path.Combine(dir, "dz"));
        Assert.True(dz.ExitCode == 0, dz.Err);
        Assert.Contains("warning:", dz.Err);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(dir, "dz", "drugz.txt")), l => l.StartsWith("AAAS\t", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_sgrnas_normalise_and_form_the_rra_null()
    {
        var dir = CliRunner.TempDir();
        var t = MageckReferenceTests.Demo();
        // Every sgRNA as a "control": control normalisation is then the median method, the same factors.
        var all = Path.Combine(dir, "all.txt");
        File.WriteAllLines(all, t.Sgrnas);
        var outAll = Path.Combine(dir, "all");
        var r = CliRunner.Run(TestArgs(Demo, outAll, "--norm", "control", "--control-sgrna", all, "--plots", "none"));
        Assert.True(r.ExitCode == 0, r.Err);
        MageckReferenceTests.AssertSameFile(Fixtures.Path("crispr", "CR1_mageck_test_default.normalized.txt"), Path.Combine(outAll, "normalized.txt"));
        // A control list of two genes' sgRNAs, one of them (AATF) strongly depleted: those genes get no p-value (p = 1),
        // and the others are ranked against a null of control percentiles, which is shifted towards depletion — so the
        // top gene's p-value rises well above its uniform-null value (5.5e-5), while its RRA score does not change.
        var few = Path.Combine(dir, "few.txt");
        File.WriteAllLines(few, Enumerable.Range(0, t.SgrnaCount).Where(i => t.Genes[i] is "AAAS" or "AATF").Select(i => t.Sgrnas[i]));
        var outFew = Path.Combine(dir, "few");
        r = CliRunner.Run(TestArgs(Demo, outFew, "--control-sgrna", few, "--plots", "none"));
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = Fixtures.Rows("crispr", Path.Combine(outFew, "gene_summary.txt"));
        Assert.All(rows.Where(g => g["id"] is "AAAS" or "AATF"), g => Assert.Equal("1.0", g["neg|p-value"]));
        var actr8 = rows.Single(g => g["id"] == "ACTR8");
        Assert.Equal("3.6799e-06", actr8["neg|score"]);
        Assert.True(Fixtures.Num(actr8["neg|p-value"]) > 1e-3, actr8["neg|p-value"]);
        Assert.All(rows, g => Assert.InRange(Fixtures.Num(g["neg|p-value"]), 0, 1));
    }

    public static TheoryData<string, string, string> BadTables => new()
    {
        { "dup.tsv", "sgRNA\tGene\tA\tB\ns1\tg1\t1\t2\ns2\tg1\t3\t4\ns1\tg2\t5\t6\n", "duplicate sgRNA id 's1' (first at line 2)" },
        { "neg.tsv", "sgRNA\tGene\tA\tB\ns1\tg1\t1\t-2\ns2\tg1\t3\t4\n", "a whole, non-negative read count" },
        { "frac.tsv", "sgRNA\tGene\tA\tB\ns1\tg1\t1\t2.5\ns2\tg1\t3\t4\n", "a fractional count" },
        { "text.tsv", "sgRNA\tGene\tA\tB\ns1\tg1\t1\tten\ns2\tg1\t3\t4\n", "got 'ten'" },
        { "short.tsv", "sgRNA\tGene\tA\tB\ns1\tg1\t1\ns2\tg1\t3\t4\n", "this row has 3 cells; expected 4" },
        { "header.tsv", "sgRNA\tGene\tA\tB\n", "no sgRNA rows" },
        { "empty.tsv", "", "the file is empty" },
        { "twocols.tsv", "sgRNA\tA\ns1\t1\n", "expected a MAGeCK count table" },
        { "dupsample.tsv", "sgRNA\tGene\tA\tA\ns1\tg1\t1\t2\n", "sample name 'A' appears twice" },
    };

    [Theory, MemberData(nameof(BadTables))]
    public void Bad_tables_are_user_errors_with_location_and_nothing_is_written(string file, string content, string expected)
    {
        var dir = CliRunner.TempDir();
        var path = Path.Combine(dir, file);
        File.WriteAllText(path, content);
        var outDir = Path.Combine(dir, "out");
        foreach (var cmd in new[] { "test", "drugz" })
        {
            var r = CliRunner.Run("screen", cmd, path, "-t", "B", "-c", "A", "--out", outDir);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(expected, r.Err);
            Assert.Contains(file, r.Err);
            Assert.DoesNotContain("   at ", r.Err); // no stack trace
            Assert.False(Directory.Exists(outDir));
            Assert.Empty(Directory.GetDirectories(dir));
        }
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["-t", "HL60.finl,KBM7.final", "-c", "HL60.initial"], "no sample 'HL60.finl' in the count table (did you mean 'HL60.final'?)" },
        { ["-t", "HL60.final", "-c", "HL60.final"], "both a control (-c) and a treatment (-t)" },
        { ["-t", "HL60.final,KBM7.final", "-c", "HL60.initial", "--paired"], "--paired needs as many control as treatment samples" },
        { ["-t", "HL60.final", "-c", "HL60.initial", "--norm", "control"], "--norm control needs the control sgRNAs" },
        { ["-t", "HL60.final", "-c", "HL60.initial", "--norm", "medain"], "did you mean 'median'?" },
        { ["-t", "HL60.final", "-c", "HL60.initial", "--genes", "ACTR9"], "no gene 'ACTR9' in the count table (did you mean 'ACTR3'?)" },
        { ["-t", "HL60.final", "-c", "HL60.initial", "--gene-test-fdr-threshold", "2"], "a p-value cut-off in (0, 1]" },
        { ["-t", "HL60.final", "-c", "HL60.initial", "--control-sgrna", "/nonexistent/ctrl.txt"], "file not found" },
    };

    [Theory, MemberData(nameof(BadOptions))]
    public void Bad_options_are_user_errors_and_nothing_is_written(string[] options, string expected)
    {
        var dir = CliRunner.TempDir();
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run(["screen", "test", Demo, .. options, "--out", outDir]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Norm_control_with_controls_absent_from_the_table_is_a_user_error()
    {
        var dir = CliRunner.TempDir();
        var ctrl = Path.Combine(dir, "ctrl.txt");
        File.WriteAllLines(ctrl, ["NTC_0001", "NTC_0002"]);
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run(TestArgs(Demo, outDir, "--norm", "control", "--control-sgrna", ctrl));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none of the 2 control sgRNA ids (e.g. 'NTC_0001') is in the count table", r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Drugz_bad_options_are_user_errors()
    {
        var dir = CliRunner.TempDir();
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run("screen", "drugz", Demo, "-x", "HL60.final,KBM7.final", "-c", "HL60.initial", "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("use --unpaired", r.Err);
        r = CliRunner.Run("screen", "drugz", Demo, "-x", "HL60.final", "-c", "HL60.initial", "--half-window", "5000", "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("smaller --half-window", r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Help_lists_both_commands()
    {
        var r = CliRunner.Run("screen", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(new Regex(@"test <counts>\s+MAGeCK"), r.Out);
        Assert.Matches(new Regex(@"drugz <counts>\s+DrugZ"), r.Out);
    }
}
