using ResLab.Storage;
using ResLab.Tests.Support;

namespace ResLab.Tests.Cli;

/// <summary>`reslab clonogenic fit`: the shipped examples, the output contract, xlsx input and every bad-input case.</summary>
public class ClonogenicCommandTests
{
    private static string Example(string file) => Path.Combine(CliRunner.RepoRoot, "examples", "clonogenic", file);

    private static readonly string[] FitColumns =
        ["alpha", "alpha_se", "beta", "beta_se", "cov_alpha_beta", "dispersion", "df", "sf2", "sf2_lower", "sf2_upper", "d10", "d37", "d50", "alpha_beta"];

    [Fact]
    public void Cfassay_example_writes_the_contracted_files_with_CFAssays_numbers()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("clonogenic", "fit", Example("cfassay_expl1.csv"), "--reference", "cal33", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var fits = TidyTable.Read(Path.Combine(outDir, "lq_fits.csv"));
        Assert.Equal(new[] { "cline" }.Concat(FitColumns), fits.Columns.Take(1 + FitColumns.Length));
        Assert.Equal(0.5193789753, fits.Number(1, fits.Require("alpha")), 9); // CFAssay prints −0.5193789753
        var cmp = TidyTable.Read(Path.Combine(outDir, "comparison.csv"));
        foreach (var c in new[] { "F", "df1", "df2", "p" }) cmp.Require(c);
        Assert.Equal("7.3509", cmp.Number(0, cmp.Require("F")).ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        var dmf = TidyTable.Read(Path.Combine(outDir, "dmf.csv"));
        Assert.Equal(3, dmf.RowCount);
        Assert.Equal(1.210743171, dmf.Number(2, dmf.Require("dmf")), 8);
        foreach (var f in new[] { "plating_efficiencies.csv", "survival_points.csv", "report.html", "plots/survival_all.png", "plots/survival_all.svg", "plots/survival_001_cal33.svg" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
    }

    [Fact]
    public void Radiosensitiser_example_recovers_the_simulated_enhancement()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("clonogenic", "fit", Example("hnscc_atr_radiosensitiser.csv"), "--reference", "vehicle", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var dmf = TidyTable.Read(Path.Combine(outDir, "dmf.csv"));
        Assert.Equal(6, dmf.RowCount); // 2 lines × SF 0.5, 0.37, 0.1
        // Simulated SERs at SF 0.1: 1.51 (HN-sim1) and 1.61 (HN-sim1-RR); the CI of each must contain its truth and exclude 1.
        foreach (var (row, truth) in new[] { (2, SerAt01(0.25, 0.030, 1.7, 1.5)), (5, SerAt01(0.15, 0.025, 1.9, 1.6)) })
        {
            double lo = dmf.Number(row, dmf.Require("dmf_lower")), hi = dmf.Number(row, dmf.Require("dmf_upper"));
            Assert.True(lo < truth && truth < hi && lo > 1, $"SER {truth}: CI {lo}–{hi}");
        }
    }

    private static double SerAt01(double a, double b, double fa, double fb) =>
        ResLab.Analysis.Clonogenic.LqMath.DoseAt(a, b, 0.1) / ResLab.Analysis.Clonogenic.LqMath.DoseAt(a * fa, b * fb, 0.1);

    [Fact]
    public void Hypoxia_example_gives_the_simulated_oxygen_enhancement_ratio()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("clonogenic", "fit", Example("hnscc_hypoxia_oer.csv"), "--oer", "hypoxia", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var oer = TidyTable.Read(Path.Combine(outDir, "oer.csv"));
        Assert.Equal(3, oer.RowCount);
        for (int i = 0; i < 3; i++)
            Assert.True(oer.Number(i, oer.Require("oer_lower")) < 2.8 && 2.8 < oer.Number(i, oer.Require("oer_upper")), "OER 2.8 inside the CI");
    }

    [Fact]
    public void Fractionated_example_fits_one_alpha_beta_across_fraction_numbers()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("clonogenic", "fit", Example("hnscc_fractionated.csv"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var fits = TidyTable.Read(Path.Combine(outDir, "lq_fits.csv"));
        double a = fits.Number(0, fits.Require("alpha")), ase = fits.Number(0, fits.Require("alpha_se"));
        double b = fits.Number(0, fits.Require("beta")), bse = fits.Number(0, fits.Require("beta_se"));
        Assert.True(Math.Abs(a - 0.25) < 3 * ase && Math.Abs(b - 0.030) < 3 * bse, $"α {a} ± {ase}, β {b} ± {bse}");
        var points = TidyTable.Read(Path.Combine(outDir, "survival_points.csv"));
        Assert.Contains("5", points.TextColumn(points.Require("fractions")));
    }

    [SkippableFact]
    public void Report_opens_in_headless_chromium_with_its_figures()
    {
        Skip.If(HeadlessChromium.Executable is null, HeadlessChromium.SkipReason);
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("clonogenic", "fit", Example("hnscc_atr_radiosensitiser.csv"), "--reference", "vehicle", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var page = HeadlessChromium.Open(Path.Combine(outDir, "report.html"));
        Assert.StartsWith("Clonogenic survival", page.Title);
        Assert.Empty(page.Errors);
        Assert.Equal(5, page.Figures.Count); // all curves + 4 curves
        Assert.All(page.Figures, f => Assert.True(f.Width > 100 && f.Height > 100, $"{f.Kind} is {f.Width}x{f.Height}"));
    }

    [Fact]
    public void Xlsx_input_is_read_like_csv()
    {
        var dir = CliRunner.TempDir();
        var xlsx = Path.Combine(dir, "counts.xlsx");
        MinimalXlsx.Write(xlsx, [("counts", MinimalXlsx.FromCsv(File.ReadAllText(Example("cfassay_expl1.csv")).Replace("\"", "")))]);
        var r = CliRunner.Run("clonogenic", "fit", xlsx, "--plots", "none", "--out", Path.Combine(dir, "out"));
        Assert.True(r.ExitCode == 0, r.Err);
        var fits = TidyTable.Read(Path.Combine(dir, "out", "lq_fits.csv"));
        Assert.Equal(0.2683191794, fits.Number(0, fits.Require("alpha")), 9);
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

    private const string Good =
        "line,experiment,dose_gy,cells_seeded,colonies\n" +
        "A,e1,0,200,80\nA,e1,2,400,90\nA,e1,4,1000,70\nA,e1,6,4000,60\n" +
        "A,e2,0,200,70\nA,e2,2,400,85\nA,e2,4,1000,66\nA,e2,6,4000,50\n";

    private static CliRunner.Result Fit(string content, out string outDir, params string[] extra)
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "counts.csv"), content);
        outDir = Path.Combine(dir, "out");
        return CliRunner.Run(new[] { "clonogenic", "fit", Path.Combine(dir, "counts.csv"), "--out", outDir }.Concat(extra).ToArray());
    }

    [Fact]
    public void The_good_input_of_the_bad_input_tests_is_good()
    {
        var r = Fit(Good, out var outDir, "--plots", "none");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(File.Exists(Path.Combine(outDir, "lq_fits.csv")));
    }

    [Fact]
    public void Colonies_above_cells_seeded()
    {
        var r = Fit(Good.Replace("A,e1,2,400,90", "A,e1,2,90,400"), out var outDir);
        AssertUserError(r, outDir, "counts.csv:3:5", "field 'colonies'", "'400'", "at most the 90 cells seeded", "swapped");
    }

    [Fact]
    public void Zero_cells_seeded()
    {
        var r = Fit(Good.Replace("A,e2,4,1000,66", "A,e2,4,0,0"), out var outDir);
        AssertUserError(r, outDir, "counts.csv:8:4", "field 'cells_seeded'", "'0'", "> 0");
    }

    [Fact]
    public void Fixed_pe_for_an_experiment_without_a_0_Gy_control()
    {
        var noControl = Good.Replace("A,e2,0,200,70\n", "");
        var r = Fit(noControl, out var outDir, "--pe", "fix");
        AssertUserError(r, outDir, "counts.csv:6", "field 'dose_gy'", "experiment 'e2'", "no 0-Gy control", "--pe fit");
    }

    [Fact]
    public void Single_experiment_with_fewer_doses_than_parameters()
    {
        var r = Fit("line,experiment,dose_gy,cells_seeded,colonies\nA,e1,0,200,80\nA,e1,0,200,78\nA,e1,4,1000,70\nA,e1,4,1000,65\n", out var outDir);
        AssertUserError(r, outDir, "counts.csv:2", "field 'dose_gy'", "A (1 experiment) has 2 distinct doses (0 Gy, 4 Gy)", "at least 3 distinct doses");
    }

    [Fact]
    public void Zero_colonies_cannot_be_log_transformed_for_least_squares()
    {
        var r = Fit(Good.Replace("A,e2,6,4000,50", "A,e2,6,4000,0"), out var outDir, "--method", "ls");
        AssertUserError(r, outDir, "counts.csv:9", "field 'colonies'", "0 colonies", "--method ml");
    }

    [Fact]
    public void Missing_column_and_bad_options_are_named()
    {
        var r = Fit(Good.Replace("colonies", "colonys"), out var outDir);
        AssertUserError(r, outDir, "no column for the number of colonies", "'colonys'");
        r = Fit(Good, out outDir, "--method", "glm");
        AssertUserError(r, outDir, "field '--method'", "'glm'", "one of ml, ls, franken");
        r = Fit(Good, out outDir, "--reference", "B");
        AssertUserError(r, outDir, "field '--reference'", "no curve has the level 'B'");
        r = Fit(Good.Replace("A,e1,4,1000,70", "A,e1,4,1000,seventy"), out outDir);
        AssertUserError(r, outDir, "counts.csv:4:5", "'seventy'");
        r = Fit(Good.Replace("A,e1,4,1000,70", "A,e1,-4,1000,70"), out outDir);
        AssertUserError(r, outDir, "counts.csv:4:3", "dose in Gy, ≥ 0");
    }
}
