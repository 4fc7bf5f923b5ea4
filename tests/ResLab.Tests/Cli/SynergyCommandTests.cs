using ResLab.Storage;
using ResLab.Tests.Support;

namespace ResLab.Tests.Cli;

/// <summary>`reslab synergy score`: the shipped examples, the output contract, wide matrices, replicates and every bad-input case.</summary>
public class SynergyCommandTests
{
    private static string Example(string file) => Path.Combine(CliRunner.RepoRoot, "examples", "synergy", file);

    [Fact]
    public void Mathews_example_writes_the_contracted_files_with_SynergyFinders_summary()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("synergy", "score", Example("mathews_screening_data.csv"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var s = TidyTable.Read(Path.Combine(outDir, "synergy_summary.csv"));
        Assert.Equal(new[] { "block", "drug1", "drug2", "conc_unit1", "conc_unit2", "input_type", "replicate", "zip", "hsa", "bliss", "loewe", "zip_p", "hsa_p", "bliss_p", "loewe_p" },
            s.Columns.Take(15));
        Assert.Equal(2, s.RowCount);
        Assert.Equal(20.19509892, s.Number(0, s.Require("hsa")), 7);     // SynergyFinder: 20.19509892
        Assert.Equal(-13.0726951355183, s.Number(1, s.Require("bliss")), 6);
        var w = TidyTable.Read(Path.Combine(outDir, "synergy_wells.csv"));
        Assert.Equal(72, w.RowCount);
        foreach (var c in new[] { "block", "conc1", "conc2", "response", "zip", "hsa", "bliss", "loewe", "ci" }) w.Require(c);
        foreach (var f in new[] { "single_drug_fits.csv", "report.html", "plots/block_1_zip.svg", "plots/block_2_loewe.png", "plots/block_1_drug1_curve.svg" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
    }

    [Fact]
    public void Replicated_example_is_bootstrapped_deterministically_and_finds_the_simulated_synergy()
    {
        var dir = CliRunner.TempDir();
        var a = CliRunner.Run("synergy", "score", Example("cisplatin_telaglenastat_long.csv"), "--plots", "none", "--out", Path.Combine(dir, "a"));
        var b = CliRunner.Run("synergy", "score", Example("cisplatin_telaglenastat_long.csv"), "--plots", "none", "--out", Path.Combine(dir, "b"));
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Err + b.Err);
        foreach (var f in new[] { "synergy_wells.csv", "synergy_summary.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a", f)), File.ReadAllBytes(Path.Combine(dir, "b", f)));
        var s = TidyTable.Read(Path.Combine(dir, "a", "synergy_summary.csv"));
        Assert.Equal("TRUE", s.Cell(0, s.Require("replicate")));
        Assert.Equal(10, s.Number(0, s.Require("iterations")));
        // The simulated potency shift is synergistic beyond Bliss, more so in the resistant line (k = 3 vs 1.5).
        double bliss1 = s.Number(0, s.Require("bliss")), bliss2 = s.Number(1, s.Require("bliss"));
        Assert.True(bliss1 > 2 && bliss2 > bliss1 && s.Number(1, s.Require("bliss_p")) < 0.05, $"Bliss {bliss1}, {bliss2}");
        Assert.True(s.Number(0, s.Require("ci_median")) < 1, "Chou–Talalay CI < 1");
        var w = TidyTable.Read(Path.Combine(dir, "a", "synergy_wells.csv"));
        Assert.Equal("3", w.Cell(0, w.Require("replicates")));
        Assert.True(w.Number(10, w.Require("bliss_sd")) > 0);
    }

    [Fact]
    public void Wide_matrix_csv_and_multi_sheet_xlsx_are_read()
    {
        var dir = CliRunner.TempDir();
        var r = CliRunner.Run("synergy", "score", Example("cisplatin_telaglenastat_matrix.csv"), "--plots", "none", "--out", Path.Combine(dir, "csv"));
        Assert.True(r.ExitCode == 0, r.Err);
        var s = TidyTable.Read(Path.Combine(dir, "csv", "synergy_summary.csv"));
        Assert.Equal("cisplatin", s.Cell(0, 1));
        Assert.Equal("uM", s.Cell(0, s.Require("conc_unit1")));
        Assert.Equal("nM", s.Cell(0, s.Require("conc_unit2")));
        var sheet = MinimalXlsx.FromCsv(File.ReadAllText(Example("cisplatin_telaglenastat_matrix.csv")));
        var xlsx = Path.Combine(dir, "plates.xlsx");
        MinimalXlsx.Write(xlsx, [("plate A", sheet), ("plate B", sheet)]);
        r = CliRunner.Run("synergy", "score", xlsx, "--plots", "none", "--out", Path.Combine(dir, "xlsx"));
        Assert.True(r.ExitCode == 0, r.Err);
        var x = TidyTable.Read(Path.Combine(dir, "xlsx", "synergy_summary.csv"));
        Assert.Equal(new[] { "plate A", "plate B" }, x.TextColumn(0));
        Assert.Equal(s.Number(0, s.Require("zip")), x.Number(1, x.Require("zip")), 12);
    }

    [SkippableFact]
    public void Report_opens_in_headless_chromium_with_its_heatmaps_and_curves()
    {
        Skip.If(HeadlessChromium.Executable is null, HeadlessChromium.SkipReason);
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("synergy", "score", Example("mathews_screening_data.csv"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var page = HeadlessChromium.Open(Path.Combine(outDir, "report.html"));
        Assert.StartsWith("Drug combinations", page.Title);
        Assert.Empty(page.Errors);
        Assert.Equal(12, page.Figures.Count); // 2 blocks × (4 heatmaps + 2 curves)
        Assert.All(page.Figures, f => Assert.True(f.Width > 100 && f.Height > 100, $"{f.Kind} is {f.Width}x{f.Height}"));
    }

    // ------------------------------------------------------------------ bad input: exit 2, row and field named, nothing written

    private static void AssertUserError(CliRunner.Result r, string outDir, params string[] fragments)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Err}");
        Assert.StartsWith("error:", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        foreach (var f in fragments) Assert.Contains(f, r.Err);
        Assert.False(Directory.Exists(outDir), "the output directory must not exist after a failed run");
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetDirectoryName(outDir)!), d => Path.GetFileName(d).StartsWith(".out"));
    }

    private static string Long(Func<double, double, bool>? keep = null, Func<int, string>? unit1 = null)
    {
        var sb = new System.Text.StringBuilder("block,drug1,conc1,drug2,conc2,response,conc_unit1,conc_unit2\n");
        double[] c1 = [0, 1, 3, 10], c2 = [0, 5, 20, 80];
        int row = 0;
        foreach (var a in c1)
            foreach (var b in c2)
            {
                if (keep is not null && !keep(a, b)) continue;
                double v = 100 / (1 + a / 3) / (1 + b / 20);
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"B1,cisplatin,{a},telaglenastat,{b},{v:F2},{unit1?.Invoke(row) ?? "uM"},nM\n");
                row++;
            }
        return sb.ToString();
    }

    private static CliRunner.Result Score(string content, string name, out string outDir, params string[] extra)
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, name), content);
        outDir = Path.Combine(dir, "out");
        return CliRunner.Run(new[] { "synergy", "score", Path.Combine(dir, name), "--out", outDir }.Concat(extra).ToArray());
    }

    [Fact]
    public void The_good_input_of_the_bad_input_tests_is_good()
    {
        var r = Score(Long(), "d.csv", out var outDir, "--plots", "none");
        Assert.True(r.ExitCode == 0, r.Err);
    }

    [Fact]
    public void Combination_matrix_without_single_agent_rows_or_columns()
    {
        var r = Score(Long((a, b) => b > 0), "d.csv", out var outDir);
        AssertUserError(r, outDir, "d.csv:2", "field 'conc2'", "block 'B1' has no drug 2 concentration 0", "single-agent column of cisplatin alone");
        r = Score(Long((a, b) => !(a == 3 && b == 0)), "d.csv", out outDir);
        AssertUserError(r, outDir, "d.csv:", "field 'conc2'", "lacks the single-agent well of cisplatin at 3", "single-agent rows and columns");
        var matrix = "cisplatin \\ telaglenastat,5 nM,20 nM,80 nM\n0 uM,95,80,60\n1 uM,70,60,40\n3 uM,50,40,20\n";
        r = Score(matrix, "m.csv", out outDir);
        AssertUserError(r, outDir, "m.csv:1", "no drug 2 concentration 0", "single-agent column");
    }

    [Fact]
    public void Mismatched_concentration_units()
    {
        var r = Score(Long(unit1: row => row == 9 ? "nM" : "uM"), "d.csv", out var outDir);
        AssertUserError(r, outDir, "d.csv:11", "field 'conc_unit1'", "'nM'", "mismatched concentration units", "line 6 ('uM')");
        var matrix = "cisplatin \\ telaglenastat,0 nM,5 nM,20 uM\n0 uM,100,95,80\n1 uM,70,60,40\n3 uM,50,40,20\n";
        r = Score(matrix, "m.csv", out outDir);
        AssertUserError(r, outDir, "m.csv:1:4", "'20 uM'", "mismatched concentration units");
    }

    [Fact]
    public void Missing_combination_well_bad_cells_and_bad_options_are_named()
    {
        var r = Score(Long((a, b) => !(a == 10 && b == 80)), "d.csv", out var outDir);
        AssertUserError(r, outDir, "lacks the combination well cisplatin 10 + telaglenastat 80");
        r = Score(Long().Replace("B1,cisplatin,1,telaglenastat,5,", "B1,cisplatin,1,telaglenastat,5,x"), "d.csv", out outDir);
        AssertUserError(r, outDir, "d.csv:7:6", "field 'response'");
        r = Score(Long().Replace("B1,cisplatin,3,telaglenastat,20", "B1,carboplatin,3,telaglenastat,20"), "d.csv", out outDir);
        AssertUserError(r, outDir, "d.csv:12:2", "'carboplatin'", "one drug pair per block");
        r = Score(Long().Replace("B1,cisplatin,3,telaglenastat,20", "B1,cisplatin,-3,telaglenastat,20"), "d.csv", out outDir);
        AssertUserError(r, outDir, "d.csv:12:3", "concentration ≥ 0");
        r = Score(Long(), "d.csv", out outDir, "--response", "survival");
        AssertUserError(r, outDir, "field '--response'", "one of viability, inhibition");
        r = Score(Long(), "d.csv", out outDir, "--loewe", "roots");
        AssertUserError(r, outDir, "field '--loewe'", "one of grid, exact");
        r = Score("a,b\n1,2\n", "d.csv", out outDir);
        AssertUserError(r, outDir, "d.csv", "expected a dose matrix");
    }
}
