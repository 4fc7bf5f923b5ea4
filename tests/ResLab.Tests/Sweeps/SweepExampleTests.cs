using System.Diagnostics;
using ResLab.Tests.Cli;
using ResLab.Tests.Support;

namespace ResLab.Tests.Sweeps;

/// <summary>Each shipped example sweep runs in under a minute, and its report has the plots of every metric.</summary>
public class SweepExampleTests
{
    [Theory]
    [InlineData("escalation-factor")]
    [InlineData("keap1-rate-by-dose")]
    [InlineData("radiation-lhs")]
    [InlineData("experiment-escalation")]
    public void The_example_runs_in_under_a_minute_and_reports(string name)
    {
        var dir = CliRunner.TempDir();
        var file = Path.Combine(CliRunner.RepoRoot, "examples", "sweeps", name + ".yaml");
        var store = Path.Combine(dir, "store.duckdb");
        var clock = Stopwatch.StartNew();
        var r = CliRunner.Run("sweep", "run", file, "--out", store);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(clock.Elapsed.TotalSeconds < 60, $"{name} took {clock.Elapsed.TotalSeconds:0} s");
        var def = ResLab.Sweeps.SweepReader.Load(file);
        Assert.Equal(def.TotalReplicates, SweepFixtures.Rows(store).Count);
        var rep = CliRunner.Run("sweep", "report", store, "--out", Path.Combine(dir, "report"));
        Assert.True(rep.ExitCode == 0, rep.Err);
        var html = File.ReadAllText(Path.Combine(dir, "report", "report.html"));
        foreach (var m in def.Metrics)
        {
            Assert.Contains($">{m.Name}</h2>", html);
            Assert.True(File.Exists(Path.Combine(dir, "report", "plots", m.Name + "-distribution.png")));
            if (def.Parameters.Count > 0) Assert.True(File.Exists(Path.Combine(dir, "report", "plots", m.Name + "-curve.png")));
        }
        var summary = ResLab.Storage.TidyTable.Read(Path.Combine(dir, "report", "summary.csv"));
        Assert.Equal(def.Points.Count, summary.RowCount);
    }

    [SkippableFact]
    public void The_report_loads_in_headless_chromium_with_every_figure_drawn()
    {
        Skip.If(HeadlessChromium.Executable is null, HeadlessChromium.SkipReason);
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var store = Path.Combine(dir, "s.duckdb");
        Assert.Equal(0, CliRunner.Run("sweep", "run", file, "--out", store).ExitCode);
        var r = CliRunner.Run("sweep", "report", store, "--out", Path.Combine(dir, "report"), "--metrics", "final_cells,extinct");
        Assert.True(r.ExitCode == 0, r.Err);
        var page = HeadlessChromium.Open(Path.Combine(dir, "report", "report.html"));
        Assert.Equal("Sweep tiny", page.Title);
        Assert.Empty(page.Errors);
        Assert.Equal(6, page.Figures.Count); // curve, surface and distribution of each metric
        Assert.All(page.Figures, f => Assert.True(f.Width > 100 && f.Height > 100, $"{f.Kind} is {f.Width}x{f.Height}"));
        var unknown = CliRunner.Run("sweep", "report", store, "--out", Path.Combine(dir, "r2"), "--metrics", "final_cell");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean 'final_cells'?", unknown.Err);
    }
}
