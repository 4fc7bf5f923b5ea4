using ResLab.Storage;

namespace ResLab.Tests.Cli;

/// <summary>`reslab assay KIND`: the files it writes are read unchanged by the analysis commands.</summary>
public class AssayCommandTests
{
    [Fact]
    public void Mtt_plate_is_read_by_dose_response_fit_and_gives_a_resistance_index_near_one_for_two_parental_wells()
    {
        var root = CliRunner.TempDir();
        var a = CliRunner.Run("assay", "mtt", "--line", "CAL27", "--line", "FaDu", "--exposure", "48h,72h", "--seed", "4", "--out", Path.Combine(root, "mtt"));
        Assert.True(a.ExitCode == 0, a.Err);
        var f = CliRunner.Run("dose-response", "fit", Path.Combine(root, "mtt", "plate2_72h.csv"), "--layout", Path.Combine(root, "mtt", "plate2_72h_layout.csv"), "--reference", "CAL27", "--out", Path.Combine(root, "fit"));
        Assert.True(f.ExitCode == 0, f.Err);
        var ratios = TidyTable.Read(Path.Combine(root, "fit", "ratios.csv"));
        Assert.InRange(ratios.Number(0, ratios.Require("ratio")), 0.7, 1.4); // CAL27 and FaDu share the catalogue's pharmacology defaults
        var gr = CliRunner.Run("gr", "fit", Path.Combine(root, "mtt", "cell_counts.csv"), "--out", Path.Combine(root, "gr"));
        Assert.True(gr.ExitCode == 0, gr.Err);
    }

    [Fact]
    public void Clonogenic_counts_are_read_by_clonogenic_fit()
    {
        var root = CliRunner.TempDir();
        var a = CliRunner.Run("assay", "clonogenic", "--line", "CAL27", "--doses", "0,1,2,4,6,8 Gy", "--out", Path.Combine(root, "c"));
        Assert.True(a.ExitCode == 0, a.Err);
        var f = CliRunner.Run("clonogenic", "fit", Path.Combine(root, "c", "clonogenic.csv"), "--out", Path.Combine(root, "fit"));
        Assert.True(f.ExitCode == 0, f.Err);
        Assert.Contains("SF2", f.Out);
    }

    [Fact]
    public void Drug_clonogenic_surviving_fractions_are_read_by_dose_response_fit()
    {
        var root = CliRunner.TempDir();
        var a = CliRunner.Run("assay", "clonogenic", "--line", "CAL27", "--line", "FaDu", "--concentrations", "0.3,1,3,10,30 uM", "--treat-for", "24h", "--out", Path.Combine(root, "c"));
        Assert.True(a.ExitCode == 0, a.Err);
        Assert.Contains("surviving_fraction.csv", a.Out);
        var f = CliRunner.Run("dose-response", "fit", Path.Combine(root, "c", "surviving_fraction.csv"), "--reference", "CAL27", "--plots", "none", "--out", Path.Combine(root, "fit"));
        Assert.True(f.ExitCode == 0, f.Err);
        var fits = TidyTable.Read(Path.Combine(root, "fit", "fits.csv"));
        Assert.Equal(2, fits.RowCount);
    }

    [Fact]
    public void Clonogenic_with_both_doses_and_concentrations_is_a_user_error()
    {
        var dir = Path.Combine(CliRunner.TempDir(), "x");
        var r = CliRunner.Run("assay", "clonogenic", "--line", "CAL27", "--doses", "0,2 Gy", "--concentrations", "1,10 uM", "--out", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not both", r.Err);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData("mtx", "did you mean 'mtt'")]
    public void Unknown_kind_is_a_user_error(string kind, string hint)
    {
        var r = CliRunner.Run("assay", kind, "--line", "CAL27", "--out", Path.Combine(CliRunner.TempDir(), "x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(hint, r.Err);
    }

    [Fact]
    public void Unknown_line_and_bad_co_treatment_are_user_errors()
    {
        var r = CliRunner.Run("assay", "gsh", "--line", "CAL72", "--out", Path.Combine(CliRunner.TempDir(), "x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("CAL72", r.Err);
        r = CliRunner.Run("assay", "mtt", "--line", "CAL27", "--with", "telaglenastat=1Gy", "--out", Path.Combine(CliRunner.TempDir(), "x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--with", r.Err);
    }
}
