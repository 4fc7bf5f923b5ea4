namespace ResLab.Tests.Cli;

public class SimulateCommandTests
{
    [Fact]
    public void Simulate_writes_the_output_contract()
    {
        var dir = Path.Combine(CliRunner.TempDir(), "sim");
        var r = CliRunner.Run("simulate", Path.Combine(CliRunner.RepoRoot, "examples/protocols/crt-cisplatin-10uM-then-25x8Gy.yaml"), "--seed", "5", "--replicates", "2",
            "--scale", "0.01", "--time-scale", "0.2", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var f in new[] { "timeseries.csv", "clones.csv", "events.csv", "run.json", "report.html", "plots/population.png", "plots/muller.svg", "plots/traits.png" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        var header = File.ReadLines(Path.Combine(dir, "timeseries.csv")).First();
        Assert.StartsWith("replicate,time_h,cells_total,cycling,quiescent,persister,doomed,confluence,cisplatin_uM,dose_gy_cumulative,clones_alive", header);
        Assert.StartsWith("replicate,clone_id,parent_id,born_h", File.ReadLines(Path.Combine(dir, "clones.csv")).First());
        var run = File.ReadAllText(Path.Combine(dir, "run.json"));
        Assert.Contains("\"seed\": 5", run);
        Assert.Contains("input_sha256", run);
        Assert.Contains("reslab_version", run);
        Assert.True(Directory.GetFiles(Path.Combine(dir, "snapshots")).Length >= 2);
        CloneSizesAgreeWithTheSeries(dir);
    }

    // clone_sizes.csv (the Muller plot's data) must add up to no more than the recorded population at every time point and
    // account for nearly all of it (clones under 10^-4 of the cells are left out, so at most 10^-4 x clones_alive is missing).
    private static void CloneSizesAgreeWithTheSeries(string dir)
    {
        var totals = new Dictionary<(string, string), (double Cells, double Clones)>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "timeseries.csv")).Skip(1))
        {
            var f = line.Split(',');
            totals[(f[0], f[1])] = (double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), double.Parse(f[10], System.Globalization.CultureInfo.InvariantCulture));
        }
        var sums = new Dictionary<(string, string), double>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "clone_sizes.csv")).Skip(1))
        {
            var f = line.Split(',');
            sums[(f[0], f[1])] = sums.GetValueOrDefault((f[0], f[1])) + double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.NotEmpty(sums);
        foreach (var (key, (cells, clones)) in totals)
        {
            if (cells == 0) continue;
            double sum = sums.GetValueOrDefault(key);
            Assert.True(sum <= cells, $"{key}: clone sizes {sum} > cells {cells}");
            Assert.True(sum >= cells * (1 - 1e-4 * clones), $"{key}: clone sizes {sum} of {cells} cells");
        }
    }

    [Fact]
    public void Bad_protocols_exit_2_without_output()
    {
        var dir = CliRunner.TempDir();
        var p = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(p, "cell_line: FaDu\nflask: { capacity: 1e6 cells, seeding: 1e5 cells }\nduration: 5 days\nschedule:\n  - at: 0 h\n    irradiate: 25 uM\n");
        var r = CliRunner.Run("simulate", p, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.yaml:6", r.Err);
        Assert.Contains("radiation dose", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Catalogue_lists_and_shows_with_sources()
    {
        var l = CliRunner.Run("catalogue", "list");
        Assert.Equal(0, l.ExitCode);
        foreach (var n in new[] { "CAL27", "CAL33", "FaDu", "SCC-25", "Detroit 562", "SCC-4", "UM-SCC-1", "HNSCC-generic", "cisplatin", "telaglenastat", "BSO", "auranofin", "ML385" })
            Assert.Contains(n, l.Out);
        var s = CliRunner.Run("catalogue", "show", "FaDu");
        Assert.Contains("p.Arg248Leu", s.Out);
        Assert.Contains("Cellosaurus CVCL_1218", s.Out);
        var d = CliRunner.Run("catalogue", "show", "cisplatin");
        Assert.Contains("300.05", d.Out);
        var bad = CliRunner.Run("catalogue", "show", "CAL72");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("did you mean 'CAL27'", bad.Err);
        Assert.Contains("Dabrowiak", CliRunner.Run("catalogue", "show", "parameters").Out);
    }
}
