using System.Globalization;
using ResLab.Storage;

namespace ResLab.Tests.Cli;

/// <summary>`reslab dose-response fit` and `reslab gr fit`: the shipped examples, the output contract and bad input.</summary>
public class DoseResponseCommandTests
{
    private static string Example(string file) => Path.Combine(CliRunner.RepoRoot, "examples", "dose-response", file);

    private static TidyTable Csv(string path) => TidyTable.Read(path);

    [Fact]
    public void Tidy_example_writes_the_contracted_files_and_columns()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("dose-response", "fit", Example("cisplatin_parental_vs_resistant.csv"), "--group-by", "line", "--reference", "parental", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var fits = Csv(Path.Combine(outDir, "fits.csv"));
        Assert.Equal(new[] { "line", "model", "converged", "b", "b_se", "c", "c_se", "d", "d_se", "e", "e_se", "f", "f_se", "ic50", "ic50_lower", "ic50_upper", "ic50_flag", "rss", "df", "aic" }, fits.Columns);
        Assert.Equal(2, fits.RowCount);
        var ratios = Csv(Path.Combine(outDir, "ratios.csv"));
        Assert.Equal(new[] { "line", "reference", "ratio", "ratio_lower", "ratio_upper", "p_value" }, ratios.Columns);
        Assert.Equal("resistant", ratios.Cell(0, 0));
        // The simulated resistant line has IC50 16 vs 4 µM (RI 4): the estimate's CI must contain it and exclude 1.
        double ratio = ratios.Number(0, 2), lo = ratios.Number(0, 3), hi = ratios.Number(0, 4);
        Assert.True(lo < 4 && 4 < hi && lo > 1, $"RI {ratio} ({lo}–{hi})");
        Assert.True(ratios.Number(0, 5) < 0.01);
        foreach (var f in new[] { "effective_doses.csv", "curve_metrics.csv", "report.html", "plots/all_curves.png", "plots/all_curves.svg" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void Plate_example_normalises_and_reports_plate_qc()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("dose-response", "fit", Example("plate_cisplatin_mtt.csv"), "--layout", Example("plate_cisplatin_layout.csv"), "--reference", "parental", "--ci", "prism", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var qc = Csv(Path.Combine(outDir, "plate_qc.csv"));
        Assert.True(qc.Number(0, qc.Require("z_prime")) > 0.5);
        var fits = Csv(Path.Combine(outDir, "fits.csv"));
        Assert.Equal(new[] { "line", "drug" }, fits.Columns.Take(2));
        // Normalised to vehicle = 100 %: the fitted top is near 100.
        for (int i = 0; i < fits.RowCount; i++) Assert.InRange(fits.Number(i, fits.Require("d")), 90, 110);
        var eds = Csv(Path.Combine(outDir, "effective_doses.csv"));
        Assert.Contains("log-delta", eds.TextColumn(eds.Require("ci_method")));
    }

    [Fact]
    public void Gr_example_writes_GRmetrics_columns()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("gr", "fit", Example("gr_cisplatin_caseA.csv"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var m = Csv(Path.Combine(outDir, "gr_metrics.csv"));
        foreach (var c in new[] { "GR50", "GRmax", "GR_AOC", "GEC50", "GRinf", "h_GR", "r2_GR", "pval_GR", "IC50", "Emax", "AUC" }) m.Require(c);
        Assert.Equal(2, m.RowCount);
        // Simulated with GEC50 3 and 15 µM: recovered within 25 %.
        Assert.InRange(m.Number(0, m.Require("GEC50")), 3 * 0.75, 3 * 1.25);
        Assert.InRange(m.Number(1, m.Require("GEC50")), 15 * 0.75, 15 * 1.25);
        Assert.True(File.Exists(Path.Combine(outDir, "gr_values.csv")));
    }

    [Fact]
    public void Gr_fixture_through_the_command_matches_GRmetrics_values_exactly()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "out");
        var input = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gr_metrics", "GR_inputCaseA.csv");
        var r = CliRunner.Run("gr", "fit", input, "--group-by", "cell_line,treatment,time", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var ours = Csv(Path.Combine(outDir, "gr_values.csv"));
        var theirs = Csv(Path.Combine(AppContext.BaseDirectory, "Fixtures", "gr_metrics", "GR_values.csv"));
        Assert.Equal(theirs.Columns, ours.Columns);
        for (int i = 0; i < theirs.RowCount; i++)
            for (int c = 0; c < theirs.Columns.Count; c++)
            {
                var a = theirs.Cell(i, c);
                var b = ours.Cell(i, c);
                if (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                    Assert.True(Math.Abs(x - ours.Number(i, c)) <= 1e-13 * Math.Abs(x), $"row {i + 1} {theirs.Columns[c]}: {a} vs {b}");
                else Assert.Equal(a, b);
            }
    }

    [Fact]
    public void Outputs_are_bit_identical_for_any_thread_count()
    {
        var dir = CliRunner.TempDir();
        var input = Path.Combine(dir, "many.csv");
        var sb = new System.Text.StringBuilder("curve,dose,response\n");
        var rng = new Random(4);
        for (int c = 0; c < 200; c++)
        {
            double e = Math.Exp(rng.NextDouble() * 4 - 2);
            foreach (var x in new[] { 0, 0.03, 0.1, 0.3, 1, 3, 10, 30 })
                for (int r = 0; r < 3; r++)
                    sb.Append(CultureInfo.InvariantCulture, $"k{c},{x},{(x == 0 ? 100 : 100 / (1 + Math.Pow(x / e, 1.2))) + 6 * (rng.NextDouble() - 0.5):F3}\n");
        }
        File.WriteAllText(input, sb.ToString());
        var one = CliRunner.Run("dose-response", "fit", input, "--threads", "1", "--out", Path.Combine(dir, "t1"));
        var all = CliRunner.Run("dose-response", "fit", input, "--out", Path.Combine(dir, "tn"));
        Assert.True(one.ExitCode == 0 && all.ExitCode == 0, one.Err + all.Err);
        foreach (var f in new[] { "fits.csv", "effective_doses.csv", "curve_metrics.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "t1", f)), File.ReadAllBytes(Path.Combine(dir, "tn", f)));
    }

    // ------------------------------------------------------------------ bad input: exit 2, located message, no output

    private static void AssertUserError(CliRunner.Result r, string outDir, params string[] fragments)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Err}");
        Assert.StartsWith("error:", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        foreach (var f in fragments) Assert.Contains(f, r.Err);
        Assert.False(Directory.Exists(outDir), "the output directory must not exist after a failed run");
        var parent = Path.GetDirectoryName(outDir)!;
        Assert.DoesNotContain(Directory.GetDirectories(parent), d => Path.GetFileName(d).StartsWith(".out"));
    }

    private static (string Dir, string Out) Case(string name, string content)
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, name), content);
        return (dir, Path.Combine(dir, "out"));
    }

    private static CliRunner.Result Fit(string dir, string file, string outDir, params string[] extra) =>
        CliRunner.Run(new[] { "dose-response", "fit", Path.Combine(dir, file), "--out", outDir }.Concat(extra).ToArray());

    private const string Good = "dose,response\n0,100\n0,98\n1,95\n1,93\n3,80\n3,78\n10,50\n10,52\n30,20\n30,22\n100,5\n100,6\n";

    [Fact]
    public void Empty_file()
    {
        var (dir, outDir) = Case("empty.csv", "");
        AssertUserError(Fit(dir, "empty.csv", outDir), outDir, "empty.csv", "empty");
    }

    [Fact]
    public void Misspelt_column_suggests_the_nearest_name()
    {
        var (dir, outDir) = Case("d.csv", Good.Replace("response", "viability"));
        AssertUserError(Fit(dir, "d.csv", outDir, "--response", "viabilty"), outDir, "d.csv", "viabilty", "did you mean 'viability'");
        var (dir2, out2) = Case("d.csv", Good.Replace("response", "absorbnce"));
        AssertUserError(Fit(dir2, "d.csv", out2), out2, "no response column", "absorbnce");
    }

    [Fact]
    public void Non_numeric_cell_names_line_and_column()
    {
        var (dir, outDir) = Case("d.csv", Good.Replace("3,80", "3,eighty"));
        AssertUserError(Fit(dir, "d.csv", outDir), outDir, "d.csv:6:2", "field 'response'", "'eighty'");
        var (dir2, out2) = Case("d.csv", Good.Replace("3,80", "3,\"80,5\""));
        AssertUserError(Fit(dir2, "d.csv", out2), out2, "decimal separator");
    }

    [Theory]
    [InlineData("-1", "'-1'")]
    [InlineData("NaN", "'NaN'")]
    [InlineData("NA", "empty or NA")]
    public void Negative_or_missing_dose(string cell, string fragment)
    {
        var (dir, outDir) = Case("d.csv", Good.Replace("10,50", cell + ",50"));
        AssertUserError(Fit(dir, "d.csv", outDir), outDir, "d.csv:8:1", "field 'dose'", fragment, "dose ≥ 0");
    }

    [Fact]
    public void Fewer_distinct_doses_than_parameters()
    {
        var (dir, outDir) = Case("d.csv", "dose,response\n0,100\n0,99\n1,60\n1,62\n10,20\n10,21\n");
        AssertUserError(Fit(dir, "d.csv", outDir), outDir, "d.csv", "3 distinct doses for 4 parameters");
    }

    [Fact]
    public void All_identical_responses()
    {
        var (dir, outDir) = Case("d.csv", "dose,response\n0,50\n1,50\n3,50\n10,50\n30,50\n100,50\n");
        AssertUserError(Fit(dir, "d.csv", outDir), outDir, "d.csv", "all responses are identical");
    }

    [Fact]
    public void Duplicated_wells()
    {
        var (dir, outDir) = Case("d.csv", "well,dose,response\nA1,0,100\nA2,1,95\nA3,3,80\nA2,10,50\nA5,30,20\nA6,100,5\n");
        AssertUserError(Fit(dir, "d.csv", outDir), outDir, "d.csv", "well 'A2'", "lines 3 and 5");
    }

    [Fact]
    public void Layout_that_does_not_match_the_plate()
    {
        var dir = CliRunner.TempDir();
        File.Copy(Example("plate_cisplatin_mtt.csv"), Path.Combine(dir, "plate.csv"));
        File.WriteAllText(Path.Combine(dir, "layout.csv"), File.ReadAllText(Example("plate_cisplatin_layout.csv")) + "H13,treated,parental,cisplatin,5\n");
        var outDir = Path.Combine(dir, "out");
        AssertUserError(Fit(dir, "plate.csv", outDir, "--layout", Path.Combine(dir, "layout.csv")), outDir, "layout.csv:98", "H13", "outside the 8 × 12 plate");
        File.WriteAllText(Path.Combine(dir, "plate7.csv"), string.Join("\n", File.ReadAllLines(Example("plate_cisplatin_mtt.csv")).Take(9)) + "\n");
        AssertUserError(Fit(dir, "plate7.csv", outDir, "--layout", Example("plate_cisplatin_layout.csv")), outDir, "plate7.csv", "7 rows");
    }

    [Fact]
    public void Bad_options()
    {
        var (dir, outDir) = Case("d.csv", Good);
        AssertUserError(Fit(dir, "d.csv", outDir, "--model", "LL.7"), outDir, "--model", "LL.4");
        AssertUserError(Fit(dir, "d.csv", outDir, "--ci", "profil"), outDir, "did you mean 'profile'");
        AssertUserError(Fit(dir, "d.csv", outDir, "--reference", "parental"), outDir, "--reference", "parental");
        AssertUserError(CliRunner.Run("dose-response", "fit", Path.Combine(dir, "missing.csv"), "--out", outDir), outDir, "missing.csv", "not found");
    }

    [Fact]
    public void A_failed_curve_is_a_row_with_its_reason_and_the_batch_completes()
    {
        var bad = "curve,dose,response\n" + string.Join("", Good.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => "good," + l + "\n"))
                  + "short,0,100\nshort,1,60\nshort,10,20\nshort,0,99\nshort,1,61\nshort,10,21\n" + "flat,0,50\nflat,1,51\nflat,3,49\nflat,10,50\nflat,30,51\nflat,100,49\nflat,0,50\nflat,10,51\n";
        var (dir, outDir) = Case("d.csv", bad);
        var r = Fit(dir, "d.csv", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("not fitted", r.Err);
        var fits = Csv(Path.Combine(outDir, "fits.csv"));
        Assert.Equal(new[] { "good", "short", "flat" }, fits.TextColumn(0));
        int flag = fits.Require("ic50_flag"), conv = fits.Require("converged"), ic50 = fits.Require("ic50");
        Assert.Equal("TRUE", fits.Cell(0, conv));
        Assert.Equal("", fits.Cell(0, flag));
        Assert.Equal("FALSE", fits.Cell(1, conv));
        Assert.StartsWith("failed: ", fits.Cell(1, flag));
        Assert.Contains("distinct doses", fits.Cell(1, flag));
        Assert.StartsWith("flat", fits.Cell(2, flag));
        Assert.Equal("NA", fits.Cell(2, ic50));
    }

    [Fact]
    public void Ic50_beyond_the_tested_doses_is_flagged_not_extrapolated()
    {
        // A curve that only starts to fall at the top dose: the fitted ED50 lies above 10.
        var text = "dose,response\n0,100\n0,101\n0.1,100\n0.1,99\n0.3,99\n0.3,100\n1,98\n1,99\n3,95\n3,94\n10,85\n10,86\n";
        var (dir, outDir) = Case("d.csv", text);
        var r = Fit(dir, "d.csv", outDir, "--model", "LL.3");
        Assert.True(r.ExitCode == 0, r.Err);
        var fits = Csv(Path.Combine(outDir, "fits.csv"));
        Assert.Equal("> max dose", fits.Cell(0, fits.Require("ic50_flag")));
        Assert.Equal(10, fits.Number(0, fits.Require("ic50")));
        Assert.True(fits.Number(0, fits.Require("e")) > 10);
    }

    /// <summary>
    /// A real 100 MB input, generated in the test's temp dir (2,300 curves of 2,000 wells) and streamed: only the
    /// dose, response and key of each row are kept, so memory stays far below the file's text size. ~10 s.
    /// </summary>
    [Fact]
    public void A_100_MB_file_is_streamed_and_fitted()
    {
        var dir = CliRunner.TempDir();
        var path = Path.Combine(dir, "big.csv");
        var rng = new Random(3);
        double[] doses = [0, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];
        int curves = 0;
        using (var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20))
        {
            w.Write("curve,dose,response\n");
            var sb = new System.Text.StringBuilder();
            while (w.BaseStream.Length < 100L * 1024 * 1024)
            {
                double e = Math.Exp(rng.NextDouble() * 4 - 2);
                sb.Clear();
                for (int r = 0; r < 200; r++)
                    foreach (var x in doses)
                    {
                        double mu = x == 0 ? 100 : 5 + 95 / (1 + Math.Exp(1.3 * (Math.Log(x) - Math.Log(e))));
                        double y = mu + 5 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5);
                        sb.Append("curve").Append(curves.ToString("D6", CultureInfo.InvariantCulture)).Append(',')
                          .Append(x.ToString(CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("F3", CultureInfo.InvariantCulture)).Append('\n');
                    }
                w.Write(sb);
                w.Flush();
                curves++;
            }
        }
        Assert.True(new FileInfo(path).Length >= 100L * 1024 * 1024);
        var outDir = Path.Combine(dir, "out");
        var res = CliRunner.Run("dose-response", "fit", path, "--plots", "none", "--out", outDir);
        File.Delete(path);
        Assert.True(res.ExitCode == 0, res.Err);
        var fits = Csv(Path.Combine(outDir, "fits.csv"));
        Assert.Equal(curves, fits.RowCount);
        Assert.All(fits.TextColumn(fits.Require("converged")), c => Assert.Equal("TRUE", c));
    }
}
